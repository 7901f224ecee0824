import { imageDocumentId, imageIdsOf, imageRefusal } from './post-images.js';
import { checkRichText, richTextToPlain, sanitizePostHtml, sanitizeRichText } from './rich-text.js';

const ID = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
const thumb = `/documents/${ID}/content?taille=vignette`;
const canonical = (alt: string) =>
  `<a href="/documents/${ID}/content?apercu=1" rel="noopener noreferrer nofollow"><img src="${thumb}" alt="${alt}" /></a>`;

describe('images in posts', () => {
  it.each([
    `/documents/${ID}/content`, `/documents/${ID}/content?taille=vignette`, `/documents/${ID}/content?apercu=1`,
  ])('accepts the hub document address %s', (src) => {
    expect(imageDocumentId(src)).toBe(ID);
  });

  it.each([
    ['an external host', `https://evil.example/documents/${ID}/content`],
    ['the hub written absolutely', `http://localhost/documents/${ID}/content`],
    ['protocol-relative', `//evil.example/documents/${ID}/content`],
    ['data:', 'data:image/png;base64,iVBORw0KGgo='],
    ['javascript:', 'javascript:alert(1)'],
    ['a path trick', `/documents/${ID}/../../admin/content`],
    ['a dot segment', `/documents/./${ID}/content`],
    ['an encoded slash', `/documents/${ID}%2Fcontent`],
    ['an encoded dot', `/documents/%2e%2e/${ID}/content`],
    ['a backslash', `/\\evil.example/documents/${ID}/content`],
    ['another query', `/documents/${ID}/content?taille=originale`],
    ['an extra query', `/documents/${ID}/content?taille=vignette&x=1`],
    ['an upper-case id', `/documents/${ID.toUpperCase()}/content`],
    ['not a uuid', '/documents/abc/content'],
    ['another route', `/spaces/${ID}/documents`],
  ])('refuses %s', (_what, src) => {
    expect(imageDocumentId(src)).toBeNull();
    const check = checkRichText(`<p>Regarde</p><img src="${src}" alt="Un chat">`, 'Le message', { images: true });
    expect(check).toMatchObject({ valid: false, code: 'IMAGE_SOURCE_REFUSED' });
  });

  it('rewrites an image to the thumbnail linked to the full image, and keeps that form when sent back', () => {
    const first = sanitizePostHtml(`<p>Notre dessin</p><img src="/documents/${ID}/content" alt="  Un   chat roux " title="x" onerror="alert(1)" width="9">`);
    expect(first).toEqual({ html: `<p>Notre dessin</p>${canonical('Un chat roux')}`, ids: [ID], problems: [] });
    expect(sanitizePostHtml(first.html).html).toBe(first.html);
  });

  it('escapes the alt text', () => {
    expect(sanitizePostHtml(`<img src="${thumb}" alt='"><script>alert(1)</script>'>`).html)
      .toBe(canonical('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  it('refuses an image without alt text, speaking to a pupil with « tu »', () => {
    expect(checkRichText(`<img src="${thumb}">`, 'Le message', { images: true, address: 'TU' }))
      .toEqual({ valid: false, code: 'IMAGE_ALT_REQUIRED', reason: 'Décris chaque image en quelques mots (texte de remplacement).' });
    expect(checkRichText(`<img src="${thumb}" alt="   ">`, 'Le message', { images: true })).toMatchObject({ code: 'IMAGE_ALT_REQUIRED' });
    expect(checkRichText(`<img src="${thumb}" alt="${'a'.repeat(251)}">`, 'Le message', { images: true })).toMatchObject({ code: 'IMAGE_ALT_TOO_LONG' });
  });

  it('refuses an image inside a link with text, and more than ten images', () => {
    expect(checkRichText(`<p><a href="https://example.org">voir <img src="${thumb}" alt="x"></a></p>`, 'Le message', { images: true }))
      .toMatchObject({ code: 'IMAGE_IN_LINK' });
    const many = Array.from({ length: 11 }, (_, i) => `<img src="/documents/${ID.slice(0, -2)}${String(i).padStart(2, '0')}/content" alt="i${i}">`).join('');
    expect(checkRichText(many, 'Le message', { images: true })).toMatchObject({ valid: false, code: 'IMAGE_LIMIT' });
  });

  it('accepts a post that is only an image, and its plain text is its description', () => {
    const check = checkRichText(`<img src="${thumb}" alt="Un chat">`, 'Le message', { images: true });
    expect(check).toEqual({ valid: true, html: canonical('Un chat'), text: '[Image : Un chat]', imageIds: [ID] });
    expect(richTextToPlain(`<p>avant</p>${canonical('A &amp; B')}`)).toBe('avant\n[Image : A & B]');
    expect(imageIdsOf(canonical('x'))).toEqual([ID]);
  });

  it('drops images where they are not allowed (comments, announcements)', () => {
    expect(sanitizeRichText(`<p>a</p><img src="${thumb}" alt="x">`)).toBe('<p>a</p>');
    expect(checkRichText(`<p>a</p><img src="${thumb}" alt="x">`, 'Le commentaire')).toMatchObject({ valid: true, html: '<p>a</p>', imageIds: [] });
  });

  it('lets a post show a published image, or its author held upload only when the post is held too', () => {
    expect(imageRefusal(null, false)).toBe('NOT_FOUND');
    expect(imageRefusal({ mediaType: 'application/pdf', status: 'PUBLISHED' }, false)).toBe('NOT_AN_IMAGE');
    expect(imageRefusal({ mediaType: 'image/png', status: 'PUBLISHED' }, false)).toBeNull();
    expect(imageRefusal({ mediaType: 'image/png', status: 'PENDING' }, true)).toBeNull();
    expect(imageRefusal({ mediaType: 'image/png', status: 'PENDING' }, false)).toBe('PENDING');
    expect(imageRefusal({ mediaType: 'image/png', status: 'REJECTED' }, true)).toBe('NOT_FOUND');
  });
});
