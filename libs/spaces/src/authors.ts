import { Role } from '@passerelle/access';
import { parseProfile } from '@passerelle/directory';
import { MemberProfile } from './member.type.js';

/**
 * Names shown on content are resolved when read, never copied onto posts: a guest whose data was erased
 * (DEPROVISIONED), or who never gave a name, shows a pseudonym from their pool's profile and rank.
 */
export function guestPseudonym(profile: string, seq: number): string {
  const code = parseProfile(profile);
  const label = code === 'National_ELV' ? 'élève' : code === 'National_ENS' || code === 'National_DOC' || code === 'National_DIR'
    ? 'enseignant·e' : 'membre';
  return `Invité·e ${label} n°${seq}`;
}

/** A former member whose row is gone. */
export const UNKNOWN_AUTHOR = 'Ancien membre';

/** The coarse profile shown in member lists. */
export function memberProfileOf(roles: readonly Role[]): MemberProfile {
  if (roles.includes(Role.PUPIL)) return MemberProfile.PUPIL;
  if (roles.includes(Role.TEACHER) || roles.includes(Role.DIRECTOR)) return MemberProfile.TEACHER;
  if (roles.includes(Role.PARENT)) return MemberProfile.PARENT;
  return MemberProfile.STAFF;
}
