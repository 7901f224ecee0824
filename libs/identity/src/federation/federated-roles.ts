import { Role } from '@passerelle/access';
import { parseProfile, Profile, rolesForProfiles } from '@passerelle/directory';

/**
 * Roles at the gate for a guest from a partner ENT: GUEST, plus what the profile gives, except the powers over the
 * hub's own schools (a partner collège's principal is not a director of our école: DIR counts as a teacher).
 */
export function guestRolesFor(profile: string): Role[] {
  const parsed = parseProfile(profile);
  const roles = parsed ? rolesForProfiles([parsed]).filter((role) => role !== Role.DIRECTOR && role !== Role.HUB_ADMIN) : [];
  return [Role.GUEST, ...roles.filter((role) => role !== Role.GUEST)];
}

/** Roles of a home-ENT person (a local member of the directory): what the profile gives. */
export function homeRolesFor(profile: Profile): Role[] {
  return rolesForProfiles([profile]);
}

/** Who the refusal page speaks to. */
export function audienceOf(profile: string | null | undefined): 'PUPIL' | 'ADULT' | 'UNKNOWN' {
  if (!profile) return 'UNKNOWN';
  const parsed = parseProfile(profile);
  if (!parsed) return 'UNKNOWN';
  return parsed === Profile.ELV ? 'PUPIL' : 'ADULT';
}
