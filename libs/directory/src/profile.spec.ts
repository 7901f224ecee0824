import { Role } from '@passerelle/access';
import { parseProfile, parseProfiles, Profile, PROFILE_CODES, rolesForProfiles } from './profile.js';

describe('national profiles', () => {
  it('knows the ten national codes, as the database check lists them', () => {
    expect([...PROFILE_CODES].sort()).toEqual(['National_ACA', 'National_COL', 'National_DIR', 'National_DOC',
      'National_ELV', 'National_ENS', 'National_ETA', 'National_EVS', 'National_PER', 'National_TUT']);
  });

  it.each(['National_ELV', 'national_elv', 'NATIONAL_ELV', 'National_elv', ' National_ELV '])(
    'reads %p as National_ELV', (code) => {
      expect(parseProfile(code)).toBe(Profile.ELV);
    });

  it.each(['ELV', 'National_GUEST', 'National_', '', 'National_ELV2', 'Nationa_ELV'])('refuses the unknown code %p', (code) => {
    expect(parseProfile(code)).toBeUndefined();
  });

  it('parses a list, keeping each profile once', () => {
    expect(parseProfiles(['National_ENS', 'national_dir', 'NATIONAL_ENS'])).toEqual({
      ok: true, profiles: [Profile.ENS, Profile.DIR],
    });
  });

  it('refuses a list holding an unknown code, naming it in French', () => {
    expect(parseProfiles(['National_ELV', 'National_INVITE'])).toEqual({
      ok: false, unknown: 'National_INVITE', reason: "Le profil « National_INVITE » n'est pas un profil national connu.",
    });
  });

  it('refuses an empty list', () => {
    expect(parseProfiles([])).toMatchObject({ ok: false, reason: 'Au moins un profil est nécessaire.' });
  });

  describe('roles at the gate', () => {
    it.each([
      [Profile.ELV, [Role.PUPIL]],
      [Profile.ENS, [Role.TEACHER]],
      [Profile.DOC, [Role.TEACHER]],
      [Profile.DIR, [Role.DIRECTOR, Role.TEACHER]],
      [Profile.TUT, [Role.PARENT]],
      [Profile.EVS, [Role.STAFF]],
      [Profile.ETA, [Role.STAFF]],
      [Profile.ACA, [Role.STAFF]],
      [Profile.COL, [Role.STAFF]],
      [Profile.PER, [Role.STAFF]],
    ])('%s gives %p', (profile, roles) => {
      expect(rolesForProfiles([profile])).toEqual(roles);
    });

    it('merges the roles of several profiles without duplicates', () => {
      expect(rolesForProfiles([Profile.ENS, Profile.DIR, Profile.DOC])).toEqual([Role.DIRECTOR, Role.TEACHER]);
    });

    it('never gives HUB_ADMIN or GUEST', () => {
      const all = rolesForProfiles(PROFILE_CODES);
      expect(all).not.toContain(Role.HUB_ADMIN);
      expect(all).not.toContain(Role.GUEST);
    });

    it('gives nothing for no profile', () => {
      expect(rolesForProfiles([])).toEqual([]);
    });
  });
});
