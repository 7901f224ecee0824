/**
 * The people of a fake collège, "Collège Jean Moulin", that the local OpenID provider signs in.
 * Demo and test data only: invented names, invented identifiers, no real school.
 */

/** A valid UAI (0931234 mod 23 = 10 → 'L'): 7 digits then the check letter. */
export const COLLEGE_UAI = '0931234L';
export const COLLEGE_NAME = 'Collège Jean Moulin';
export const COLLEGE_CLASS = '6e B';

/**
 * Claims the provider adds to `sub` (with the `profile` scope: name, given_name, family_name) under its own
 * `ent` scope. Attribute mapping of a partner using this provider: subject `sub`, displayName `name`,
 * profile `ent_profile`, uai `ent_uai`, classCode `ent_class`.
 */
export const ENT_CLAIMS = {
  /** SDET national profile code, e.g. `National_ELV`. */
  profile: 'ent_profile',
  /** UAI of the person's school. */
  uai: 'ent_uai',
  /** The person's class (division), for pupils only. */
  classCode: 'ent_class',
} as const;

export interface CollegeUser {
  /** What `login_hint` names (and the demo login page lists). */
  readonly login: string;
  /** Stable, opaque, never reassigned: the `sub` claim. */
  readonly sub: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly profile: 'National_ELV' | 'National_ENS' | 'National_DIR';
  readonly classCode: string | null;
}

export const COLLEGE_USERS: readonly CollegeUser[] = [
  { login: 'lea.martin', sub: 'cjm-5f0e2a71', givenName: 'Léa', familyName: 'Martin', profile: 'National_ELV', classCode: COLLEGE_CLASS },
  { login: 'noah.bernard', sub: 'cjm-9b41c3d8', givenName: 'Noah', familyName: 'Bernard', profile: 'National_ELV', classCode: COLLEGE_CLASS },
  { login: 'ines.dubois', sub: 'cjm-27d6e0f4', givenName: 'Inès', familyName: 'Dubois', profile: 'National_ELV', classCode: COLLEGE_CLASS },
  { login: 'adam.petit', sub: 'cjm-e83a5b19', givenName: 'Adam', familyName: 'Petit', profile: 'National_ELV', classCode: COLLEGE_CLASS },
  { login: 'claire.lefevre', sub: 'cjm-4c7d91a2', givenName: 'Claire', familyName: 'Lefèvre', profile: 'National_ENS', classCode: null },
];

/** The claims the provider releases for a user, by scope (`uai`: the school of a provider started for another one). */
export function claimsOf(user: CollegeUser, uai: string = COLLEGE_UAI): { sub: string } & Record<string, string> {
  return {
    sub: user.sub,
    name: `${user.givenName} ${user.familyName}`,
    given_name: user.givenName,
    family_name: user.familyName,
    [ENT_CLAIMS.profile]: user.profile,
    [ENT_CLAIMS.uai]: uai,
    ...(user.classCode ? { [ENT_CLAIMS.classCode]: user.classCode } : {}),
  };
}
