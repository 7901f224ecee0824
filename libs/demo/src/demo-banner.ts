import {
  DEMO_ADMIN, DEMO_CM2_PUPILS, DEMO_DIRECTOR, DEMO_ECOLE, DEMO_JEAN_MOULIN, DEMO_TEACHER, DEMO_VICTOR_HUGO, DEMO_VICTOR_HUGO_PEOPLE,
  DemoPerson,
} from './demo-world.js';

/** The people of Collège Jean Moulin's provider (federation/idp-oidc/college-jean-moulin.ts): a pupil of 6e B. */
const JEAN_MOULIN_PUPIL = { login: 'lea.martin', name: 'Léa Martin' };

export interface DemoBannerInput {
  /** The address to open (PUBLIC_URL). */
  readonly url: string;
  readonly identityProviders: { readonly home: string; readonly jeanMoulin: string; readonly victorHugo: string };
  /** Whether this start wrote the demo world (false: it was there already, or the database was not empty). */
  readonly seeded: boolean;
  readonly notSeededReason?: string;
}

const nameOf = (person: DemoPerson) => `${person.givenName} ${person.familyName}`;

/** What demo mode prints once the hub answers: where to go, whom to sign in as, and that it is a demo. */
export function demoBanner(input: DemoBannerInput): string {
  const rows: [string, string, string][] = [
    [DEMO_ECOLE.entName, `${nameOf(DEMO_CM2_PUPILS[0])} (élève de CM2 A)`, DEMO_CM2_PUPILS[0].login],
    [DEMO_ECOLE.entName, `${nameOf(DEMO_TEACHER)} (enseignante de CM2 A)`, DEMO_TEACHER.login],
    [DEMO_ECOLE.entName, `${nameOf(DEMO_DIRECTOR)} (directeur)`, DEMO_DIRECTOR.login],
    [DEMO_JEAN_MOULIN.entName, `${JEAN_MOULIN_PUPIL.name} (élève de ${DEMO_JEAN_MOULIN.classLabel}, OpenID Connect)`, JEAN_MOULIN_PUPIL.login],
    [DEMO_VICTOR_HUGO.entName, `${nameOf(DEMO_VICTOR_HUGO_PEOPLE[0])} (élève de ${DEMO_VICTOR_HUGO.classLabel}, SAML)`, DEMO_VICTOR_HUGO_PEOPLE[0].login],
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
  const line = '─'.repeat(78);
  const state = input.seeded ? 'Monde de démonstration créé : École Jules Ferry, collèges Jean Moulin et Victor Hugo, espace « Défi lecture CM2–6e ».'
    : input.notSeededReason ?? 'Monde de démonstration déjà en place.';
  return [
    '', line,
    '  PASSERELLE — MODE DÉMONSTRATION (personnes et établissements inventés ; jamais en production)',
    line,
    `  Ouvrez ${input.url}/`,
    `  ${state}`,
    '',
    '  Comptes de démonstration : choisissez l\'ENT sur la page de connexion, puis la personne (pas de mot de passe).',
    ...rows.map(([ent, who, login]) => `    ${ent.padEnd(widths[0])}  ${who.padEnd(widths[1])}  ${login}`),
    '',
    `  Administrateur du hub (connexion locale) : ${DEMO_ADMIN.login} / ${DEMO_ADMIN.password}`,
    `  Fournisseurs d'identité locaux : ${input.identityProviders.home} (école, OIDC), ${input.identityProviders.jeanMoulin} (Jean Moulin, OIDC), `
      + `${input.identityProviders.victorHugo} (Victor Hugo, SAML)`,
    line, '',
  ].join('\n');
}
