import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '@passerelle/access';
import { GraphqlResult, startTestApi, TestApi, unique } from '../../../test/harness';
import { AuditService, SYSTEM_ACTOR } from './audit.service.js';

const AUDIT_EVENTS = `query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id occurredAt actor { kind id } action subjectType subjectId conventionId partnerId guestId before after details } }
    pageInfo { hasNextPage endCursor } totalCount } }`;

interface EventNode {
  id: string; occurredAt: string; actor: { kind: string; id: string | null }; action: string; subjectType: string; subjectId: string | null;
  conventionId: string | null; partnerId: string | null; guestId: string | null; before: unknown; after: unknown; details: Record<string, unknown>;
}
type EventsPage = { auditEvents: { edges: { cursor: string; node: EventNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number } };

describe('audit trail', () => {
  let hub: TestApi;
  let audit: AuditService;
  let dataSource: DataSource;
  let admin: { cookie: string; id: string };

  beforeAll(async () => {
    hub = await startTestApi();
    audit = hub.api.app.get(AuditService);
    dataSource = hub.dataSource;
    admin = await hub.adminSession();
  });
  afterAll(() => hub?.close());

  const countFor = async (conventionId: string) =>
    Number((await dataSource.query('SELECT count(*) AS n FROM audit_event WHERE convention_id = $1', [conventionId]))[0].n);

  it('records inside the caller transaction: a rolled-back change leaves no event', async () => {
    const conventionId = randomUUID();
    await dataSource.transaction((manager) => audit.record(manager, {
      actor: { kind: 'HUB_ADMIN', id: admin.id }, action: 'convention.activated', subject: { type: 'convention', id: conventionId }, conventionId,
      before: { status: 'DRAFT' }, after: { status: 'ACTIVE' },
    }));
    await expect(dataSource.transaction(async (manager) => {
      await audit.record(manager, { actor: SYSTEM_ACTOR, action: 'convention.ended', subject: { type: 'convention', id: conventionId }, conventionId });
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    const rows = await dataSource.query('SELECT actor_kind, actor_id, action, before, after, details FROM audit_event WHERE convention_id = $1', [conventionId]);
    expect(rows).toEqual([{ actor_kind: 'HUB_ADMIN', actor_id: admin.id, action: 'convention.activated', before: { status: 'DRAFT' },
      after: { status: 'ACTIVE' }, details: {} }]);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const conventionId = randomUUID();
    await dataSource.transaction((manager) => audit.record(manager, {
      actor: SYSTEM_ACTOR, action: 'convention.ended', subject: { type: 'convention', id: conventionId }, conventionId,
    }));
    await expect(dataSource.query(`UPDATE audit_event SET action = 'convention.forged' WHERE convention_id = $1`, [conventionId]))
      .rejects.toThrow('audit_event is append-only');
    await expect(dataSource.query('DELETE FROM audit_event WHERE convention_id = $1', [conventionId])).rejects.toThrow('audit_event is append-only');
    await expect(dataSource.query('TRUNCATE audit_event')).rejects.toThrow('audit_event is append-only');
    expect(await countFor(conventionId)).toBe(1);
    expect((await dataSource.query('SELECT action FROM audit_event WHERE convention_id = $1', [conventionId]))[0].action).toBe('convention.ended');
  });

  it('offers no update or delete path in code', () => {
    expect(Object.getOwnPropertyNames(AuditService.prototype).sort()).toEqual(['constructor', 'list', 'record']);
  });

  it('refuses a payload carrying personal data (a name, a subject, a class) before writing anything', async () => {
    const conventionId = randomUUID();
    for (const details of [{ displayName: 'Léa Martin' }, { guest: { subject: 'ext-123' } }, { list: [{ classCode: '6B' }] }]) {
      await expect(dataSource.transaction((manager) => audit.record(manager, {
        actor: SYSTEM_ACTOR, action: 'guest.bound', subject: { type: 'guest', id: randomUUID() }, conventionId, details,
      }))).rejects.toThrow(/Audit payloads carry ids only/);
    }
    expect(await countFor(conventionId)).toBe(0);
  });

  it('needs the transaction manager', async () => {
    await expect(audit.record(undefined as never, { actor: SYSTEM_ACTOR, action: 'convention.ended', subject: { type: 'convention' } }))
      .rejects.toThrow(/caller transaction manager/);
  });

  describe('auditEvents', () => {
    const conventionId = randomUUID();
    const partnerId = randomUUID();
    const action = `test.${unique('e')}`;

    beforeAll(async () => {
      for (let i = 0; i < 3; i++) {
        await dataSource.transaction((manager) => audit.record(manager, {
          actor: { kind: 'HUB_ADMIN', id: admin.id }, action, subject: { type: 'convention', id: conventionId }, conventionId, partnerId,
          details: { n: i },
        }));
      }
      await dataSource.transaction((manager) => audit.record(manager, {
        actor: SYSTEM_ACTOR, action: 'convention.ended', subject: { type: 'convention', id: conventionId }, conventionId,
      }));
    });

    it('lists the events of a convention oldest first, with their actor, paged by cursor', async () => {
      const first: GraphqlResult<EventsPage> = await hub.gql(AUDIT_EVENTS, { filter: { conventionId }, first: 3 }, admin.cookie);
      expect(first.errors).toBeUndefined();
      const page = first.data!.auditEvents;
      expect(page.totalCount).toBe(4);
      expect(page.edges.map((edge) => edge.node.details.n)).toEqual([0, 1, 2]);
      expect(page.edges[0].node).toMatchObject({ actor: { kind: 'HUB_ADMIN', id: admin.id }, action, subjectType: 'convention',
        subjectId: conventionId, conventionId, partnerId, guestId: null, before: null, after: null });
      expect(page.pageInfo.hasNextPage).toBe(true);
      const second: GraphqlResult<EventsPage> = await hub.gql(AUDIT_EVENTS, { filter: { conventionId }, after: page.pageInfo.endCursor }, admin.cookie);
      expect(second.data!.auditEvents.edges.map((edge) => [edge.node.action, edge.node.actor])).toEqual([['convention.ended', { kind: 'SYSTEM', id: null }]]);
      expect(second.data!.auditEvents.pageInfo.hasNextPage).toBe(false);
    });

    it('filters by action, partner and time', async () => {
      const byAction: GraphqlResult<EventsPage> = await hub.gql(AUDIT_EVENTS, { filter: { action } }, admin.cookie);
      expect(byAction.data!.auditEvents.totalCount).toBe(3);
      const byPartner: GraphqlResult<EventsPage> = await hub.gql(AUDIT_EVENTS, { filter: { partnerId } }, admin.cookie);
      expect(byPartner.data!.auditEvents.totalCount).toBe(3);
      const future: GraphqlResult<EventsPage> = await hub.gql(AUDIT_EVENTS,
        { filter: { conventionId, from: new Date(Date.now() + 60_000).toISOString() } }, admin.cookie);
      expect(future.data!.auditEvents.totalCount).toBe(0);
      const past: GraphqlResult<EventsPage> = await hub.gql(AUDIT_EVENTS,
        { filter: { conventionId, to: new Date(Date.now() + 60_000).toISOString(), from: new Date(Date.now() - 3_600_000).toISOString() } }, admin.cookie);
      expect(past.data!.auditEvents.totalCount).toBe(4);
    });

    it('refuses a bad filter with the field at fault', async () => {
      const result = await hub.gql(AUDIT_EVENTS, { filter: { conventionId: 'nope' } }, admin.cookie);
      expect(result.errors?.[0]).toMatchObject({ message: 'Identifiant invalide.', extensions: { code: 'BAD_USER_INPUT', field: ['filter', 'conventionId'] } });
    });

    it.each([
      ['a director', [Role.DIRECTOR, Role.TEACHER], 'FORBIDDEN'],
      ['a teacher', [Role.TEACHER], 'FORBIDDEN'],
      ['a pupil', [Role.PUPIL], 'FORBIDDEN'],
    ])('refuses %s (hub administrators only)', async (_who, roles, code) => {
      const session = await hub.personSession(roles as Role[]);
      const result = await hub.gql(AUDIT_EVENTS, { filter: { conventionId } }, session.cookie);
      expect(result.errors?.[0].extensions?.code).toBe(code);
      expect(result.data).toBeNull();
    });

    it('refuses an anonymous caller', async () => {
      const result = await hub.gql(AUDIT_EVENTS, { filter: { conventionId } });
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
});
