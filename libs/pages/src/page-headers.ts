/**
 * Headers of every server-rendered page. The Content-Security-Policy allows nothing but the hub's own stylesheet
 * and images: no script at all (the pages need none), no inline style, no plugin, no framing, forms posted to the hub
 * only. Pages are never cached (they show who is signed in). The Referer goes to the hub only (`same-origin`), never
 * to a partner ENT; not `no-referrer`, under which browsers send `Origin: null` with a form post and the hub could no
 * longer tell its own forms from a cross-site one (see libs/portal same-origin.ts).
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'none'", "style-src 'self'", "img-src 'self'", "object-src 'none'", "base-uri 'none'",
  "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': PAGE_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

/** The stylesheet: a long cache (its URL carries its version), never sniffed. */
export const STYLESHEET_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/css; charset=utf-8',
  'Cache-Control': 'public, max-age=31536000, immutable',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * The web app (apps/web, ADR 0021): scripts and styles from the hub only, never inline (no 'unsafe-inline'); images
 * from the hub, data: and blob: (previews of a file being uploaded); fetch and WebSocket to the hub only.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", "connect-src 'self'",
  "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'",
].join('; ');

/** The app's index.html: the same for everyone (nothing personal in it), revalidated on each visit (`no-cache`). */
export const APP_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

/** The app's hashed files: cached for a year (their name changes with their content), never sniffed. */
export const APP_ASSET_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'public, max-age=31536000, immutable',
  'X-Content-Type-Options': 'nosniff',
  Vary: 'Accept-Encoding',
};
