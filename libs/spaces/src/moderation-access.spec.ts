import { checkModerationReason, isModerationAccessOpen, MODERATION_ACCESS_MINUTES, moderationAccessEnd } from './moderation-access.js';

describe('moderation access rules', () => {
  it('requires a reason: trimmed, invisible characters removed, 1 to 500 characters', () => {
    expect(checkModerationReason('  Signalement d\u2019un parent\u200B  ')).toEqual({ valid: true, value: 'Signalement d\u2019un parent' });
    for (const blank of ['', '   ', '\u0000\u200B', undefined, null, 42]) {
      expect(checkModerationReason(blank)).toEqual({ valid: false, reason: "Indiquez la raison de l'accès de modération." });
    }
    expect(checkModerationReason('é'.repeat(500))).toMatchObject({ valid: true });
    expect(checkModerationReason('a'.repeat(501))).toEqual({ valid: false, reason: 'La raison ne doit pas dépasser 500 caractères.' });
  });

  it('lasts one hour, open from its opening (inclusive) to its end (exclusive)', () => {
    expect(MODERATION_ACCESS_MINUTES).toBe(60);
    const openedAt = new Date('2027-01-15T09:00:00Z');
    const expiresAt = moderationAccessEnd(openedAt);
    expect(expiresAt).toEqual(new Date('2027-01-15T10:00:00Z'));
    expect(isModerationAccessOpen({ openedAt, expiresAt }, openedAt)).toBe(true);
    expect(isModerationAccessOpen({ openedAt, expiresAt }, new Date('2027-01-15T09:59:59.999Z'))).toBe(true);
    expect(isModerationAccessOpen({ openedAt, expiresAt }, expiresAt)).toBe(false);
    expect(isModerationAccessOpen({ openedAt, expiresAt }, new Date('2027-01-15T08:59:59Z'))).toBe(false);
  });
});
