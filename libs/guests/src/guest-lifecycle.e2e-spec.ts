import { DataSource } from 'typeorm';
import { Role } from '@passerelle/access';
import { Clock } from '@passerelle/conventions';
import { SESSION_COOKIE, SessionService } from '@passerelle/identity';
import { startTestApi, TestApi, unique } from '../../../test/harness';
import { ConventionDeprovisionHandler } from './convention-deprovision.handler.js';
import { ConventionGuestsResumeHandler } from './convention-guests-resume.handler.js';
import { ConventionGuestsSuspendHandler } from './convention-guests-suspend.handler.js';
import { GuestClaimService } from './guest-claim.service.js';
import { GUEST_CONTRIBUTIONS, GuestContributionsPort } from './guest-contributions.port.js';
import { GuestPoolProvisionHandler } from './guest-pool-provision.handler.js';
import { GuestsService } from './guests.service.js';
import { given } from './test-fixtures.js';

const DAY = 86_400_000;

/** The lifecycle handlers run in the API process (the worker runs the same providers), with a simulated clock. */
describe('guest pool lifecycle', () => {
  let hub: TestApi;
  let db: DataSource;
  let clock: Clock;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_KEY_PREFIX: unique('guestslife') });
    db = hub.dataSource;
    clock = hub.api.app.get(Clock);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => hub?.close());

  const provision = (conventionId: string, revision: number, profile = 'National_ELV') =>
    hub.api.app.get(GuestPoolProvisionHandler).handle({ conventionId, profile, revision });
  const states = async (conventionId: string): Promise<Record<string, number>> => Object.fromEntries((await db.query(
    `SELECT state, count(*)::int AS n FROM guest WHERE convention_id = $1 GROUP BY state`, [conventionId])).map((r: { state: string; n: number }) => [r.state, r.n]));
  const setQuota = (conventionId: string, quota: number, revision: number) => db.query(
    `WITH q AS (UPDATE convention_profile_quota SET quota = $2 WHERE convention_id = $1 AND profile = 'National_ELV')
     UPDATE convention SET pool_revision = $3 WHERE id = $1`, [conventionId, quota, revision]);
  const audit = (conventionId: string, action: string) => db.query(
    `SELECT actor_kind, details FROM audit_event WHERE convention_id = $1 AND action = $2 ORDER BY occurred_at, id`, [conventionId, action]);

  describe('provisioning', () => {
    it('provisions 5,000 guests, then never removes a bound or suspended guest when the quota shrinks', async () => {
      const convention = await given(db).convention({ quota: { ELV: 5000 } });
      await provision(convention.id, 0);
      expect(await states(convention.id)).toEqual({ AVAILABLE: 5000 });

      // Bind the newest guests (those a shrink removes first) and suspend two more.
      await db.query(`UPDATE guest SET state = 'BOUND', issuer = 'https://idp.test', subject = 'kept-' || seq, bound_at = now()
                      WHERE convention_id = $1 AND seq > 4994`, [convention.id]);
      await db.query(`UPDATE guest SET state = 'SUSPENDED', issuer = 'https://idp.test', subject = 'kept-' || seq, bound_at = now(),
                      suspended_at = now(), suspension_reason = 'CONVENTION' WHERE convention_id = $1 AND seq IN (4990, 4991)`, [convention.id]);
      const kept: { id: string }[] = await db.query(`SELECT id FROM guest WHERE convention_id = $1 AND state <> 'AVAILABLE' ORDER BY id`, [convention.id]);

      await setQuota(convention.id, 3, 1);
      await provision(convention.id, 1);
      expect(await states(convention.id)).toEqual({ BOUND: 6, SUSPENDED: 2 });
      expect(await db.query(`SELECT id FROM guest WHERE convention_id = $1 ORDER BY id`, [convention.id])).toEqual(kept);
      expect((await audit(convention.id, 'guest-pool.provisioned')).at(-1).details).toMatchObject({ quota: 3, before: 5000, after: 8, available: 0 });

      // An older job (revision 1) is skipped once the quota moved on (revision 2); the newer one converges, and again.
      await setQuota(convention.id, 20, 2);
      await provision(convention.id, 1);
      expect(await states(convention.id)).toEqual({ BOUND: 6, SUSPENDED: 2 });
      await provision(convention.id, 2);
      expect(await states(convention.id)).toEqual({ BOUND: 6, SUSPENDED: 2, AVAILABLE: 12 });
      await provision(convention.id, 2);
      expect(await states(convention.id)).toEqual({ BOUND: 6, SUSPENDED: 2, AVAILABLE: 12 });
      const [{ min, max, logins }] = await db.query(`SELECT min(seq) AS min, max(seq) AS max, count(DISTINCT login)::int AS logins
        FROM guest WHERE convention_id = $1 AND state = 'AVAILABLE'`, [convention.id]);
      expect({ min, max, logins }).toEqual({ min: 5001, max: 5012, logins: 12 });

      await setQuota(convention.id, 0, 3);
      await provision(convention.id, 3);
      expect(await states(convention.id)).toEqual({ BOUND: 6, SUSPENDED: 2 });
    });

    it('does nothing for a convention that is not ACTIVE', async () => {
      const draft = await given(db).convention({ quota: { ELV: 10 }, status: 'DRAFT' });
      const suspended = await given(db).convention({ quota: { ELV: 10 }, status: 'SUSPENDED' });
      await provision(draft.id, 0);
      await provision(suspended.id, 0);
      expect(await states(draft.id)).toEqual({});
      expect(await states(suspended.id)).toEqual({});
    });
  });

  describe('suspension and resumption', () => {
    it('puts suspended guests back: BOUND when they have an identity, AVAILABLE otherwise, and provisions again', async () => {
      const convention = await given(db).convention({ quota: { ELV: 4 } });
      await given(db).pool(convention.id, 'ELV', 4);
      const claims = hub.api.app.get(GuestClaimService);
      const pupil = { partnerId: convention.partnerId, issuer: 'https://idp.test', subject: unique('resume-'), profile: 'National_ELV',
        uai: convention.uai, displayName: 'Élève' };
      const claimed = await claims.claimGuest(pupil);
      await db.query(`UPDATE convention SET status = 'SUSPENDED' WHERE id = $1`, [convention.id]);
      await hub.api.app.get(ConventionGuestsSuspendHandler).handle({ conventionId: convention.id, revision: 1 });
      expect(await states(convention.id)).toEqual({ SUSPENDED: 4 });

      // Still suspended: resuming does nothing.
      await hub.api.app.get(ConventionGuestsResumeHandler).handle({ conventionId: convention.id, revision: 2 });
      expect(await states(convention.id)).toEqual({ SUSPENDED: 4 });

      await db.query(`UPDATE convention SET status = 'ACTIVE' WHERE id = $1`, [convention.id]);
      await hub.api.app.get(ConventionGuestsResumeHandler).handle({ conventionId: convention.id, revision: 2 });
      expect(await states(convention.id)).toEqual({ BOUND: 1, AVAILABLE: 3 });
      expect((await claims.claimGuest(pupil)).guestId).toBe(claimed.guestId);
      const jobs = await db.query(`SELECT name, payload FROM outbox_job WHERE payload->>'conventionId' = $1`, [convention.id]);
      expect(jobs).toContainEqual({ name: 'guest-pool-provision', payload: { conventionId: convention.id, profile: 'National_ELV', revision: 0 } });
      expect((await audit(convention.id, 'guest.resumed'))[0].details).toMatchObject({ bound: 1, available: 3 });
    });
  });

  describe('end of the convention and deprovisioning, on a simulated clock', () => {
    it('refuses sign-ins after the window, revokes sessions at the end, erases personal data after retention', async () => {
      const validUntil = new Date(Date.now() + 10 * DAY);
      const convention = await given(db).convention({ quota: { ELV: 4 }, validUntil, retentionDays: 30 });
      await given(db).pool(convention.id, 'ELV', 4);
      const claims = hub.api.app.get(GuestClaimService);
      const sessions = hub.api.app.get(SessionService);
      const contributions = hub.api.app.get<GuestContributionsPort>(GUEST_CONTRIBUTIONS);
      const erase = jest.spyOn(contributions, 'eraseContributionsOf');
      const pseudonymise = jest.spyOn(contributions, 'pseudonymiseContributionsOf');
      const pupil = (n: number) => ({ partnerId: convention.partnerId, issuer: 'https://idp.test', subject: `${convention.id}-${n}`,
        profile: 'National_ELV', uai: convention.uai, classCode: '6e A', displayName: `Élève ${n}` });
      const guests = await Promise.all([1, 2, 3].map((n) => claims.claimGuest(pupil(n))));
      const cookies = await Promise.all(guests.map(async (g) => `${SESSION_COOKIE}=${(await sessions.open(
        { kind: 'GUEST', id: g.guestId, displayName: 'Élève', roles: [Role.GUEST, Role.PUPIL] }, {}, g.sessionNotAfter)).id}`));
      const me = async (cookie: string) => (await hub.gql<{ me: { id: string } | null }>('{ me { id } }', {}, cookie)).data?.me ?? null;
      await hub.api.app.get(GuestsService).objectToContributionRetention(
        { kind: 'GUEST', id: guests[0].guestId, displayName: 'Élève 1', roles: [Role.GUEST], sessionId: 'x' }, guests[0].guestId);

      // The window is over: neither a bound identity nor a new one gets in.
      jest.spyOn(clock, 'now').mockReturnValue(new Date(validUntil.getTime() + 60_000));
      await expect(claims.claimGuest(pupil(1))).rejects.toMatchObject({ code: 'CONVENTION_NOT_ACTIVE' });
      await expect(claims.claimGuest(pupil(9))).rejects.toMatchObject({ code: 'CONVENTION_NOT_ACTIVE' });

      // The hub ends it (the conventions library's window-end job) and the guests are suspended: sessions refused.
      const endedAt = new Date(validUntil.getTime() + 60_000);
      await db.query(`UPDATE convention SET status = 'ENDED', ended_at = $2 WHERE id = $1`, [convention.id, endedAt]);
      await hub.api.app.get(ConventionGuestsSuspendHandler).handle({ conventionId: convention.id, revision: 1 });
      for (const cookie of cookies) expect(await me(cookie)).toBeNull();
      expect(await states(convention.id)).toEqual({ SUSPENDED: 4 });

      // Retention not over yet: nothing happens.
      const deprovision = hub.api.app.get(ConventionDeprovisionHandler);
      jest.spyOn(clock, 'now').mockReturnValue(new Date(endedAt.getTime() + 30 * DAY - 1000));
      await deprovision.handle({ conventionId: convention.id });
      expect(await states(convention.id)).toEqual({ SUSPENDED: 4 });
      expect(erase).not.toHaveBeenCalled();

      const at = new Date(endedAt.getTime() + 30 * DAY);
      jest.spyOn(clock, 'now').mockReturnValue(at);
      await deprovision.handle({ conventionId: convention.id });
      const rows = await db.query(
        `SELECT state, issuer, subject, display_name, uai, class_code, deprovisioned_at, objected_to_retention_at IS NOT NULL AS objected
         FROM guest WHERE convention_id = $1 ORDER BY seq`, [convention.id]);
      expect(rows).toHaveLength(4);
      for (const row of rows) {
        expect(row).toMatchObject({ state: 'DEPROVISIONED', issuer: null, subject: null, display_name: null, uai: null, class_code: null,
          deprovisioned_at: at });
      }
      expect(erase).toHaveBeenCalledTimes(1);
      expect(erase.mock.calls[0][1]).toEqual([guests[0].guestId]);
      expect(pseudonymise).toHaveBeenCalledTimes(1);
      expect([...pseudonymise.mock.calls[0][1]].sort()).toEqual(
        (await db.query(`SELECT id FROM guest WHERE convention_id = $1 AND id <> $2 ORDER BY id`, [convention.id, guests[0].guestId]))
          .map((r: { id: string }) => r.id));
      const [{ deprovisioned_at }] = await db.query(`SELECT deprovisioned_at FROM convention WHERE id = $1`, [convention.id]);
      expect(deprovisioned_at).toEqual(at);

      const steps = await db.query(`SELECT action, actor_kind, details FROM audit_event WHERE convention_id = $1 ORDER BY occurred_at, id`,
        [convention.id]);
      expect(steps.map((s: { action: string }) => s.action)).toEqual(['guest.bound', 'guest.bound', 'guest.bound', 'guest.objected-to-retention',
        'guest.claim-refused', 'guest.claim-refused', 'guest.suspended', 'guest.deprovisioned']);
      expect(steps.at(-1)).toMatchObject({ actor_kind: 'SYSTEM',
        details: { count: 4, contributionsErased: 1, contributionsPseudonymised: 3, contributionFate: 'KEEP_PSEUDONYMIZED' } });
      expect(JSON.stringify(steps)).not.toMatch(/Élève|6e A/);

      // Again: nothing more to do, nothing more recorded.
      await deprovision.handle({ conventionId: convention.id });
      expect(await audit(convention.id, 'guest.deprovisioned')).toHaveLength(1);
      expect(erase).toHaveBeenCalledTimes(1);
    });

    it('erases every contribution when the convention says ERASE', async () => {
      const endedAt = new Date(Date.now() - 10 * DAY);
      const convention = await given(db).convention({ quota: { ELV: 2 }, status: 'ENDED', endedAt, retentionDays: 0,
        contributionFate: 'ERASE', validUntil: endedAt, validFrom: new Date(endedAt.getTime() - 100 * DAY) });
      const a = await given(db).guest({ conventionId: convention.id, state: 'SUSPENDED' });
      const b = await given(db).guest({ conventionId: convention.id, state: 'AVAILABLE' });
      const contributions = hub.api.app.get<GuestContributionsPort>(GUEST_CONTRIBUTIONS);
      const erase = jest.spyOn(contributions, 'eraseContributionsOf');
      const pseudonymise = jest.spyOn(contributions, 'pseudonymiseContributionsOf');
      await hub.api.app.get(ConventionDeprovisionHandler).handle({ conventionId: convention.id });
      expect([...erase.mock.calls[0][1]].sort()).toEqual([a.id, b.id].sort());
      expect(pseudonymise).not.toHaveBeenCalled();
      expect(await states(convention.id)).toEqual({ DEPROVISIONED: 2 });
    });

    it('does not deprovision a convention that has not ended', async () => {
      const convention = await given(db).convention({ quota: { ELV: 1 }, status: 'SUSPENDED' });
      await given(db).guest({ conventionId: convention.id, state: 'SUSPENDED' });
      jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.now() + 1000 * DAY));
      await hub.api.app.get(ConventionDeprovisionHandler).handle({ conventionId: convention.id });
      expect(await states(convention.id)).toEqual({ SUSPENDED: 1 });
    });
  });
});
