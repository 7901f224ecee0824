import { DomainError } from '@passerelle/errors';
import { encodeSearchCursor, INVALID_SEARCH_CURSOR } from './search-cursor';
import {
  ALL_KINDS, checkKinds, FIRST_OUT_OF_RANGE, KIND_UNKNOWN, KINDS_EMPTY, normalizeSearchQuery, parseSearchRequest, QUERY_EMPTY, QUERY_TOO_LONG,
  QUERY_TOO_SHORT, searchFingerprint, SearchResultKind,
} from './search-request';

function refusal(run: () => unknown): { code: string; message: string; field: readonly (string | number)[] | undefined } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message, field: error.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('normalizeSearchQuery', () => {
  it('trims, collapses blanks and drops control characters', () => {
    expect(normalizeSearchQuery('  sortie \t au\nmusée\u0002 ')).toEqual({ valid: true, text: 'sortie au musée' });
  });

  it('composes accents typed as a letter and a combining mark (NFC)', () => {
    const decomposed = 'e\u0301cole';
    expect(normalizeSearchQuery(decomposed)).toEqual({ valid: true, text: 'école' });
  });

  it('keeps the websearch syntax for PostgreSQL', () => {
    expect(normalizeSearchQuery('"musée d\'histoire" or sortie -piscine')).toEqual({ valid: true, text: '"musée d\'histoire" or sortie -piscine' });
  });

  it('refuses nothing, blanks only, and fewer than 2 letters or digits', () => {
    expect(normalizeSearchQuery('')).toEqual({ valid: false, reason: QUERY_EMPTY });
    expect(normalizeSearchQuery(' \n\t ')).toEqual({ valid: false, reason: QUERY_EMPTY });
    expect(normalizeSearchQuery('a')).toEqual({ valid: false, reason: QUERY_TOO_SHORT });
    expect(normalizeSearchQuery('"!" - ?')).toEqual({ valid: false, reason: QUERY_TOO_SHORT });
    expect(normalizeSearchQuery('6e')).toEqual({ valid: true, text: '6e' });
  });

  it('accepts 200 characters and refuses 201 (counted as characters, not bytes)', () => {
    expect(normalizeSearchQuery('é'.repeat(200))).toEqual({ valid: true, text: 'é'.repeat(200) });
    expect(normalizeSearchQuery('é'.repeat(201))).toEqual({ valid: false, reason: QUERY_TOO_LONG });
    expect(normalizeSearchQuery(`${'a'.repeat(100)}${' '.repeat(500)}${'b'.repeat(99)}`).valid).toBe(true);
  });
});

describe('checkKinds', () => {
  it('means every kind when absent, and keeps the table order without repeats', () => {
    expect(checkKinds(null)).toEqual(ALL_KINDS);
    expect(checkKinds(undefined)).toEqual(ALL_KINDS);
    expect(checkKinds(['HOMEWORK', 'POST', 'POST'])).toEqual([SearchResultKind.POST, SearchResultKind.HOMEWORK]);
  });

  it('refuses an empty list and an unknown kind on `kinds`', () => {
    expect(refusal(() => checkKinds([]))).toEqual({ code: 'BAD_USER_INPUT', message: KINDS_EMPTY, field: ['kinds'] });
    expect(refusal(() => checkKinds(['USER']))).toEqual({ code: 'BAD_USER_INPUT', message: KIND_UNKNOWN, field: ['kinds'] });
  });
});

describe('parseSearchRequest', () => {
  it('defaults to 20 results of every kind in every space', () => {
    const request = parseSearchRequest({ query: ' École ' });
    expect(request).toMatchObject({ text: 'École', spaceId: null, kinds: ALL_KINDS, first: 20, after: null });
  });

  it('refuses a bad query on `query` with a French message', () => {
    expect(refusal(() => parseSearchRequest({ query: ' ' }))).toEqual({ code: 'BAD_USER_INPUT', message: QUERY_EMPTY, field: ['query'] });
    expect(refusal(() => parseSearchRequest({ query: 'x'.repeat(201) }))).toEqual({ code: 'BAD_USER_INPUT', message: QUERY_TOO_LONG, field: ['query'] });
  });

  it('caps `first` at 50', () => {
    expect(parseSearchRequest({ query: 'lecture', first: 50 }).first).toBe(50);
    expect(parseSearchRequest({ query: 'lecture', first: 0 }).first).toBe(0);
    for (const first of [51, -1, 2.5]) {
      expect(refusal(() => parseSearchRequest({ query: 'lecture', first }))).toEqual({ code: 'BAD_USER_INPUT', message: FIRST_OUT_OF_RANGE, field: ['first'] });
    }
  });

  it('takes back a cursor of the same search only', () => {
    const fingerprint = searchFingerprint('lecture', null, ALL_KINDS);
    const after = encodeSearchCursor({ rank: '0.607927', createdAt: '2026-11-29T09:11:00.123456Z', id: '00000000-0000-4000-8000-00000000000A', fingerprint });
    expect(parseSearchRequest({ query: ' lecture ', after }).after).toEqual({
      rank: '0.607927', createdAt: '2026-11-29T09:11:00.123456Z', id: '00000000-0000-4000-8000-00000000000a', fingerprint,
    });
    for (const other of [{ query: 'lecture!' }, { query: 'lecture', kinds: ['POST'] }, { query: 'lecture', spaceId: '00000000-0000-4000-8000-000000000001' }]) {
      expect(refusal(() => parseSearchRequest({ ...other, after }))).toEqual({ code: 'BAD_USER_INPUT', message: INVALID_SEARCH_CURSOR, field: ['after'] });
    }
  });

  it('gives the same fingerprint whatever the order of the kinds or the case of the space id', () => {
    expect(searchFingerprint('a b', 'ABC', [SearchResultKind.POST, SearchResultKind.EVENT]))
      .toBe(searchFingerprint('a b', 'abc', [SearchResultKind.EVENT, SearchResultKind.POST]));
    expect(searchFingerprint('a b', null, ALL_KINDS)).not.toBe(searchFingerprint('a  b', null, ALL_KINDS));
  });
});
