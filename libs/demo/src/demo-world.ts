import { ClassLevel, Profile, StructureType } from '@passerelle/directory';

/*
 * The demo world, as data: invented schools, classes and people (no real school, no real child). The seed
 * (demo-seeder.ts) writes it through the domain services; the local identity providers (demo-identity-providers.ts)
 * sign its people in. The two collèges are the ones of federation/idp-oidc/college-jean-moulin.ts and
 * federation/idp-saml/college-victor-hugo.ts (same UAIs).
 */

/** Someone an identity provider of the demo signs in: the shape of federation/idp-oidc's users. */
export interface DemoPerson {
  /** What the identity provider's account picker shows and `login_hint` names. */
  readonly login: string;
  /** Stable subject at the identity provider (OIDC `sub`, SAML persistent NameID). */
  readonly sub: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly profile: Profile.ELV | Profile.ENS | Profile.DIR;
  /** The class code the identity provider sends (pupils only). */
  readonly classCode: string | null;
}

export interface DemoSchool {
  readonly uai: string;
  readonly name: string;
  readonly type: StructureType;
  readonly academie: string;
}

/** A partner collège: its ENT, the class that takes part, and how many people the quota estimate counts. */
export interface DemoCollege extends DemoSchool {
  readonly slug: string;
  readonly entName: string;
  /** The code of its convention with the école. */
  readonly conventionCode: string;
  readonly protocol: 'OIDC' | 'SAML2';
  readonly classLabel: string;
  /** The class code its ENT sends (ENT Core: the code of `UAI$code$label`). */
  readonly classCode: string;
  readonly pupils: number;
  readonly teachers: number;
  /** The principal who signs the convention (an adult acting for the school). */
  readonly principal: string;
}

const person = (login: string, sub: string, profile: DemoPerson['profile'], classCode: string | null): DemoPerson => {
  const [given, family] = login.split('.');
  const cap = (word: string) => word.split('-').map((part) => part[0].toUpperCase() + part.slice(1)).join('-');
  return { login, sub, givenName: cap(given), familyName: cap(family), profile, classCode };
};

/** École Jules Ferry (0931500 mod 23 = 0 → 'A'), whose own ENT is the hub's home ENT. */
export const DEMO_ECOLE: DemoSchool & { readonly slug: string; readonly entName: string } = {
  uai: '0931500A', name: 'École Jules Ferry', type: StructureType.ECOLE, academie: 'Créteil',
  slug: 'ent-ecole-jules-ferry', entName: "ENT de l'École Jules Ferry",
};

export const DEMO_CM2 = { level: ClassLevel.CM2, label: 'CM2 A' } as const;

/** The 22 pupils of CM2 A (accents dropped from logins, kept in names). */
export const DEMO_CM2_PUPILS: readonly DemoPerson[] = [
  ['emma.leroy', 'Emma', 'Leroy'], ['hugo.fontaine', 'Hugo', 'Fontaine'], ['manon.chevalier', 'Manon', 'Chevalier'],
  ['louis.robin', 'Louis', 'Robin'], ['camille.gauthier', 'Camille', 'Gauthier'], ['nathan.perrin', 'Nathan', 'Perrin'],
  ['zoe.morel', 'Zoé', 'Morel'], ['ethan.masson', 'Ethan', 'Masson'], ['lina.blanc', 'Lina', 'Blanc'],
  ['tom.guerin', 'Tom', 'Guérin'], ['sarah.muller', 'Sarah', 'Muller'], ['rayan.henry', 'Rayan', 'Henry'],
  ['alice.roussel', 'Alice', 'Roussel'], ['gabriel.nicolas', 'Gabriel', 'Nicolas'], ['louise.mathieu', 'Louise', 'Mathieu'],
  ['arthur.clement', 'Arthur', 'Clément'], ['jeanne.gaillard', 'Jeanne', 'Gaillard'], ['mael.lemaire', 'Maël', 'Lemaire'],
  ['rose.dumas', 'Rose', 'Dumas'], ['sacha.brunet', 'Sacha', 'Brunet'], ['ambre.picard', 'Ambre', 'Picard'],
  ['timeo.roger', 'Timéo', 'Roger'],
].map(([login, givenName, familyName], index) => ({
  login, sub: `ejf-elv-${String(index + 1).padStart(2, '0')}`, givenName, familyName, profile: Profile.ELV, classCode: DEMO_CM2.label,
}));

