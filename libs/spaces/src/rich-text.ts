import sanitizeHtml from 'sanitize-html';
import { forbiddenCharacterIn, forbiddenCharacterMessage } from '@passerelle/errors';

/**
 * Rich text written by children and teachers: a strict allow-list, nothing else survives. Links keep only an
 * http(s) or mailto address and always get rel="noopener noreferrer nofollow"; scripts, styles, images, iframes,
 * attributes and event handlers are dropped.
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

const TEXT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  nonTextTags: HTML_OPTIONS.nonTextTags,
};

export type RichTextCheck =
  | { readonly valid: true; readonly html: string; readonly text: string }
  | { readonly valid: false; readonly reason: string };

/** The sanitised HTML of what someone typed (no check on length or emptiness). */
export function sanitizeRichText(raw: string): string {
  return sanitizeHtml(raw, HTML_OPTIONS).trim();
}

/** The plain text of sanitised HTML, for notifications and search (entities decoded, whitespace collapsed). */
export function richTextToPlain(html: string): string {
  const withBreaks = html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|li|blockquote)>/gi, '$&\n');
  return decodeEntities(sanitizeHtml(withBreaks, TEXT_OPTIONS)).replace(/[ \t\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

/**
 * Sanitises `raw` and checks it says something, fits, and holds no control character (forbiddenCharacterIn). `subject` names the text in French with its article
 * ("Le message", "Le commentaire").
 */
export function checkRichText(raw: string, subject: string): RichTextCheck {
  if (typeof raw !== 'string') return { valid: false, reason: `${subject} doit être un texte.` };
  if (raw.length > MAX_RICH_TEXT_INPUT) return { valid: false, reason: `${subject} est trop long.` };
  // Control characters, written as such or as an HTML entity (`&#1;`, which the sanitiser decodes).
  const forbidden = forbiddenCharacterIn(raw);
  if (forbidden) return { valid: false, reason: forbiddenCharacterMessage(forbidden, subject) };
  const html = sanitizeRichText(raw);
  const decoded = forbiddenCharacterIn(html);
  if (decoded) return { valid: false, reason: forbiddenCharacterMessage(decoded, subject) };
  const text = richTextToPlain(html);
  if (text === '') return { valid: false, reason: `${subject} est vide.` };
  if (html.length > MAX_RICH_TEXT_HTML) return { valid: false, reason: `${subject} est trop long.` };
  return { valid: true, html, text };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_match, name: string) => ENTITIES[name]);
}
