/**
 * The people of a fake collège, "Collège Victor Hugo", that the local SAML IdP signs in.
 * Demo and test data only: invented names, invented identifiers, no real school.
 */

/** A valid UAI (0693456 mod 23 = 6 → 'G'): 7 digits then the check letter. */
export const COLLEGE_UAI = '0693456G';
export const COLLEGE_NAME = 'Collège Victor Hugo';

export interface SamlCollegeUser {
  /** What `login_hint` names (and the demo login page lists). */
  readonly login: string;
  /** Stable, opaque, never reassigned: the persistent NameID. */
  readonly nameId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly profile: 'National_ELV' | 'National_ENS';
  /** ENT Core class code (ENTEleveClasses `UAI$code$label`), pupils only. */
  readonly classCode: string | null;
  readonly classLabel: string | null;
}

export const SAML_COLLEGE_USERS: readonly SamlCollegeUser[] = [
  { login: 'lucas.moreau', nameId: 'cvh-3a7f19c2', givenName: 'Lucas', familyName: 'Moreau', profile: 'National_ELV', classCode: '6A', classLabel: '6e A' },
  { login: 'jade.girard', nameId: 'cvh-8d02b6e4', givenName: 'Jade', familyName: 'Girard', profile: 'National_ELV', classCode: '6A', classLabel: '6e A' },
  { login: 'nael.roux', nameId: 'cvh-51c9e7a0', givenName: 'Naël', familyName: 'Roux', profile: 'National_ELV', classCode: '6A', classLabel: '6e A' },
  { login: 'chloe.fournier', nameId: 'cvh-f4b28d13', givenName: 'Chloé', familyName: 'Fournier', profile: 'National_ELV', classCode: '6B', classLabel: '6e B' },
  { login: 'marc.lambert', nameId: 'cvh-0e6ad5f7', givenName: 'Marc', familyName: 'Lambert', profile: 'National_ENS', classCode: null, classLabel: null },
];

/**
 * The attributes the IdP releases (ENT Core style, as partner ENTs of that family send them), plus an e-mail address
 * that the hub must drop. Attribute mapping of a partner using this IdP: preset `ENT_CORE`.
 */
export function attributesOf(user: SamlCollegeUser, uai: string = COLLEGE_UAI): Record<string, string[]> {
  return {
    displayName: [`${user.givenName} ${user.familyName}`],
    givenName: [user.givenName],
    sn: [user.familyName],
    ENTPersonProfils: [user.profile],
    ENTPersonStructRattachUAI: [uai],
    ...(user.classCode ? { ENTEleveClasses: [`${uai}$${user.classCode}$${user.classLabel}`] } : {}),
    mail: [`${user.login}@college-victor-hugo.example`],
  };
}