export const DEMO_TEACHER: DemoPerson = person('julie.marchand', 'ejf-ens-01', Profile.ENS, null);
export const DEMO_DIRECTOR: DemoPerson = person('paul.berger', 'ejf-dir-01', Profile.DIR, null);

/** Everyone the home ENT signs in. */
export const DEMO_HOME_PEOPLE: readonly DemoPerson[] = [DEMO_TEACHER, DEMO_DIRECTOR, ...DEMO_CM2_PUPILS];

/** Collège Jean Moulin: partner ENT over OpenID Connect, class 6e B (its people: federation/idp-oidc/college-jean-moulin.ts). */
export const DEMO_JEAN_MOULIN: DemoCollege = {
  uai: '0931234L', name: 'Collège Jean Moulin', type: StructureType.COLLEGE, academie: 'Créteil',
  slug: 'ent-college-jean-moulin', entName: 'ENT du Collège Jean Moulin', conventionCode: 'defilecturejm', protocol: 'OIDC',
  classLabel: '6e B', classCode: '6e B', pupils: 25, teachers: 2, principal: 'Hélène Caron',
};

/** Collège Victor Hugo: partner ENT over SAML (ENT Core attributes), class 6e C. */
export const DEMO_VICTOR_HUGO: DemoCollege = {
  uai: '0693456G', name: 'Collège Victor Hugo', type: StructureType.COLLEGE, academie: 'Lyon',
  slug: 'ent-college-victor-hugo', entName: 'ENT du Collège Victor Hugo', conventionCode: 'defilecturevh', protocol: 'SAML2',
  classLabel: '6e C', classCode: '6C', pupils: 24, teachers: 2, principal: 'Karim Benali',
};

/** The people of Collège Victor Hugo's demo IdP: pupils of 6e C and their French teacher. */
export const DEMO_VICTOR_HUGO_PEOPLE: readonly DemoPerson[] = [
  { login: 'lucas.moreau', sub: 'cvh-3a7f19c2', givenName: 'Lucas', familyName: 'Moreau', profile: Profile.ELV, classCode: '6C' },
  { login: 'jade.girard', sub: 'cvh-8d02b6e4', givenName: 'Jade', familyName: 'Girard', profile: Profile.ELV, classCode: '6C' },
  { login: 'nael.roux', sub: 'cvh-51c9e7a0', givenName: 'Naël', familyName: 'Roux', profile: Profile.ELV, classCode: '6C' },
  { login: 'chloe.fournier', sub: 'cvh-f4b28d13', givenName: 'Chloé', familyName: 'Fournier', profile: Profile.ELV, classCode: '6C' },
  { login: 'marc.lambert', sub: 'cvh-0e6ad5f7', givenName: 'Marc', familyName: 'Lambert', profile: Profile.ENS, classCode: null },
];

/** The shared space and what is in it. */
export const DEMO_SPACE = {
  title: 'Défi lecture CM2–6e',
  description: 'Le défi lecture de la liaison école-collège : les CM2 de l\'École Jules Ferry et les 6e des collèges Jean Moulin '
    + 'et Victor Hugo lisent les mêmes livres et en parlent ici.',
  posts: [
    { by: 'teacher', html: '<p>Bienvenue dans le <strong>défi lecture</strong> ! Ce mois-ci, nous lisons <em>Le Petit Prince</em>. '
      + 'Racontez-nous votre passage préféré.</p>' },
    { by: 'pupil', html: '<p>Moi, j\'aime quand le renard dit : « On ne voit bien qu\'avec le cœur. » Et vous, les 6e ?</p>' },
    { by: 'pupil2', html: '<p>J\'ai fini le livre ! Ma planète préférée, c\'est celle de l\'allumeur de réverbères.</p>' },
  ],
  document: { filename: 'liste-des-livres.pdf', title: 'Liste des livres du défi' },
  event: { title: 'Rencontre lecture au CDI du collège', inDays: 14, hour: 14, durationHours: 2, location: 'CDI du Collège Jean Moulin' },
  homework: { title: 'Lire les chapitres 1 à 5', inDays: 7, detailsHtml: '<p>Lisez les chapitres 1 à 5 et notez une question pour les 6e.</p>' },
} as const;

/** The hub administrator the demo creates (printed at start: this is a demo, nothing to protect). */
export const DEMO_ADMIN = { login: 'admin', password: 'demo-passerelle' } as const;
