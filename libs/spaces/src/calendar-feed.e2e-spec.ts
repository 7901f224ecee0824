import request from 'supertest';
import { Role } from '@passerelle/access';
import { GUEST_CONTRIBUTIONS, GuestContributionsPort } from '@passerelle/guests';
import { startTestApi, TestApi } from '../../../test/harness';
import { buildWorld, codeOf, CREATE_SPACE, guest, ok, one, person, Session, sharedSpace, SpaceWorld } from '../test/fixtures';

const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`;
const FEED_URL = `mutation($spaceId: ID!) { calendarFeedUrl(spaceId: $spaceId) { url createdAt } }`;
const REVOKE = `mutation($spaceId: ID!) { revokeCalendarFeedUrl(spaceId: $spaceId) }`;
const CREATED_AT = `query($id: ID!) { space(id: $id) { calendarFeedCreatedAt } }`;
const REMOVE_MEMBER = `mutation($input: RemoveSpaceMemberInput!) { removeSpaceMember(input: $input) { id } }`;

/*
 * Secret agenda feeds (ADR 0023): a member makes a URL that a calendar application fetches without the session cookie.
 * Each fetch applies the access rules in force then; every refusal is the same 404 as an unknown token.
 */
describe('secret agenda feeds (GET /agenda/<token>.ics)', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;
  let otherSpaceId: string;
  let foreignSpaceId: string;
  let unknown: request.Response;

  async function feedPath(session: Session, id = spaceId): Promise<string> {
    const { url } = ok(await hub.gql<{ calendarFeedUrl: { url: string } }>(FEED_URL, { spaceId: id }, session.cookie)).calendarFeedUrl;
    expect(url).toMatch(/^https?:\/\/[^/]+\/agenda\/[A-Za-z0-9_-]{43}\.ics$/);
    return new URL(url).pathname;
  }
  /** A fetch as a calendar application makes it: no cookie, no Origin. */
  const fetchFeed = (path: string) => request(hub.url).get(path);
  function expectRefused(res: request.Response): void {
    expect(res.status).toBe(404);
    expect(res.text).toBe(unknown.text);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.text).not.toContain('BEGIN:VCALENDAR');
  }

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
    otherSpaceId = await sharedSpace(hub, world);
    foreignSpaceId = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: { structureId: world.otherSchoolId, title: 'Ailleurs' } },
      world.otherTeacher.cookie)).createSpace.id;
    ok(await hub.gql(CREATE_EVENT, { input: { spaceId, title: 'Visite du collège', location: 'Collège Victor Hugo',
      startsAt: '2026-12-04T09:00:00.000Z', endsAt: '2026-12-04T11:30:00.000Z' } }, world.teacher.cookie));
    ok(await hub.gql(CREATE_EVENT, { input: { spaceId: otherSpaceId, title: 'Sortie au musée', startsAt: '2026-12-11T09:00:00.000Z' } },
      world.teacher.cookie));
    unknown = await fetchFeed('/agenda/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics');
  });
  afterAll(() => hub?.close());

  it('serves a pupil\'s feed without a cookie: valid iCalendar of that space only, never cached; the token is kept hashed', async () => {
    expect(ok(await hub.gql<{ space: { calendarFeedCreatedAt: string | null } }>(CREATED_AT, { id: spaceId }, world.pupil.cookie))
      .space.calendarFeedCreatedAt).toBeNull();
    const path = await feedPath(world.pupil);
    const res = await fetchFeed(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(res.text).toContain('END:VCALENDAR');
    expect(res.text).toContain('SUMMARY:Visite du collège');
    expect(res.text).toContain('DTSTART:20261204T090000Z');
    expect(res.text).not.toContain('Sortie au musée');
    expect(res.text).not.toContain(world.teacher.name);

    const token = path.slice('/agenda/'.length, -'.ics'.length);
    const rows: Record<string, unknown>[] = await hub.dataSource.query(`SELECT * FROM calendar_feed_token`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ space_id: spaceId, person_id: world.pupil.id, guest_id: null });
    expect(JSON.stringify(rows)).not.toContain(token);
    expect((rows[0].token_hash as Buffer).equals(Buffer.from(token, 'base64url'))).toBe(false);
    const audit = await one<{ n: number }>(hub, `SELECT count(*)::int AS n FROM audit_event WHERE action = 'calendar-feed.created'
      AND actor_id = $1 AND subject_id = $2`, [world.pupil.id, spaceId]);
    expect(audit.n).toBe(1);
    expect(ok(await hub.gql<{ space: { calendarFeedCreatedAt: string | null } }>(CREATED_AT, { id: spaceId }, world.pupil.cookie))
      .space.calendarFeedCreatedAt).toEqual(expect.any(String));
  });

  it('answers 404 for unknown and malformed tokens, with the same body', async () => {
    expect(unknown.status).toBe(404);
    expect(unknown.headers['cache-control']).toBe('private, no-store');
    expectRefused(await fetchFeed('/agenda/abc.ics'));
    expectRefused(await fetchFeed('/agenda/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
  });

  it('renewing the link invalidates the old URL at once, with one audit event; revoking it too', async () => {
    const old = await feedPath(world.pupil2);
    expect((await fetchFeed(old)).status).toBe(200);
    const renewed = await feedPath(world.pupil2);
    expect(renewed).not.toBe(old);
    expectRefused(await fetchFeed(old));
    expect((await fetchFeed(renewed)).status).toBe(200);
    const audit: { action: string }[] = await hub.dataSource.query(`SELECT action FROM audit_event WHERE actor_id = $1
      AND action LIKE 'calendar-feed.%' ORDER BY occurred_at, id`, [world.pupil2.id]);
    expect(audit.map((a) => a.action)).toEqual(['calendar-feed.created', 'calendar-feed.renewed']);
    expect(ok(await hub.gql<{ revokeCalendarFeedUrl: boolean }>(REVOKE, { spaceId }, world.pupil2.cookie)).revokeCalendarFeedUrl).toBe(true);
    expectRefused(await fetchFeed(renewed));
    expect(ok(await hub.gql<{ revokeCalendarFeedUrl: boolean }>(REVOKE, { spaceId }, world.pupil2.cookie)).revokeCalendarFeedUrl).toBe(false);
  });

  it('one member\'s feeds are per space: another space\'s feed shows that space\'s events only', async () => {
    const other = await fetchFeed(await feedPath(world.pupil, otherSpaceId));
    expect(other.status).toBe(200);
    expect(other.text).toContain('SUMMARY:Sortie au musée');
    expect(other.text).not.toContain('Visite du collège');
  });

  it('answers 404 once a member is removed from the space, or their class is', async () => {
    const parentPath = await feedPath(world.parent);
    expect((await fetchFeed(parentPath)).status).toBe(200);
    ok(await hub.gql(REMOVE_MEMBER, { input: { spaceId, personId: world.parent.id } }, world.teacher.cookie));
    expectRefused(await fetchFeed(parentPath));
    // A pupil whose class leaves the space: the same.
    const space = await sharedSpace(hub, world);
    const pupilPath = await feedPath(world.pupil, space);
    expect((await fetchFeed(pupilPath)).status).toBe(200);
    ok(await hub.gql(REMOVE_MEMBER, { input: { spaceId: space, schoolClassId: world.cm2aId } }, world.teacher.cookie));
    expectRefused(await fetchFeed(pupilPath));
  });

  it('follows the guest\'s convention now: suspended, 404; active again, served; a suspended guest, 404', async () => {
    const path = await feedPath(world.guestPupil);
    expect((await fetchFeed(path)).text).toContain('SUMMARY:Visite du collège');
    expect(await one(hub, `SELECT guest_id FROM calendar_feed_token WHERE guest_id = $1`, [world.guestPupil.id]))
      .toEqual({ guest_id: world.guestPupil.id });
    await hub.dataSource.query(`UPDATE convention SET status = 'SUSPENDED' WHERE id = $1`, [world.conventionId]);
    try {
      expectRefused(await fetchFeed(path));
    } finally {
      await hub.dataSource.query(`UPDATE convention SET status = 'ACTIVE' WHERE id = $1`, [world.conventionId]);
    }
    expect((await fetchFeed(path)).status).toBe(200);
    await hub.dataSource.query(`UPDATE guest SET state = 'SUSPENDED', suspension_reason = 'NOT_ADMITTED' WHERE id = $1`, [world.guestPupil.id]);
    try {
      expectRefused(await fetchFeed(path));
    } finally {
      await hub.dataSource.query(`UPDATE guest SET state = 'BOUND', suspension_reason = NULL WHERE id = $1`, [world.guestPupil.id]);
    }
  });

  it('deletes a guest\'s feeds when the guest is deprovisioned, whether their work is kept or erased', async () => {
    const kept = await guest(hub, world.conventionId, 'Lou (6e B)', 'National_ELV', '6e B');
    const erased = await guest(hub, world.conventionId, 'Max (6e B)', 'National_ELV', '6e B');
    const keptPath = await feedPath(kept);
    const erasedPath = await feedPath(erased);
    expect((await fetchFeed(keptPath)).status).toBe(200);
    // The port the deprovisioning job calls (ConventionDeprovisionHandler), as spaces implement it.
    const contributions = hub.api.app.get<GuestContributionsPort>(GUEST_CONTRIBUTIONS, { strict: false });
    await hub.dataSource.transaction(async (manager) => {
      await contributions.pseudonymiseContributionsOf(manager, [kept.id]);
      await contributions.eraseContributionsOf(manager, [erased.id]);
    });
    expect((await one<{ n: number }>(hub, `SELECT count(*)::int AS n FROM calendar_feed_token WHERE guest_id = ANY($1::uuid[])`,
      [[kept.id, erased.id]])).n).toBe(0);
    expectRefused(await fetchFeed(keptPath));
    expectRefused(await fetchFeed(erasedPath));
  });

  it('answers 404 once the person is erased (their feeds go with them)', async () => {
    const leaving = await person(hub, 'Zoé R.', ['National_ELV'], world.schoolId, [Role.PUPIL]);
    await hub.dataSource.query(`INSERT INTO class_membership (school_class_id, person_id) VALUES ($1, $2)`, [world.cm2aId, leaving.id]);
    const path = await feedPath(leaving);
    expect((await fetchFeed(path)).status).toBe(200);
    await hub.dataSource.query(`DELETE FROM person WHERE id = $1`, [leaving.id]);
    expect((await one<{ n: number }>(hub, `SELECT count(*)::int AS n FROM calendar_feed_token WHERE person_id = $1`, [leaving.id])).n).toBe(0);
    expectRefused(await fetchFeed(path));
  });

  it('decides a person\'s roles from their profiles now: a parent no longer a reader once parents may not read', async () => {
    const path = await feedPath(world.parent, otherSpaceId);
    expect((await fetchFeed(path)).status).toBe(200);
    await hub.dataSource.query(`UPDATE space SET parents_may_read = false WHERE id = $1`, [otherSpaceId]);
    try {
      expectRefused(await fetchFeed(path));
    } finally {
      await hub.dataSource.query(`UPDATE space SET parents_may_read = true WHERE id = $1`, [otherSpaceId]);
    }
  });

  it('refuses a feed of a foreign or missing space (NOT_FOUND), a hub administrator (even under moderation access) and anonymous callers', async () => {
    expect(codeOf(await hub.gql(FEED_URL, { spaceId: foreignSpaceId }, world.pupil.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(FEED_URL, { spaceId: '00000000-0000-4000-8000-000000000000' }, world.pupil.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(FEED_URL, { spaceId: foreignSpaceId }, world.otherGuest.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(FEED_URL, { spaceId }, world.admin.cookie))).toBe('NOT_FOUND');
    ok(await hub.gql(`mutation($input: OpenModerationAccessInput!) { openModerationAccess(input: $input) { id } }`,
      { input: { spaceId, reason: 'Signalement d’un message à vérifier' } }, world.admin.cookie));
    const refused = await hub.gql(FEED_URL, { spaceId }, world.admin.cookie);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toBe("Un accès de modération permet de lire l'espace, pas de s'abonner à son agenda.");
    expect(codeOf(await hub.gql(FEED_URL, { spaceId }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await hub.gql(REVOKE, { spaceId }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await hub.gql(REVOKE, { spaceId: foreignSpaceId }, world.pupil.cookie))).toBe('NOT_FOUND');
  });

  it('throttles each token: 30 fetches per window, then 429 with Retry-After; other tokens are not affected', async () => {
    const path = await feedPath(world.teacher);
    for (let i = 0; i < 30; i += 1) expect((await fetchFeed(path)).status).toBe(200);
    const limited = await fetchFeed(path);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.text).not.toContain('BEGIN:VCALENDAR');
    expect((await fetchFeed(await feedPath(world.director))).status).toBe(200);
  });
});
