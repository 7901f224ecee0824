import sanitizeHtml from 'sanitize-html';
import { Address, forbiddenCharacterIn, forbiddenCharacterMessage, speak } from '@passerelle/errors';
import { imageDocumentId, imageMarkup, ImageProblem, MAX_IMAGE_ALT, MAX_POST_IMAGES, normaliseAlt } from './post-images.js';

/**
 * Rich text written by children and teachers: a strict allow-list, nothing else survives. Links keep only an
 * http(s) or mailto address and always get rel="noopener noreferrer nofollow"; scripts, styles, images, iframes,
 * attributes and event handlers are dropped. Posts (only them, `images: true`) may also show images that are documents
 * of their space (post-images.ts): the sanitiser keeps an <img> only with the hub's own document address and an alt
 * text, and rewrites it to one canonical form; the caller then checks the documents (same space, an image, visible).
 */

/** Longest sanitised HTML kept (the database refuses longer). */
export const MAX_RICH_TEXT_HTML = 20_000;
/** Longest input looked at: anything longer is refused before sanitising. */
export const MAX_RICH_TEXT_INPUT = 40_000;

export const ALLOWED_TAGS = ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'blockquote'] as const;
export const LINK_REL = 'noopener noreferrer nofollow';

const HTML_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Tags whose content is dropped with them (default list, plus a few that never carry readable text).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template'],
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: LINK_REL } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href && !frame.text.trim(),
};

/** The options for a post, with images: `problems` collects what was wrong with each <img>, `ids` the documents shown. */
function imageOptions(found: { ids: string[]; problems: ImageProblem[] }): sanitizeHtml.IOptions {
  return {
    ...HTML_OPTIONS,
    allowedTags: [...ALLOWED_TAGS, 'img'],
    allowedAttributes: { a: ['href', 'rel'], img: ['src', 'alt'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    transformTags: {
      ...HTML_OPTIONS.transformTags,
      img: (tagName, attribs) => {
        const id = imageDocumentId(attribs.src);
        if (!id) {
          found.problems.push('SOURCE');
          return { tagName, attribs: {} };
        }
        const alt = normaliseAlt(attribs.alt);
        if (!alt) found.problems.push('ALT');
        else if (Array.from(alt).length > MAX_IMAGE_ALT) found.problems.push('ALT_TOO_LONG');
        found.ids.push(id);
        return { tagName, attribs: imageMarkup(id, alt).img };
      },
    },
    exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href && !frame.text.trim()) || (frame.tag === 'img' && !frame.attribs.src),
  };
}

const TEXT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  nonTextTags: HTML_OPTIONS.nonTextTags,
};

export type RichTextCheck =
  | { readonly valid: true; readonly html: string; readonly text: string; readonly imageIds: readonly string[] }
  | { readonly valid: false; readonly reason: string; readonly code?: string };

export interface RichTextOptions {
  /** Images that are documents of the space (posts only); without it every <img> is dropped, as in comments. */
  readonly images?: boolean;
  /** Whom the refusals of images speak to (« tu » to a pupil). */
  readonly address?: Address;
}

/** The sanitised HTML of what someone typed (no check on length or emptiness). */
export function sanitizeRichText(raw: string): string {
  return sanitizeHtml(raw, HTML_OPTIONS).trim();
}

/**
 * The sanitised HTML of a post that may show images (post-images.ts), with the images found and what was wrong with them.
 * Every image ends up as `<a href="…?apercu=1"><img src="…?taille=vignette" alt="…" /></a>` (the thumbnail, linked to
 * the full image): a link around an image alone is replaced by that one, an image inside a link with text is refused.
 */
