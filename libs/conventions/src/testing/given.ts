import { Role } from '@passerelle/access';
import { PeopleService, PersonOrigin } from '@passerelle/directory';
import { GraphqlResult, TestApi, unique } from '../../../../test/harness';
import { validUai } from '../../../../test/factories';

/* Test factories (not exported from the library) for suites that run against the real API. Every name, slug, code and
   UAI is unique, so that suites sharing the run's database never collide. */

export function expectNoErrors<T>(result: GraphqlResult<T>): T {
  if (result.errors) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

export function errorOf(result: GraphqlResult): { message: string; extensions?: { code?: string; field?: (string | number)[] } } {
  expect(result.errors).toHaveLength(1);
  return result.errors![0];
}

export async function givenStructure(hub: TestApi, adminCookie: string): Promise<{ id: string; uai: string }> {
  const result = await hub.gql<{ createStructure: { id: string; uai: string } }>(
    `mutation($input: CreateStructureInput!) { createStructure(input: $input) { id uai } }`,
    { input: { uai: validUai(), name: unique('École '), type: 'ECOLE' } }, adminCookie);
  return expectNoErrors(result).createStructure;
}

export async function givenPartner(hub: TestApi, adminCookie: string, input: Record<string, unknown> = {}): Promise<{ id: string; slug: string }> {
  const result = await hub.gql<{ createPartner: { id: string; slug: string } }>(
    `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id slug } }`,
    { input: { slug: unique('ent-'), name: 'ENT du collège', kind: 'COLLEGE', protocol: 'SAML2', ...input } }, adminCookie);
  return expectNoErrors(result).createPartner;
}

/** A director (National_DIR) of `structureId`, signed in. */
export async function givenDirector(hub: TestApi, structureId: string | null): Promise<{ cookie: string; id: string }> {
  const person = await hub.api.app.get(PeopleService).createPerson({
    displayName: 'Directrice Test', profiles: ['National_DIR'], origin: PersonOrigin.HOME, structureId,
  });
  return hub.personSession([Role.DIRECTOR, Role.TEACHER], person.id);
}

/** A complete convention input: activatable as is (window in progress, both sides signed, quotas ELV 60 and ENS 4). */
export function conventionInput(partnerId: string, hostingStructureIds: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  return {
    title: unique('Liaison CM2-6e '),
    code: unique('c').slice(0, 12),
    purpose: 'Projet de liaison école-collège',
    partnerId,
    validFrom: new Date(now - 86_400_000).toISOString(),
    validUntil: new Date(now + 200 * 86_400_000).toISOString(),
    retentionDays: 30,
    contributionFate: 'KEEP_PSEUDONYMIZED',
    hostingStructureIds,
    partnerStructures: [{ uai: validUai(), name: 'Collège Jean Moulin' }],
    quotas: [{ profile: 'ELV', quota: 60 }, { profile: 'ENS', quota: 4 }],
    signatories: [
      { side: 'HOST', fullName: 'Claire Dupont', capacity: "Directrice de l'école", signedAt: '2026-06-15' },
      { side: 'PARTNER', fullName: 'Marc Leroy', capacity: 'Principal du collège', signedAt: '2026-06-16' },
    ],
    ...overrides,
  };
}
