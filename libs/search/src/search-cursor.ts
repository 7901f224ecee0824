import { InvalidInputError } from '@passerelle/errors';
import { isUuid } from '@passerelle/graphql-kit';

/**
 * Where a hit sits in the order of a search: rank (descending), then recency, then id. The rank is PostgreSQL's
 * ts_rank rounded to 6 decimals and kept as the text PostgreSQL wrote (never a JavaScript number), so that the next
 * page compares exactly the value the previous one sorted on. The cursor also carries the fingerprint of the search.
 */
export interface SearchCursor {
  /** numeric(·, 6) as text, e.g. "0.607927". */
  readonly rank: string;
  /** UTC to the microsecond, e.g. 2026-11-29T09:11:00.123456Z. */
  readonly createdAt: string;
  readonly id: string;
  readonly fingerprint: string;
}

export const INVALID_SEARCH_CURSOR = 'Curseur invalide : relancez la recherche depuis la première page.';

const RANK = /^[0-9]{1,9}(\.[0-9]{1,6})?$/;
const MICROSECOND_UTC = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$/;
const FINGERPRINT = /^[A-Za-z0-9_-]{1,32}$/;
const MAX_CURSOR_LENGTH = 300;

export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.rank, cursor.createdAt, cursor.id, cursor.fingerprint]), 'utf8').toString('base64url');
}

/** Reads `after`: anything this module did not write, or a cursor of another search, is BAD_USER_INPUT on `after`. */
export function decodeSearchCursor(value: string, fingerprint: string): SearchCursor {
  const invalid = () => new InvalidInputError(INVALID_SEARCH_CURSOR, ['after']);
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(value)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 4 || !decoded.every((part) => typeof part === 'string')) throw invalid();
  const [rank, createdAt, id, carried] = decoded as string[];
  if (!RANK.test(rank) || !MICROSECOND_UTC.test(createdAt) || !isRealInstant(createdAt) || !isUuid(id) || !FINGERPRINT.test(carried)) {
    throw invalid();
  }
  if (carried !== fingerprint) throw invalid();
  return { rank, createdAt, id: id.toLowerCase(), fingerprint: carried };
}

/** Refuses 2026-02-30 and 25:00, which PostgreSQL would reject with an internal error. */
function isRealInstant(microsecondUtc: string): boolean {
  const milliseconds = microsecondUtc.slice(0, 23);
  const time = Date.parse(`${milliseconds}Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 23) === milliseconds;
}
