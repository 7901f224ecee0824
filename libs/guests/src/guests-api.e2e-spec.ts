import { DataSource } from 'typeorm';
import { Role } from '@passerelle/access';
import { AUDIT_ENTITIES } from '@passerelle/audit';
import { CONVENTIONS_ENTITIES } from '@passerelle/conventions';
import { dataSourceOptions } from '@passerelle/database';
import { DIRECTORY_ENTITIES } from '@passerelle/directory';
import { SESSION_COOKIE, SessionService } from '@passerelle/identity';
import { GraphqlResult, startTestApi, TestApi } from '../../../test/harness';
import { GUESTS_ENTITIES } from './guest.entity.js';
import { GuestClaimService } from './guest-claim.service.js';
import { given, GivenConvention } from './test-fixtures.js';

const GUEST_POOL = `query($conventionId: ID!) { guestPool(conventionId: $conventionId) {
  conventionId profiles { profile quota available bound suspended deprovisioned } } }`;
const GUESTS = `query($conventionId: ID!, $filter: GuestFilter, $first: Int, $after: String) {
  guests(conventionId: $conventionId, filter: $filter, first: $first, after: $after) {
    edges { cursor node { id conventionId login profile state displayName boundAt suspendedAt deprovisionedAt objectedToRetentionAt } }
    pageInfo { hasNextPage endCursor } totalCount } }`;
const OBJECT = `mutation($guestId: ID!) { objectToContributionRetention(guestId: $guestId) { id state displayName objectedToRetentionAt } }`;

