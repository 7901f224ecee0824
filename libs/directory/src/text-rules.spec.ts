import { checkOptionalText, checkRequiredText } from './text-rules.js';

describe('free text', () => {
  it('trims what people type', () => {
    expect(checkRequiredText('  École Jean Jaurès ', 200, 'Le nom')).toEqual({ valid: true, value: 'École Jean Jaurès' });
  });

  it('refuses a blank value, in French', () => {
    expect(checkRequiredText(' \t ', 200, 'Le nom')).toEqual({ valid: false, reason: 'Le nom est obligatoire.' });
  });

  it('refuses a value longer than the column, counting characters as PostgreSQL does', () => {
    expect(checkRequiredText('é'.repeat(200), 200, 'Le nom')).toMatchObject({ valid: true });
    expect(checkRequiredText('😀'.repeat(100), 100, 'Le libellé')).toMatchObject({ valid: true });
    expect(checkRequiredText('a'.repeat(201), 200, 'Le nom'))
      .toEqual({ valid: false, reason: 'Le nom ne doit pas dépasser 200 caractères.' });
  });

  it('reads a blank optional value as none', () => {
    expect(checkOptionalText(undefined, 100, "L'académie")).toEqual({ valid: true, value: null });
    expect(checkOptionalText(null, 100, "L'académie")).toEqual({ valid: true, value: null });
    expect(checkOptionalText('  ', 100, "L'académie")).toEqual({ valid: true, value: null });
    expect(checkOptionalText(' Paris ', 100, "L'académie")).toEqual({ valid: true, value: 'Paris' });
    expect(checkOptionalText('x'.repeat(101), 100, "L'académie"))
      .toEqual({ valid: false, reason: "L'académie ne doit pas dépasser 100 caractères." });
  });

  it('refuses control characters (NUL and the other C0 controls but tab and line breaks, U+FFFE/U+FFFF, lone surrogates), in French', () => {
    for (const bad of ['\u0000', '\u0001', '\u001B', '\u007F', '\uFFFE', '\uFFFF', '\uD800', '\uDFFF']) {
      expect(checkRequiredText(`École${bad}`, 200, 'Le nom')).toEqual({ valid: false,
        reason: expect.stringMatching(/^Le nom contient un caractère invisible non autorisé \(U\+[0-9A-F]{4}\)\.$/) });
    }
    expect(checkRequiredText('\u0000', 200, 'Le nom')).toMatchObject({ valid: false });
    expect(checkOptionalText(' \u0000 ', 100, "L'académie")).toMatchObject({ valid: false });
    expect(checkRequiredText('Ligne 1\r\nLigne\t2 😀', 200, 'Le libellé')).toEqual({ valid: true, value: 'Ligne 1\r\nLigne\t2 😀' });
  });
});
