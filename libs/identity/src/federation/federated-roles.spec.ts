import { Role } from '@passerelle/access';
import { Profile } from '@passerelle/directory';
import { audienceOf, guestRolesFor, homeRolesFor } from './federated-roles.js';

describe('roles of federated people', () => {
  it('gives a guest pupil GUEST + PUPIL and a guest teacher GUEST + TEACHER', () => {
    expect(guestRolesFor('National_ELV')).toEqual([Role.GUEST, Role.PUPIL]);
    expect(guestRolesFor('national_ens')).toEqual([Role.GUEST, Role.TEACHER]);
  });

  it('never makes a partner principal a director of the hub\'s schools', () => {
    expect(guestRolesFor('National_DIR')).toEqual([Role.GUEST, Role.TEACHER]);
  });

  it('gives only GUEST for an unknown profile', () => {
    expect(guestRolesFor('Admin')).toEqual([Role.GUEST]);
  });

  it('gives a home director DIRECTOR and TEACHER', () => {
    expect(homeRolesFor(Profile.DIR)).toEqual([Role.DIRECTOR, Role.TEACHER]);
  });

  it('speaks to pupils, adults, or whoever it is', () => {
    expect(audienceOf('National_ELV')).toBe('PUPIL');
    expect(audienceOf('National_TUT')).toBe('ADULT');
    expect(audienceOf(undefined)).toBe('UNKNOWN');
  });
});
