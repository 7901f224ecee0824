import { DomainError } from '@passerelle/errors';
import { decodeSearchCursor, encodeSearchCursor, INVALID_SEARCH_CURSOR } from './search-cursor';

const cursor = { rank: '0.060793', createdAt: '2026-11-29T09:11:00.123456Z', id: '3f2b7c1e-5d4a-4b8e-9c0f-1a2b3c4d5e6f', fingerprint: 'abcDEF_-12' };
const raw = (parts: unknown) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

function refused(value: string, fingerprint = cursor.fingerprint): boolean {
  try {
    decodeSearchCursor(value, fingerprint);
    return false;
  } catch (error) {
    return error instanceof DomainError && error.code === 'BAD_USER_INPUT' && error.message === INVALID_SEARCH_CURSOR
      && JSON.stringify(error.field) === '["after"]';
  }
}

describe('search cursors', () => {
  it('round-trips rank (as PostgreSQL wrote it), instant, id and fingerprint', () => {
    expect(decodeSearchCursor(encodeSearchCursor(cursor), cursor.fingerprint)).toEqual(cursor);
    expect(decodeSearchCursor(encodeSearchCursor({ ...cursor, rank: '12' }), cursor.fingerprint).rank).toBe('12');
  });

  it('is opaque base64url', () => {
    expect(encodeSearchCursor(cursor)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses what it did not write, on `after`', () => {
    for (const value of ['', 'not a cursor!', 'x'.repeat(301), raw('text'), raw([cursor.rank, cursor.createdAt, cursor.id]),
      raw(['-1', cursor.createdAt, cursor.id, cursor.fingerprint]), raw(['1e5', cursor.createdAt, cursor.id, cursor.fingerprint]),
      raw([0.5, cursor.createdAt, cursor.id, cursor.fingerprint]), raw([cursor.rank, '2026-02-30T09:11:00.123456Z', cursor.id, cursor.fingerprint]),
      raw([cursor.rank, '2026-11-29T09:11:00Z', cursor.id, cursor.fingerprint]), raw([cursor.rank, cursor.createdAt, 'abc', cursor.fingerprint]),
      raw([cursor.rank, cursor.createdAt, cursor.id, 'with space']), Buffer.from('{not json').toString('base64url')]) {
      expect({ value, refused: refused(value) }).toEqual({ value, refused: true });
    }
  });

  it('refuses a cursor of another search', () => {
    expect(refused(encodeSearchCursor(cursor), 'another')).toBe(true);
  });
});
