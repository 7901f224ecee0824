import { checkUai, isValidUai, normaliseUai, uaiCheckLetter, UAI_CHECK_LETTERS } from './uai.js';

describe('UAI', () => {
  it('accepts 0750001U, the example of the brief', () => {
    expect(checkUai('0750001U')).toEqual({ valid: true, uai: '0750001U' });
  });

  it.each([
    ['0750654D', 'lycée Henri-IV, Paris'],
    ['0750655E', 'lycée Louis-le-Grand, Paris'],
    ['0130001F', 'a Bouches-du-Rhône number'],
    ['0690001B', 'a Rhône number'],
    ['9710001Z', 'a Guadeloupe number'],
    ['6200034T', 'a Corse-du-Sud number (620 for 2A)'],
    ['7200001N', 'a Haute-Corse number (720 for 2B)'],
  ])('accepts %s (%s)', (uai) => {
    expect(isValidUai(uai)).toBe(true);
  });

  it('refuses 0750001A and says which letter was expected, in French', () => {
    expect(checkUai('0750001A')).toEqual({
      valid: false, uai: '0750001A', reason: "La lettre clé de l'UAI 0750001A devrait être U.",
    });
  });

  it('normalises spaces and case before checking', () => {
    expect(normaliseUai('  0750001u ')).toBe('0750001U');
    expect(checkUai('  0750001u ')).toEqual({ valid: true, uai: '0750001U' });
  });

  it('wraps around the 23 letters (0 → A, 22 → Z, 23 → A)', () => {
    expect(uaiCheckLetter('0000000')).toBe('A');
    expect(uaiCheckLetter('0000022')).toBe('Z');
    expect(uaiCheckLetter('0000023')).toBe('A');
  });

  it('never uses I, O or Q as a check letter', () => {
    expect(UAI_CHECK_LETTERS).toHaveLength(23);
    expect(UAI_CHECK_LETTERS).not.toMatch(/[IOQ]/);
  });

  it('refuses an empty UAI', () => {
    expect(checkUai('   ')).toMatchObject({ valid: false, reason: "L'UAI est obligatoire." });
  });

  it.each(['075000U', '07500011U', '0750001', '075O001U', '0750001-', 'ABCDEFGH'])('refuses the malformed %s', (raw) => {
    const result = checkUai(raw);
    expect(result.valid).toBe(false);
    expect(result).toMatchObject({ reason: expect.stringContaining("doit comporter 7 chiffres suivis d'une lettre clé") });
  });

  it('refuses a check letter outside the alphabet (I, O, Q)', () => {
    expect(checkUai('0750001I')).toMatchObject({ valid: false, reason: "La lettre clé de l'UAI 0750001I devrait être U." });
  });

  it('explains that Corsica writes 620/720 and suggests the right UAI', () => {
    expect(checkUai('2A0034T')).toEqual({
      valid: false, uai: '2A0034T',
      reason: "L'UAI 2A0034T doit s'écrire en chiffres : en Corse, 2A et 2B s'écrivent 620 et 720 (ici 6200034T).",
    });
    expect(checkUai('02b0001')).toMatchObject({ valid: false, reason: expect.stringContaining('(ici 7200001N)') });
  });

  it('does not echo a long input back in full', () => {
    const result = checkUai('x'.repeat(500));
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason.length).toBeLessThan(120);
  });

  it('refuses to compute a check letter for something that is not 7 digits', () => {
    expect(() => uaiCheckLetter('075000')).toThrow(RangeError);
  });
});
