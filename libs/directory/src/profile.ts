import { Role } from '@passerelle/access';

/**
 * SDET national profiles (the `ENTPersonProfils` / `FrEduVecteur` codes). The enum's keys are the GraphQL
 * enum values (ELV, ENS, ...); its values are the codes stored in `person.profiles`.
 * There is no national guest profile: a guest is a person whose origin is a partner ENT.
 */
export enum Profile {
  /** Élève */
  ELV = 'National_ELV',
  /** Enseignant */
  ENS = 'National_ENS',
  /** Directeur d'école, chef d'établissement */
  DIR = 'National_DIR',
  /** Parent, responsable légal */
  TUT = 'National_TUT',
  /** Vie scolaire */
  EVS = 'National_EVS',
  /** Personnel d'établissement (non enseignant) */
  ETA = 'National_ETA',
  /** Personnel académique */
  ACA = 'National_ACA',
  /** Professeur documentaliste */
  DOC = 'National_DOC',
  /** Personnel de collectivité territoriale */
  COL = 'National_COL',
  /** Autre personnel */
  PER = 'National_PER',
}

export const PROFILE_CODES: readonly Profile[] = Object.values(Profile);

const BY_LOWER_CODE = new Map<string, Profile>(PROFILE_CODES.map((code) => [code.toLowerCase(), code]));

/**
 * The profile of a national code, matched case-insensitively (the GAR writes `National_elv`);
 * undefined for anything else, including the bare short form "ELV".
 */
export function parseProfile(code: string): Profile | undefined {
  return BY_LOWER_CODE.get(code.trim().toLowerCase());
}

export type ProfilesParse =
  | { readonly ok: true; readonly profiles: readonly Profile[] }
  | { readonly ok: false; readonly unknown: string; readonly reason: string };

/**
 * Parses a list of codes (e.g. a multi-valued SAML attribute): keeps the first occurrence of each profile,
 * refuses the whole list at the first unknown code or when it is empty, with a French reason.
 */
export function parseProfiles(codes: readonly string[]): ProfilesParse {
  const profiles: Profile[] = [];
  for (const code of codes) {
    const profile = parseProfile(code);
    if (!profile) {
      const shown = code.length > 40 ? `${code.slice(0, 40)}…` : code;
      return { ok: false, unknown: code, reason: `Le profil « ${shown} » n'est pas un profil national connu.` };
    }
    if (!profiles.includes(profile)) profiles.push(profile);
  }
  if (profiles.length === 0) return { ok: false, unknown: '', reason: 'Au moins un profil est nécessaire.' };
  return { ok: true, profiles };
}

const ROLES_BY_PROFILE: Readonly<Record<Profile, readonly Role[]>> = {
  [Profile.ELV]: [Role.PUPIL],
  [Profile.ENS]: [Role.TEACHER],
  [Profile.DOC]: [Role.TEACHER],
  [Profile.DIR]: [Role.DIRECTOR, Role.TEACHER],
  [Profile.TUT]: [Role.PARENT],
  [Profile.EVS]: [Role.STAFF],
  [Profile.ETA]: [Role.STAFF],
  [Profile.ACA]: [Role.STAFF],
  [Profile.COL]: [Role.STAFF],
  [Profile.PER]: [Role.STAFF],
};

/** The hub roles that a person's national profiles give at the gate, without duplicates, in a stable order. */
export function rolesForProfiles(profiles: readonly Profile[]): Role[] {
  const roles = new Set<Role>();
  for (const profile of profiles) for (const role of ROLES_BY_PROFILE[profile] ?? []) roles.add(role);
  return Object.values(Role).filter((role) => roles.has(role));
}
