/**
 * Rules for documents, as plain functions (no Nest, no storage): which types a space accepts, judged from the bytes
 * (never from the name or the browser's Content-Type), how a name from a pupil's computer is made safe to store and
 * to send back, and the Content-Disposition that sends it.
 */
import { SpaceAction } from './space-permissions.js';

/** A type the hub accepts, by the extension `file-type` reports for the content. */
export interface AllowedType {
  readonly extension: string;
  readonly mediaType: string;
  /** Extensions people give such files, the first being the one added when a name has none of them. */
  readonly names: readonly string[];
}

const type = (extension: string, mediaType: string, names: readonly string[] = [extension]): AllowedType => ({ extension, mediaType, names });

/** Images, PDF, office documents (OOXML and OpenDocument), audio and video. Anything else is refused. */
export const ALLOWED_DOCUMENT_TYPES: readonly AllowedType[] = [
  type('png', 'image/png'),
  type('jpg', 'image/jpeg', ['jpg', 'jpeg']),
  type('gif', 'image/gif'),
  type('webp', 'image/webp'),
  type('pdf', 'application/pdf'),
  type('docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
  type('xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  type('pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'),
  type('odt', 'application/vnd.oasis.opendocument.text'),
  type('ods', 'application/vnd.oasis.opendocument.spreadsheet'),
  type('odp', 'application/vnd.oasis.opendocument.presentation'),
  type('mp3', 'audio/mpeg'),
  type('ogg', 'audio/ogg', ['ogg', 'oga']),
  type('oga', 'audio/ogg', ['oga', 'ogg']),
  type('opus', 'audio/ogg', ['opus', 'ogg']),
  type('wav', 'audio/wav'),
  type('m4a', 'audio/mp4', ['m4a']),
  type('mp4', 'video/mp4'),
  type('webm', 'video/webm'),
];

const BY_EXTENSION = new Map(ALLOWED_DOCUMENT_TYPES.map((allowed) => [allowed.extension, allowed]));

/** How many bytes from the start of a file the type is detected from. */
export const TYPE_SNIFF_BYTES = 4100;

/**
 * The accepted type for what `file-type` detected (its `ext`), or null: unknown content (scripts, text), executables
 * and archives that are not office documents are all refused.
 */
export function allowedType(detectedExtension: string | null | undefined): AllowedType | null {
  if (!detectedExtension) return null;
  return BY_EXTENSION.get(detectedExtension.toLowerCase()) ?? null;
}

export const MAX_DOCUMENT_NAME = 200;
export const DEFAULT_DOCUMENT_NAME = 'document';

/**
 * A name safe to store and to show: only the last part of a path (no `/` or `\`), without control or invisible
 * formatting characters (a right-to-left override can make `fdp.exe` look like `exe.pdf`), without characters that
 * file systems refuse, spaces collapsed, no leading dots, at most MAX_DOCUMENT_NAME characters with the extension
 * kept; accents kept (NFC). Empty names become `document`.
 */
export function sanitiseDocumentName(raw: string | null | undefined): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '');
  name = name.replace(/[<>:"|?*]/g, '_');
  name = name.replace(/\s+/gu, ' ').trim();
  name = name.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
  if (!name) return DEFAULT_DOCUMENT_NAME;
  return truncateKeepingExtension(name, MAX_DOCUMENT_NAME);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length === 0 || extension.length > 11) return chars.slice(0, max).join('').trimEnd();
  const stem = Array.from(name.slice(0, dot)).slice(0, max - extension.length).join('').trimEnd();
  return stem + extension.join('');
}

/** The name, ending with an extension of the detected type (a `.pdf` that is really a PNG becomes `x.pdf.png`). */
export function nameForType(name: string, allowed: AllowedType): string {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (allowed.names.includes(extension)) return name;
  return truncateKeepingExtension(`${name}.${allowed.names[0]}`, MAX_DOCUMENT_NAME);
}

/**
 * `attachment` with an ASCII fallback `filename` and the exact name as an RFC 5987 `filename*` (UTF-8, percent-encoded),
 * so that accents survive and no quote or line break can break out of the header.
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_') || DEFAULT_DOCUMENT_NAME;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** What a browser may show inside the app's preview (`?apercu=1`): images and PDF; anything else is always downloaded. */
export const PREVIEWABLE_MEDIA_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];

/**
 * The headers that send a document's bytes. Always: nosniff, and a Content-Security-Policy that runs nothing
 * (`default-src 'none'; sandbox`, so that a document opened on its own is an opaque origin without scripts). By default
 * an `attachment` that no page may frame. A preview asked for (`?apercu=1`) of an image or a PDF is sent `inline` and
 * may be framed by the hub's own pages only (`frame-ancestors 'self'`): the documents screen shows it in an <iframe>.
 */
export function contentHeaders(document: { name: string; mediaType: string }, previewAsked: boolean): Record<string, string> {
  const preview = previewAsked && PREVIEWABLE_MEDIA_TYPES.includes(document.mediaType);
  return {
    'Content-Disposition': preview ? attachmentDisposition(document.name).replace(/^attachment;/, 'inline;') : attachmentDisposition(document.name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': `default-src 'none'; sandbox; frame-ancestors ${preview ? "'self'" : "'none'"}`,
    'X-Frame-Options': preview ? 'SAMEORIGIN' : 'DENY',
  };
}

/**
 * What a member must be allowed to delete a document or a folder: their own (they created it) needs the right to upload
 * (so not in an archived space); anyone else's needs the right to moderate (owners and moderators).
 */
export function deletionAction(own: boolean): SpaceAction {
  return own ? SpaceAction.UPLOAD_DOCUMENT : SpaceAction.MODERATE;
}

/**
 * Whether a reader may download one version of a document: a published one, anyone who reads the space; a held or
 * refused one, those who moderate it and the person who uploaded it (their own file, as the document's own route
 * gives it to them); other members never learn of it.
 */
export function mayDownloadVersion(status: 'PENDING' | 'PUBLISHED' | 'REJECTED', mayModerate: boolean, ownVersion: boolean): boolean {
  return status === 'PUBLISHED' || mayModerate || ownVersion;
}

/** The URL of one version's bytes (GET, with the same checks as the document's). */
export function versionContentPath(documentId: string, version: number): string {
  return `/documents/${documentId}/versions/${version}/content`;
}
