/**
 * Images in posts, as plain rules (ADR 0022). A post may show a document of its own space that is an image (by the type
 * detected from its bytes at upload), addressed by the hub's own download route and nothing else:
 * `/documents/<id>/content`, optionally `?taille=vignette` or `?apercu=1`. Any other address (another host, `data:`,
 * `javascript:`, protocol-relative, `..`, encoded characters, another route) is refused. Every image needs an alt
 * text: the thumbnail is a link to the full image, and a link needs a name.
 */
import { isUuid } from '@passerelle/graphql-kit';

/** Images one post may show. */
export const MAX_POST_IMAGES = 10;
/** Longest alt text, in characters. */
export const MAX_IMAGE_ALT = 250;
/** The thumbnail's largest side, in pixels. */
export const THUMBNAIL_MAX_SIDE = 640;
/** The media types a post may show (what the documents rules accept as images: no SVG). */
export const EMBEDDABLE_MEDIA_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export type ImageProblem = 'SOURCE' | 'ALT' | 'ALT_TOO_LONG' | 'IN_LINK';

const SOURCE = /^\/documents\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/content(?:\?(?:taille=vignette|apercu=1))?$/;

/** The document an image address points at, or null when it is not exactly one of the hub's document routes. */
export function imageDocumentId(src: string | null | undefined): string | null {
  if (typeof src !== 'string') return null;
  const match = SOURCE.exec(src.trim());
  return match && isUuid(match[1]) ? match[1] : null;
}

/** An alt text as kept: whitespace collapsed, trimmed (empty when missing). */
export function normaliseAlt(alt: string | null | undefined): string {
  return (alt ?? '').replace(/\s+/gu, ' ').trim();
}

/** The canonical markup of an image of a post: the thumbnail, linked to the full image shown in the browser. */
export function imageMarkup(documentId: string, alt: string): { img: { src: string; alt: string }; link: { href: string } } {
  return {
    img: { src: `/documents/${documentId}/content?taille=vignette`, alt },
    link: { href: `/documents/${documentId}/content?apercu=1` },
  };
}

/** The documents a stored post shows (its sanitised HTML). */
export function imageIdsOf(html: string): string[] {
  const ids = [...html.matchAll(/<img src="\/documents\/([0-9a-f-]{36})\/content\?taille=vignette"/g)].map((match) => match[1]);
  return [...new Set(ids)];
}

/** Whether a document of this media type may be shown in a post (and has a thumbnail). */
export function isEmbeddable(mediaType: string): boolean {
  return EMBEDDABLE_MEDIA_TYPES.includes(mediaType);
}

export type ImageRefusal = 'NOT_FOUND' | 'NOT_AN_IMAGE' | 'PENDING';

/**
 * Whether the author may show this document in a post: it must be one they see in the post's space (null otherwise),
 * an image, and published, unless it is their own held upload and the post itself waits for a moderator (who then
 * approves both at once: approving the post publishes the held images it shows).
 */
export function imageRefusal(document: { mediaType: string; status: string } | null, postHeld: boolean): ImageRefusal | null {
  if (!document) return 'NOT_FOUND';
  if (!isEmbeddable(document.mediaType)) return 'NOT_AN_IMAGE';
  if (document.status === 'PUBLISHED') return null;
  if (document.status === 'PENDING' && postHeld) return null;
  return document.status === 'PENDING' ? 'PENDING' : 'NOT_FOUND';
}
