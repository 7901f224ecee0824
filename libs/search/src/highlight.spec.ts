import { escapeHtml, HEADLINE_START as S, HEADLINE_STOP as E, highlightOnto, parseHeadline, toHtml } from './highlight';

describe('parseHeadline', () => {
  it('gives the plain text, the ranges of the matched words and escaped HTML with <mark> only', () => {
    expect(parseHeadline(`L'${S}École${E} <b>est</b> & "fermée"`)).toEqual({
      text: 'L\'École <b>est</b> & "fermée"',
      highlights: [{ start: 2, length: 5 }],
      html: 'L&#39;<mark>École</mark> &lt;b&gt;est&lt;/b&gt; &amp; &quot;fermée&quot;',
    });
  });

  it('never lets a member\'s text become markup, even inside a matched word', () => {
    const parsed = parseHeadline(`${S}<script>alert(1)</script>${E}`);
    expect(parsed.html).toBe('<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>');
    expect(parsed.html).not.toMatch(/<(?!\/?mark>)/);
  });

  it('collapses blanks and keeps the ranges right', () => {
    const parsed = parseHeadline(`  Le   texte\nsur deux lignes avec ${S}école${E}  `);
    expect(parsed.text).toBe('Le texte sur deux lignes avec école');
    expect(parsed.highlights).toEqual([{ start: 30, length: 5 }]);
    expect(parsed.text.slice(30, 35)).toBe('école');
  });

  it('marks several words of a phrase', () => {
    const parsed = parseHeadline(`${S}musée${E} d'${S}histoire${E} naturelle`);
    expect(parsed.highlights.map((r) => parsed.text.slice(r.start, r.start + r.length))).toEqual(['musée', 'histoire']);
  });

  it('cuts a long passage with "…", never inside a character, and drops ranges past the cut', () => {
    const parsed = parseHeadline(`${'😀'.repeat(6)} ${S}loin${E}`, 7);
    expect(parsed.text).toBe('😀😀😀…');
    expect(parsed.highlights).toEqual([]);
    const partial = parseHeadline(`abc ${S}defgh${E}`, 6);
    expect(partial).toEqual({ text: 'abc de…', highlights: [{ start: 4, length: 2 }], html: 'abc <mark>de</mark>…' });
  });

  it('ignores unbalanced or empty markers', () => {
    expect(parseHeadline(`${E}a ${S}${E}b ${S}c`)).toEqual({ text: 'a b c', highlights: [{ start: 4, length: 1 }], html: 'a b <mark>c</mark>' });
  });
});

describe('toHtml and escapeHtml', () => {
  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('skips overlapping ranges', () => {
    expect(toHtml('abcdef', [{ start: 3, length: 2 }, { start: 0, length: 4 }])).toBe('<mark>abcd</mark>ef');
  });
});

describe('highlightOnto', () => {
  it('puts the marks of a same-length variant back onto the original file name', () => {
    expect(highlightOnto('photos_école.jpg', `photos ${S}école${E} jpg`)).toEqual({
      text: 'photos_école.jpg', highlights: [{ start: 7, length: 5 }], html: 'photos_<mark>école</mark>.jpg',
    });
  });

  it('shows the original without marks when the headline is not a same-length variant', () => {
    expect(highlightOnto('a_b', `${S}a${E} b c`)).toEqual({ text: 'a_b', highlights: [], html: 'a_b' });
  });

  it('drops stray markers from the original', () => {
    expect(highlightOnto(`a${S}b`, 'a b')).toEqual({ text: 'ab', highlights: [], html: 'ab' });
  });
});
