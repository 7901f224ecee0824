import { checkRichText, MAX_RICH_TEXT_HTML, richTextToPlain, sanitizeRichText } from './rich-text.js';

describe('rich text sanitiser', () => {
  it('keeps the allowed tags', () => {
    const html = '<p>Bonjour <strong>les</strong> <em>6e</em><br>!</p><ul><li>un</li></ul><ol><li>deux</li></ol><blockquote>cité</blockquote>';
    expect(sanitizeRichText(html)).toBe(html.replace('<br>', '<br />'));
  });

  it('drops scripts, styles and their content, and event handlers', () => {
    expect(sanitizeRichText('<p onclick="steal()">Salut<script>alert(1)</script><style>p{}</style></p>')).toBe('<p>Salut</p>');
    expect(sanitizeRichText('<img src=x onerror=alert(1)>Coucou')).toBe('Coucou');
    expect(sanitizeRichText('<iframe src="https://evil.example">caché</iframe>ok')).toBe('ok');
    expect(sanitizeRichText('<svg><script>alert(1)</script></svg>ok')).toBe('ok');
  });

  it('keeps the text of tags outside the list, without the tags', () => {
    expect(sanitizeRichText('<h1>Titre</h1><div><span style="color:red">rouge</span></div>')).toBe('Titrerouge');
  });

  it('removes every attribute but a link address', () => {
    expect(sanitizeRichText('<p class="x" style="color:red" id="y">t</p>')).toBe('<p>t</p>');
    expect(sanitizeRichText('<strong title="z">t</strong>')).toBe('<strong>t</strong>');
  });

  it.each([
    ['https://www.education.gouv.fr/', 'https://www.education.gouv.fr/'],
    ['http://example.org/a?b=c&d=e', 'http://example.org/a?b=c&amp;d=e'],
    ['mailto:prof@ecole.fr', 'mailto:prof@ecole.fr'],
  ])('keeps the link %s with rel="noopener noreferrer nofollow"', (href, written) => {
    expect(sanitizeRichText(`<a href="${href}" target="_blank" rel="opener">lien</a>`))
      .toBe(`<a href="${written}" rel="noopener noreferrer nofollow">lien</a>`);
  });

  it.each([
    'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:msgbox', '//evil.example/x',
    'ftp://example.org/', 'java\tscript:alert(1)',
  ])('drops the address %s but keeps the text', (href) => {
    expect(sanitizeRichText(`<a href="${href}">clique</a>`)).toBe('<a rel="noopener noreferrer nofollow">clique</a>');
  });

  it('drops an empty link', () => {
    expect(sanitizeRichText('<a href="javascript:x"></a>texte')).toBe('texte');
  });

  it('gives the plain text, entities decoded', () => {
    expect(richTextToPlain('<p>Les <strong>CM2</strong> &amp; les 6e</p><p>lisent&nbsp;!</p>')).toBe('Les CM2 & les 6e\nlisent !');
  });

  it('refuses a text that says nothing once sanitised, in French', () => {
    expect(checkRichText('<p> <script>x</script> </p>', 'Le message')).toEqual({ valid: false, reason: 'Le message est vide.' });
    expect(checkRichText('', 'Le commentaire')).toEqual({ valid: false, reason: 'Le commentaire est vide.' });
  });

  it('refuses a text longer than the limit', () => {
    expect(checkRichText(`<p>${'a'.repeat(MAX_RICH_TEXT_HTML)}</p>`, 'Le message')).toEqual({ valid: false, reason: 'Le message est trop long.' });
    expect(checkRichText('x'.repeat(50_000), 'Le message')).toEqual({ valid: false, reason: 'Le message est trop long.' });
  });

  it('accepts a normal post and gives both forms', () => {
    expect(checkRichText('<p>On a lu <em>Le Petit Prince</em> !</p>', 'Le message'))
      .toEqual({ valid: true, html: '<p>On a lu <em>Le Petit Prince</em> !</p>', text: 'On a lu Le Petit Prince !', imageIds: [] });
  });

  it('refuses a NUL or another control character, typed or written as an HTML entity, in French', () => {
    expect(checkRichText('<p>Bonjour\u0000</p>', 'Le message')).toEqual({ valid: false,
      reason: 'Le message contient un caractère invisible non autorisé (U+0000).' });
    expect(checkRichText('Oui\u001b[2J', 'Le commentaire')).toEqual({ valid: false,
      reason: 'Le commentaire contient un caractère invisible non autorisé (U+001B).' });
    expect(checkRichText('Oui &#1; &#x1b;', 'Le commentaire')).toEqual({ valid: false,
      reason: 'Le commentaire contient un caractère invisible non autorisé (U+0001).' });
    expect(checkRichText('Oui\uD83D', 'Le commentaire')).toMatchObject({ valid: false });
    expect(checkRichText('<p>Oui\tbien\r\nsûr 😀</p>', 'Le message')).toMatchObject({ valid: true });
  });
});