interface GuestNode { id: string; login: string; profile: string; state: string; displayName: string | null; objectedToRetentionAt: string | null }
interface Page { edges: { cursor: string; node: GuestNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number }

function codeOf(result: GraphqlResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}

/** guestPool, guests and objectToContributionRetention through the real API, for each kind of caller. */
describe('guests API', () => {
  let hub: TestApi;
  let db: DataSource;
  let admin: string;
  let director: string;
  let otherDirector: string;
  let teacher: string;
  let convention: GivenConvention;
  let bound: { guestId: string }[];

  const guestCookie = async (guestId: string) => `${SESSION_COOKIE}=${(await hub.api.app.get(SessionService).open(
    { kind: 'GUEST', id: guestId, displayName: 'Élève', roles: [Role.GUEST, Role.PUPIL] })).id}`;

  beforeAll(async () => {
    hub = await startTestApi();
    db = hub.dataSource;
    admin = (await hub.adminSession()).cookie;
    const school = await given(db).hostingSchool();
    const elsewhere = await given(db).hostingSchool();
    director = (await hub.personSession([Role.DIRECTOR, Role.TEACHER], school.directorId)).cookie;
    otherDirector = (await hub.personSession([Role.DIRECTOR, Role.TEACHER], elsewhere.directorId)).cookie;
    teacher = (await hub.personSession([Role.TEACHER])).cookie;
    convention = await given(db).convention({ quota: { ELV: 3, ENS: 1 }, hostingStructureIds: [school.structureId] });
    await given(db).pool(convention.id, 'ELV', 3);
    await given(db).pool(convention.id, 'ENS', 1);
    const claims = hub.api.app.get(GuestClaimService);
    bound = [];
    for (const n of [1, 2]) {
      bound.push(await claims.claimGuest({ partnerId: convention.partnerId, issuer: 'https://idp.test', subject: `${convention.id}-${n}`,
        profile: 'National_ELV', uai: convention.uai, displayName: `Élève ${n}` }));
    }
  });
  afterAll(() => hub?.close());

  it('maps the guest entity exactly onto the migrated table (TypeORM would change nothing)', async () => {
    const dataSource = new DataSource(dataSourceOptions({ url: process.env.TEST_DATABASE_URL!,
      entities: [...DIRECTORY_ENTITIES, ...CONVENTIONS_ENTITIES, ...AUDIT_ENTITIES, ...GUESTS_ENTITIES] }));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query).filter((sql) => /"guest"/.test(sql))).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  describe('guestPool', () => {
    const expected = () => ({
      conventionId: convention.id,
      profiles: [
        { profile: 'ELV', quota: 3, available: 1, bound: 2, suspended: 0, deprovisioned: 0 },
        { profile: 'ENS', quota: 1, available: 1, bound: 0, suspended: 0, deprovisioned: 0 },
      ],
    });

    it('counts guests per profile and state for a hub admin and for a director of a hosting school', async () => {
      for (const cookie of [admin, director]) {
        const result = await hub.gql<{ guestPool: unknown }>(GUEST_POOL, { conventionId: convention.id }, cookie);
        expect(result.errors).toBeUndefined();
        expect(result.data!.guestPool).toEqual(expected());
      }
    });

    it('answers a director of another school exactly as for an unknown convention (NOT_FOUND, same message)', async () => {
      const foreign = await hub.gql(GUEST_POOL, { conventionId: convention.id }, otherDirector);
      const missing = await hub.gql(GUEST_POOL, { conventionId: '5f0c7a39-0000-4000-8000-000000000000' }, otherDirector);
      expect(codeOf(foreign)).toBe('NOT_FOUND');
      expect(foreign.errors).toEqual(missing.errors);
      expect(foreign.data).toEqual(missing.data);
    });

    it('refuses a teacher and anonymous callers; NOT_FOUND for an unknown convention', async () => {
      expect(codeOf(await hub.gql(GUEST_POOL, { conventionId: convention.id }, teacher))).toBe('FORBIDDEN');
      expect(codeOf(await hub.gql(GUEST_POOL, { conventionId: convention.id }, await guestCookie(bound[0].guestId)))).toBe('FORBIDDEN');
      expect(codeOf(await hub.gql(GUEST_POOL, { conventionId: convention.id }))).toBe('UNAUTHENTICATED');
      expect(codeOf(await hub.gql(GUEST_POOL, { conventionId: '5f0c7a39-0000-4000-8000-000000000000' }, admin))).toBe('NOT_FOUND');
      expect(codeOf(await hub.gql(GUEST_POOL, { conventionId: 'not-an-id' }, director))).toBe('NOT_FOUND');
    });
  });

  describe('guests', () => {
    it('lists the guests page by page, with their display name for those who manage the convention', async () => {
      const first = await hub.gql<{ guests: Page }>(GUESTS, { conventionId: convention.id, first: 3 }, director);
      expect(first.errors).toBeUndefined();
      expect(first.data!.guests.totalCount).toBe(4);
      expect(first.data!.guests.pageInfo.hasNextPage).toBe(true);
      const rest = await hub.gql<{ guests: Page }>(GUESTS, { conventionId: convention.id, first: 3, after: first.data!.guests.pageInfo.endCursor },
        director);
      expect(rest.data!.guests.edges).toHaveLength(1);
      expect(rest.data!.guests.pageInfo.hasNextPage).toBe(false);
      const all = [...first.data!.guests.edges, ...rest.data!.guests.edges].map((edge) => edge.node);
      expect(new Set(all.map((guest) => guest.id)).size).toBe(4);
      expect(all.map((guest) => guest.login).sort()).toEqual(
        [`inv-${convention.code}-elv-1`, `inv-${convention.code}-elv-2`, `inv-${convention.code}-elv-3`, `inv-${convention.code}-ens-1`]);
      expect(all.filter((guest) => guest.state === 'BOUND').map((guest) => guest.displayName).sort()).toEqual(['Élève 1', 'Élève 2']);
      expect(all.filter((guest) => guest.state === 'AVAILABLE').every((guest) => guest.displayName === null)).toBe(true);
    });

    it('filters by state and profile', async () => {
      const boundOnes = await hub.gql<{ guests: Page }>(GUESTS, { conventionId: convention.id, filter: { state: 'BOUND' } }, admin);
      expect(boundOnes.data!.guests.edges.map((edge) => edge.node.id).sort()).toEqual(bound.map((g) => g.guestId).sort());
      const teachers = await hub.gql<{ guests: Page }>(GUESTS, { conventionId: convention.id, filter: { profile: 'ENS', state: 'AVAILABLE' } }, admin);
      expect(teachers.data!.guests.edges.map((edge) => edge.node.profile)).toEqual(['ENS']);
    });

    it('never exposes the partner identity of a guest', async () => {
      for (const field of ['subject', 'issuer', 'classCode', 'uai']) {
        const result = await hub.gql(`query($c: ID!) { guests(conventionId: $c) { edges { node { ${field} } } } }`, { c: convention.id }, admin);
        expect(codeOf(result)).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    });

    it('answers a director of another school exactly as for an unknown convention (NOT_FOUND, same message)', async () => {
      const foreign = await hub.gql(GUESTS, { conventionId: convention.id }, otherDirector);
      const missing = await hub.gql(GUESTS, { conventionId: '5f0c7a39-0000-4000-8000-000000000000' }, otherDirector);
      expect(codeOf(foreign)).toBe('NOT_FOUND');
      expect(foreign.errors).toEqual(missing.errors);
      expect(foreign.data).toEqual(missing.data);
    });

    it('refuses the same callers as guestPool', async () => {
      expect(codeOf(await hub.gql(GUESTS, { conventionId: convention.id }, teacher))).toBe('FORBIDDEN');
      expect(codeOf(await hub.gql(GUESTS, { conventionId: convention.id }))).toBe('UNAUTHENTICATED');
      expect(codeOf(await hub.gql(GUESTS, { conventionId: '5f0c7a39-0000-4000-8000-000000000000' }, admin))).toBe('NOT_FOUND');
    });
  });

  describe('objectToContributionRetention', () => {
    it('lets the guest themself object, once (the first date stays), without showing them personal data', async () => {
      const cookie = await guestCookie(bound[0].guestId);
      const first = await hub.gql<{ objectToContributionRetention: GuestNode }>(OBJECT, { guestId: bound[0].guestId }, cookie);
      expect(first.errors).toBeUndefined();
      expect(first.data!.objectToContributionRetention).toMatchObject({ id: bound[0].guestId, state: 'BOUND', displayName: null });
      const at = first.data!.objectToContributionRetention.objectedToRetentionAt;
      expect(at).toEqual(expect.any(String));
      const again = await hub.gql<{ objectToContributionRetention: GuestNode }>(OBJECT, { guestId: bound[0].guestId }, cookie);
      expect(again.data!.objectToContributionRetention.objectedToRetentionAt).toBe(at);
      const events = await db.query(`SELECT actor_kind, actor_id FROM audit_event WHERE guest_id = $1 AND action = 'guest.objected-to-retention'`,
        [bound[0].guestId]);
      expect(events).toEqual([{ actor_kind: 'GUEST', actor_id: bound[0].guestId }]);
    });

    it('lets a hub admin record it; answers another guest, a teacher or a director as for an unknown guest; NOT_FOUND and GUEST_DEPROVISIONED', async () => {
      for (const cookie of [await guestCookie(bound[0].guestId), teacher, director]) {
        const foreign = await hub.gql(OBJECT, { guestId: bound[1].guestId }, cookie);
        const missing = await hub.gql(OBJECT, { guestId: '5f0c7a39-0000-4000-8000-000000000000' }, cookie);
        expect(codeOf(foreign)).toBe('NOT_FOUND');
        expect(foreign.errors).toEqual(missing.errors);
      }
      expect(codeOf(await hub.gql(OBJECT, { guestId: bound[1].guestId }))).toBe('UNAUTHENTICATED');
      const byAdmin = await hub.gql<{ objectToContributionRetention: GuestNode }>(OBJECT, { guestId: bound[1].guestId }, admin);
      expect(byAdmin.data!.objectToContributionRetention).toMatchObject({ displayName: 'Élève 2', objectedToRetentionAt: expect.any(String) });
      expect(codeOf(await hub.gql(OBJECT, { guestId: '5f0c7a39-0000-4000-8000-000000000000' }, admin))).toBe('NOT_FOUND');
      const gone = await given(db).guest({ conventionId: convention.id, profile: 'DOC', state: 'DEPROVISIONED' });
      const refused = await hub.gql(OBJECT, { guestId: gone.id }, admin);
      expect(codeOf(refused)).toBe('GUEST_DEPROVISIONED');
      expect(refused.errors![0].message).toMatch(/effacé/);
    });
  });
});
