import { createHash, randomBytes } from 'node:crypto';

/*
 * Secret agenda feeds (ADR 0023): a calendar application (Google Agenda, Thunderbird, a phone) cannot send the hub's
 * session cookie, so each member gets a URL that carries a secret instead, `/agenda/<token>.ics`. The token is 256
 * random bits; the hub keeps only its SHA-256 (a high-entropy secret needs no slow hash), so a copy of the database
 * does not open anyone's feed.
 */

/** The path under which feeds are served; the request logger hides what follows it (observability's `redactPath`). */
export const FEED_PATH = '/agenda/';

/** Fetches a token may make per window before 429 (calendar applications poll every 15 minutes to once a day). */
export const FEED_FETCHES_PER_WINDOW = 30;
export const FEED_WINDOW_SECONDS = 15 * 60;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A new token: 32 random bytes as base64url (43 characters, no padding). */
export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token. */
export function feedTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The token in the last segment of a feed URL (`<token>.ics`), or null when it cannot be one. */
export function feedTokenOf(segment: string): string | null {
  if (!segment.endsWith('.ics')) return null;
  const token = segment.slice(0, -'.ics'.length);
  return TOKEN_SHAPE.test(token) ? token : null;
}

/** The feed's absolute URL on the hub's public origin. */
export function feedUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${FEED_PATH}${token}.ics`;
}

