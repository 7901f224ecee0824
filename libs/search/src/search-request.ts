import { createHash } from 'node:crypto';
import { InvalidInputError } from '@passerelle/errors';
import { decodeSearchCursor, SearchCursor } from './search-cursor.js';

/** What a search may find: the searchable content of spaces. */
export enum SearchResultKind {
  POST = 'POST',
  COMMENT = 'COMMENT',
  ANNOUNCEMENT = 'ANNOUNCEMENT',
  DOCUMENT = 'DOCUMENT',
  EVENT = 'EVENT',
  HOMEWORK = 'HOMEWORK',
}

export const ALL_KINDS: readonly SearchResultKind[] = Object.values(SearchResultKind);
export const MIN_QUERY_CHARACTERS = 2;
export const MAX_QUERY_CHARACTERS = 200;
export const DEFAULT_SEARCH_PAGE = 20;
export const MAX_SEARCH_PAGE = 50;

export const QUERY_EMPTY = 'Saisissez un ou plusieurs mots à chercher.';
export const QUERY_TOO_SHORT = `La recherche doit contenir au moins ${MIN_QUERY_CHARACTERS} lettres ou chiffres.`;
export const QUERY_TOO_LONG = `La recherche ne doit pas dépasser ${MAX_QUERY_CHARACTERS} caractères.`;
export const KINDS_EMPTY = 'Choisissez au moins un type de résultat, ou aucun filtre pour tout chercher.';
export const KIND_UNKNOWN = 'Ce type de résultat est inconnu.';
export const FIRST_OUT_OF_RANGE = `Le nombre de résultats demandés doit être compris entre 0 et ${MAX_SEARCH_PAGE}.`;

/** The arguments of `search` as the API received them. */
export interface SearchInput {
  readonly query: string;
  readonly spaceId?: string | null;
  readonly kinds?: readonly string[] | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

/** A validated search: the text PostgreSQL parses (websearch syntax), the filters and the page. */
export interface SearchRequest {
  readonly text: string;
  readonly spaceId: string | null;
  readonly kinds: readonly SearchResultKind[];
  readonly first: number;
  readonly after: SearchCursor | null;
  /** Ties cursors to this search: a cursor of another search is refused. */
  readonly fingerprint: string;
}

export type NormalizedQuery = { readonly valid: true; readonly text: string } | { readonly valid: false; readonly reason: string };

/**
 * The text of a search as PostgreSQL will read it: Unicode NFC (an "é" typed as e + accent is the same "é"),
 * control characters removed, runs of blanks made one space, trimmed. Refused: nothing left, fewer than 2 letters or
 * digits, more than 200 characters. The websearch syntax ("quoted phrase", or, -word) passes through.
 */
export function normalizeSearchQuery(raw: string): NormalizedQuery {
  const text = String(raw ?? '').normalize('NFC').replace(/\p{Cc}|\p{Cf}/gu, ' ').replace(/\s+/gu, ' ').trim();
  if (text === '') return { valid: false, reason: QUERY_EMPTY };
  if (Array.from(text).length > MAX_QUERY_CHARACTERS) return { valid: false, reason: QUERY_TOO_LONG };
  if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length < MIN_QUERY_CHARACTERS) return { valid: false, reason: QUERY_TOO_SHORT };
  return { valid: true, text };
}

/** The kinds to search: all when not given; refused when empty or unknown. Sorted and without repeats. */
export function checkKinds(kinds: readonly string[] | null | undefined): readonly SearchResultKind[] {
  if (kinds === null || kinds === undefined) return ALL_KINDS;
  if (kinds.length === 0) throw new InvalidInputError(KINDS_EMPTY, ['kinds']);
  const known = new Set<SearchResultKind>();
  for (const kind of kinds) {
    if (!(ALL_KINDS as readonly string[]).includes(kind)) throw new InvalidInputError(KIND_UNKNOWN, ['kinds']);
    known.add(kind as SearchResultKind);
  }
  return ALL_KINDS.filter((kind) => known.has(kind));
}

/** A short digest of what was searched (text, space, kinds), carried by the cursors of its pages. */
export function searchFingerprint(text: string, spaceId: string | null, kinds: readonly SearchResultKind[]): string {
  return createHash('sha256').update(JSON.stringify([text, spaceId?.toLowerCase() ?? null, [...kinds].sort()]))
    .digest('base64url').slice(0, 12);
}

/** Validates every argument of `search`; BAD_USER_INPUT with a French message and the argument's name. */
export function parseSearchRequest(input: SearchInput): SearchRequest {
  const query = normalizeSearchQuery(input.query);
  if (!query.valid) throw new InvalidInputError(query.reason, ['query']);
  const kinds = checkKinds(input.kinds);
  const first = input.first ?? DEFAULT_SEARCH_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_SEARCH_PAGE) throw new InvalidInputError(FIRST_OUT_OF_RANGE, ['first']);
  const spaceId = input.spaceId ?? null;
  const fingerprint = searchFingerprint(query.text, spaceId, kinds);
  const after = input.after === null || input.after === undefined ? null : decodeSearchCursor(input.after, fingerprint);
  return { text: query.text, spaceId, kinds, first, after, fingerprint };
}