export function sanitizePostHtml(raw: string): { html: string; ids: string[]; problems: ImageProblem[] } {
  const found = { ids: [] as string[], problems: [] as ImageProblem[] };
  let html = sanitizeHtml(raw, imageOptions(found)).trim();
  // A link around an image alone (this function's own output, sent back) is dropped: the image gets the hub's link below.
  html = html.replace(/<a\b[^>]*>\s*(<img\b[^>]*>)\s*<\/a>/g, '$1');
  let depth = 0;
  for (const [, closing, tag] of html.matchAll(/<(\/?)(a|img)\b[^>]*>/g)) {
    if (tag === 'a') depth += closing ? -1 : 1;
    else if (depth > 0) found.problems.push('IN_LINK');
  }
  html = html.replace(/<img src="\/documents\/([0-9a-f-]{36})\/content\?taille=vignette" alt="([^"]*)" \/>/g,
    (image, id: string) => `<a href="${imageMarkup(id, '').link.href}" rel="${LINK_REL}">${image}</a>`);
  return { html, ids: [...new Set(found.ids)], problems: found.problems };
}

/** The plain text of sanitised HTML, for notifications and search (entities decoded, whitespace collapsed; an image is its alt text). */
export function richTextToPlain(html: string): string {
  const withBreaks = html.replace(/<img\b[^>]*\balt="([^"]*)"[^>]*>/gi, '\n[Image : $1]\n')
    .replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|li|blockquote)>/gi, '$&\n');
  return decodeEntities(sanitizeHtml(withBreaks, TEXT_OPTIONS)).replace(/[ \t\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

/**
 * Sanitises `raw` and checks it says something, fits, and holds no control character (forbiddenCharacterIn). `subject` names the text in French with its article
 * ("Le message", "Le commentaire").
 */
export function checkRichText(raw: string, subject: string, options: RichTextOptions = {}): RichTextCheck {
  if (typeof raw !== 'string') return { valid: false, reason: `${subject} doit être un texte.` };
  if (raw.length > MAX_RICH_TEXT_INPUT) return { valid: false, reason: `${subject} est trop long.` };
  // Control characters, written as such or as an HTML entity (`&#1;`, which the sanitiser decodes).
  const forbidden = forbiddenCharacterIn(raw);
  if (forbidden) return { valid: false, reason: forbiddenCharacterMessage(forbidden, subject) };
  let html: string;
  let imageIds: string[] = [];
  if (options.images) {
    const post = sanitizePostHtml(raw);
    const problem = post.problems[0];
    if (problem) return { valid: false, code: IMAGE_PROBLEM_CODES[problem], reason: imageProblemMessage(problem, options.address ?? 'VOUS') };
    if (post.ids.length > MAX_POST_IMAGES) {
      return { valid: false, code: 'IMAGE_LIMIT', reason: `${subject} ne peut pas montrer plus de ${MAX_POST_IMAGES} images.` };
    }
    html = post.html;
    imageIds = post.ids;
  } else {
    html = sanitizeRichText(raw);
  }
  const decoded = forbiddenCharacterIn(html);
  if (decoded) return { valid: false, reason: forbiddenCharacterMessage(decoded, subject) };
  const text = richTextToPlain(html);
  if (text === '') return { valid: false, reason: `${subject} est vide.` };
  if (html.length > MAX_RICH_TEXT_HTML) return { valid: false, reason: `${subject} est trop long.` };
  return { valid: true, html, text, imageIds };
}

const IMAGE_PROBLEM_CODES: Record<ImageProblem, string> = {
  SOURCE: 'IMAGE_SOURCE_REFUSED', ALT: 'IMAGE_ALT_REQUIRED', ALT_TOO_LONG: 'IMAGE_ALT_TOO_LONG', IN_LINK: 'IMAGE_IN_LINK',
};

function imageProblemMessage(problem: ImageProblem, address: Address): string {
  switch (problem) {
    case 'SOURCE': return speak(address, {
      tu: 'Une image doit être un document de cet espace : ajoute-la avec « Ajouter une image ».',
      vous: 'Une image doit être un document de cet espace : ajoutez-la avec « Ajouter une image ».',
    });
    case 'ALT': return speak(address, {
      tu: 'Décris chaque image en quelques mots (texte de remplacement).',
      vous: 'Décrivez chaque image en quelques mots (texte de remplacement).',
    });
    case 'ALT_TOO_LONG': return `La description d'une image ne doit pas dépasser ${MAX_IMAGE_ALT} caractères.`;
    case 'IN_LINK': return 'Une image ne peut pas être placée dans un lien.';
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_match, name: string) => ENTITIES[name]);
}
