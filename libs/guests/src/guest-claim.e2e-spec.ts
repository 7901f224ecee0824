import { DataSource } from 'typeorm';
import { DomainError } from '@passerelle/errors';
import { startTestApi, TestApi } from '../../../test/harness';
import { GuestClaimService, ClaimGuestCommand } from './guest-claim.service.js';
import { GUEST_CLAIM_REFUSALS } from './guest-claim.errors.js';
import { given, randomUai } from './test-fixtures.js';

/**
 * claimGuest against PostgreSQL, in the API process with jobs run from the outbox in-process (no Redis), so that the
 * alerts it raises can be followed down to the stored notifications.
 */
describe('claiming a guest', () => {
  let hub: TestApi;
  let db: DataSource;
  let claims: GuestClaimService;
  let adminId: string;
  const issuer = 'https://idp.college.test';
  let counter = 0;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    db = hub.dataSource;
    claims = hub.api.app.get(GuestClaimService);
    adminId = (await hub.adminSession()).id;
  });
  afterAll(() => hub?.close());

  const command = (convention: { partnerId: string; uai: string }, extra: Partial<ClaimGuestCommand> = {}): ClaimGuestCommand => ({
    partnerId: convention.partnerId, issuer, subject: `pupil-${process.pid}-${Date.now()}-${counter++}`, profile: 'National_ELV',
    uai: convention.uai, classCode: '6e B', displayName: 'Léa Martin', ...extra,
  });

  async function refusal(promise: Promise<unknown>): Promise<DomainError> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  const guestsOf = (conventionId: string) => db.query(
    `SELECT id, state, issuer, subject, display_name, uai, class_code, bound_at FROM guest WHERE convention_id = $1 ORDER BY seq`, [conventionId]);
  const auditOfPartner = (partnerId: string) => db.query(
    `SELECT action, actor_kind, convention_id, details FROM audit_event WHERE partner_id = $1 ORDER BY occurred_at, id`, [partnerId]);

  it('binds one AVAILABLE guest to a first-time identity and gives it back on the next sign-in', async () => {
    const convention = await given(db).convention({ quota: { ELV: 5 } });
    await given(db).pool(convention.id, 'ELV', 5);
    const first = command(convention, { profile: 'national_elv', uai: convention.uai.toLowerCase() });

    const claimed = await claims.claimGuest(first);
    expect(claimed).toEqual({
      guestId: expect.any(String), conventionId: convention.id, conventionVersion: 1, profile: 'National_ELV',
      login: `inv-${convention.code}-elv-1`, displayName: 'Léa Martin', sessionNotAfter: convention.validUntil,
    });
    const [row] = await db.query(`SELECT state, issuer, subject, uai, class_code, display_name, bound_at FROM guest WHERE id = $1`, [claimed.guestId]);
    expect(row).toMatchObject({ state: 'BOUND', issuer, subject: first.subject, uai: convention.uai, class_code: '6e B', display_name: 'Léa Martin' });
    expect(row.bound_at).toBeInstanceOf(Date);

    // Next sign-in: the same guest; name and class follow what the partner says now.
    const again = await claims.claimGuest({ ...first, displayName: 'Léa Martin-Durand', classCode: '5e A' });
    expect(again.guestId).toBe(claimed.guestId);
    expect(again.displayName).toBe('Léa Martin-Durand');
    const [updated] = await db.query(`SELECT display_name, class_code FROM guest WHERE id = $1`, [claimed.guestId]);
    expect(updated).toEqual({ display_name: 'Léa Martin-Durand', class_code: '5e A' });
    expect((await guestsOf(convention.id)).filter((g: { state: string }) => g.state === 'BOUND')).toHaveLength(1);
    const audit = await auditOfPartner(convention.partnerId);
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['guest.bound']);
    expect(JSON.stringify(audit)).not.toContain(first.subject);
    expect(JSON.stringify(audit)).not.toContain('Léa');
  });

  it('binds exactly 100 of 200 concurrent distinct identities on a pool of 100, each to its own guest', async () => {
    const convention = await given(db).convention({ quota: { ELV: 100 } });
    await given(db).pool(convention.id, 'ELV', 100);
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => claims.claimGuest(command(convention))));

    const bound = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<GuestClaimService['claimGuest']>>> => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(bound).toHaveLength(100);
    expect(refused).toHaveLength(100);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(DomainError);
      expect(r.reason.code).toBe('GUEST_POOL_EXHAUSTED');
      expect(r.reason.message).toBe("Plus aucun compte invité n'est disponible pour cette convention : prévenez la direction de l'école.");
    }
    expect(new Set(bound.map((r) => r.value.guestId)).size).toBe(100);
    const rows = await guestsOf(convention.id);
    expect(rows).toHaveLength(100);
    expect(rows.every((g: { state: string }) => g.state === 'BOUND')).toBe(true);
    expect(new Set(rows.map((g: { subject: string }) => g.subject)).size).toBe(100);
    const audit = await auditOfPartner(convention.partnerId);
    expect(audit.filter((e: { action: string }) => e.action === 'guest.bound')).toHaveLength(100);
    expect(audit.filter((e: { action: string }) => e.action === 'guest.claim-refused')).toHaveLength(100);
  });

  it('gives one guest to the same identity claiming 20 times at once', async () => {
    const convention = await given(db).convention({ quota: { ELV: 30 } });
    await given(db).pool(convention.id, 'ELV', 30);
    const same = command(convention);
    const results = await Promise.all(Array.from({ length: 20 }, () => claims.claimGuest(same)));
    expect(new Set(results.map((r) => r.guestId)).size).toBe(1);
    const rows = await guestsOf(convention.id);
    expect(rows.filter((g: { state: string }) => g.state === 'BOUND')).toHaveLength(1);
    expect(rows.filter((g: { state: string }) => g.state === 'AVAILABLE')).toHaveLength(29);
    expect(rows.filter((g: { subject: string | null }) => g.subject === same.subject)).toHaveLength(1);
  });

  describe('refusals: a coded error with a French message, nothing written but one audit event', () => {
    async function expectRefused(conventionIds: string[], partnerId: string, claim: ClaimGuestCommand, code: keyof typeof GUEST_CLAIM_REFUSALS) {
      const before = await Promise.all(conventionIds.map(guestsOf));
      const auditBefore = await auditOfPartner(partnerId);
      const outboxBefore = await db.query(`SELECT count(*)::int AS n FROM outbox_job WHERE payload->>'conventionId' = ANY($1)`, [conventionIds]);
      const error = await refusal(claims.claimGuest(claim));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(/[a-zà-ÿ]{3,}.* /i);
      expect(await Promise.all(conventionIds.map(guestsOf))).toEqual(before);
      const auditAfter = await auditOfPartner(partnerId);
      expect(auditAfter).toHaveLength(auditBefore.length + 1);
      expect(auditAfter.at(-1)).toMatchObject({ action: 'guest.claim-refused', actor_kind: 'ANONYMOUS', details: { reason: code } });
      expect(JSON.stringify(auditAfter.at(-1))).not.toContain(claim.subject);
      const outboxAfter = await db.query(`SELECT count(*)::int AS n FROM outbox_job WHERE payload->>'conventionId' = ANY($1)`, [conventionIds]);
      if (code !== 'GUEST_POOL_EXHAUSTED') expect(outboxAfter).toEqual(outboxBefore);
      return error;
    }

    it('NO_CONVENTION: the partner has no convention', async () => {
      const partner = await given(db).partner();
      await expectRefused([], partner.id, command({ partnerId: partner.id, uai: randomUai() }), 'NO_CONVENTION');
    });

    it('STRUCTURE_NOT_COVERED: no convention of the partner covers the school', async () => {
      const convention = await given(db).convention({ quota: { ELV: 3 } });
      await given(db).pool(convention.id, 'ELV', 3);
      await expectRefused([convention.id], convention.partnerId, command(convention, { uai: randomUai() }), 'STRUCTURE_NOT_COVERED');
    });

    it('PROFILE_NOT_ALLOWED: no quota for the profile, a quota of 0, or no national profile at all', async () => {
      const convention = await given(db).convention({ quota: { ELV: 3, DOC: 0 } });
      await given(db).pool(convention.id, 'ELV', 3);
      await expectRefused([convention.id], convention.partnerId, command(convention, { profile: 'National_ENS' }), 'PROFILE_NOT_ALLOWED');
      await expectRefused([convention.id], convention.partnerId, command(convention, { profile: 'National_DOC' }), 'PROFILE_NOT_ALLOWED');
      await expectRefused([convention.id], convention.partnerId, command(convention, { profile: 'Eleve' }), 'PROFILE_NOT_ALLOWED');
    });

    it('CONVENTION_NOT_ACTIVE: suspended, not started, over, or a bound identity whose convention was suspended', async () => {
      const suspended = await given(db).convention({ quota: { ELV: 3 }, status: 'SUSPENDED' });
      await expectRefused([suspended.id], suspended.partnerId, command(suspended), 'CONVENTION_NOT_ACTIVE');
      const future = await given(db).convention({ quota: { ELV: 3 }, validFrom: new Date(Date.now() + 86_400_000),
        validUntil: new Date(Date.now() + 100 * 86_400_000) });
      await given(db).pool(future.id, 'ELV', 3);
      await expectRefused([future.id], future.partnerId, command(future), 'CONVENTION_NOT_ACTIVE');
      const over = await given(db).convention({ quota: { ELV: 3 }, validFrom: new Date(Date.now() - 100 * 86_400_000),
        validUntil: new Date(Date.now() - 1000) });
      await given(db).pool(over.id, 'ELV', 3);
      await expectRefused([over.id], over.partnerId, command(over), 'CONVENTION_NOT_ACTIVE');

      const active = await given(db).convention({ quota: { ELV: 3 } });
      await given(db).pool(active.id, 'ELV', 3);
      const pupil = command(active);
      await claims.claimGuest(pupil);
      await db.query(`UPDATE convention SET status = 'SUSPENDED' WHERE id = $1`, [active.id]);
      await db.query(`UPDATE guest SET state = 'SUSPENDED', suspended_at = now(), suspension_reason = 'CONVENTION'
                      WHERE convention_id = $1 AND state = 'BOUND'`, [active.id]);
      await expectRefused([active.id], active.partnerId, pupil, 'CONVENTION_NOT_ACTIVE');
    });

    it('NO_CONVENTION: an identity bound through another partner signs in through this one; that guest is unchanged', async () => {
      const school = randomUai();
      const theirs = await given(db).convention({ quota: { ELV: 3 }, partnerUais: [school] });
      await given(db).pool(theirs.id, 'ELV', 3);
      const bound = command(theirs);
      const claimed = await claims.claimGuest(bound);
      // This partner has its own convention covering the same school, with guests left.
      const ours = await given(db).convention({ quota: { ELV: 3 }, partnerUais: [school] });
      await given(db).pool(ours.id, 'ELV', 3);
      await expectRefused([theirs.id, ours.id], ours.partnerId,
        { ...bound, partnerId: ours.partnerId, displayName: 'Quelqu’un d’autre', classCode: '3e C' }, 'NO_CONVENTION');
      const [guest] = await db.query(`SELECT state, display_name, class_code FROM guest WHERE id = $1`, [claimed.guestId]);
      expect(guest).toEqual({ state: 'BOUND', display_name: 'Léa Martin', class_code: '6e B' });
      // The refusal names neither the other partner's convention nor its guest.
      const [event] = (await auditOfPartner(ours.partnerId)).slice(-1);
      expect(event.convention_id).toBeNull();
      // Its own partner still gets it back.
      expect((await claims.claimGuest(bound)).guestId).toBe(claimed.guestId);
    });

    it('a bound identity is refused like a newcomer once its school or its profile is no longer admitted', async () => {
      const convention = await given(db).convention({ quota: { ELV: 3, ENS: 2 }, partnerUais: [randomUai(), randomUai()] });
      await given(db).pool(convention.id, 'ELV', 3);
      await given(db).pool(convention.id, 'ENS', 2);
      const pupil = command(convention);
      const teacher = command(convention, { profile: 'National_ENS' });
      await claims.claimGuest(pupil);
      await claims.claimGuest(teacher);

      // The partner now sends a school the convention does not cover (the pupil moved).
      const elsewhere = randomUai();
      await expectRefused([convention.id], convention.partnerId, { ...pupil, uai: elsewhere }, 'STRUCTURE_NOT_COVERED');
      // The school is dropped from the convention.
      await db.query(`DELETE FROM convention_partner_structure WHERE convention_id = $1 AND uai = $2`, [convention.id, convention.uai]);
      await expectRefused([convention.id], convention.partnerId, command(convention), 'STRUCTURE_NOT_COVERED');
      await expectRefused([convention.id], convention.partnerId, pupil, 'STRUCTURE_NOT_COVERED');
      await db.query(`INSERT INTO convention_partner_structure (convention_id, uai) VALUES ($1, $2)`, [convention.id, convention.uai]);
      // The profile's quota is set to 0.
      await db.query(`UPDATE convention_profile_quota SET quota = 0 WHERE convention_id = $1 AND profile = 'National_ENS'`, [convention.id]);
      await expectRefused([convention.id], convention.partnerId, command(convention, { profile: 'National_ENS' }), 'PROFILE_NOT_ALLOWED');
      await expectRefused([convention.id], convention.partnerId, teacher, 'PROFILE_NOT_ALLOWED');
      expect((await claims.claimGuest(pupil)).conventionId).toBe(convention.id);
    });

    it('GUEST_POOL_EXHAUSTED: no AVAILABLE guest is left', async () => {
      const convention = await given(db).convention({ quota: { ELV: 1 } });
      await given(db).pool(convention.id, 'ELV', 1);
      await claims.claimGuest(command(convention));
      await expectRefused([convention.id], convention.partnerId, command(convention), 'GUEST_POOL_EXHAUSTED');
    });
  });

  describe('alerts to the convention administrators', () => {
    const notifications = (conventionId: string) => db.query(
      `SELECT recipient_kind, recipient_id, kind, dedupe_key, payload FROM notification
       WHERE kind = 'CONVENTION_ALERT' AND payload->>'conventionId' = $1 ORDER BY dedupe_key, recipient_id`, [conventionId]);

    it('tells hub admins and the hosting directors once a day when AVAILABLE guests fall under 10 % of the quota', async () => {
      const school = await given(db).hostingSchool();
      const convention = await given(db).convention({ quota: { ELV: 20 }, hostingStructureIds: [school.structureId] });
      await given(db).pool(convention.id, 'ELV', 20);
      for (let i = 0; i < 18; i += 1) await claims.claimGuest(command(convention)); // 2 left: 10 %, not under
      await hub.drainOutbox();
      expect(await notifications(convention.id)).toEqual([]);

      await claims.claimGuest(command(convention)); // 1 left: under 10 %
      await claims.claimGuest(command(convention)); // 0 left: the same day, no second alert
      await hub.drainOutbox();
      const stored = await notifications(convention.id);
      const low = stored.filter((n: { payload: { alert: string } }) => n.payload.alert === 'GUEST_POOL_LOW');
      expect(low.map((n: { recipient_id: string }) => n.recipient_id)).toEqual(expect.arrayContaining([adminId, school.directorId]));
      expect(low.find((n: { recipient_id: string }) => n.recipient_id === school.directorId)).toMatchObject({
        recipient_kind: 'PERSON', kind: 'CONVENTION_ALERT', payload: { conventionId: convention.id, alert: 'GUEST_POOL_LOW', profile: 'National_ELV' },
      });
      expect(new Set(low.map((n: { dedupe_key: string }) => n.dedupe_key)).size).toBe(1);
      expect(low.filter((n: { recipient_id: string }) => n.recipient_id === school.directorId)).toHaveLength(1);
      const [{ lowJobs }] = await db.query(
        `SELECT count(*)::int AS "lowJobs" FROM outbox_job WHERE name = 'convention-alert' AND payload->>'conventionId' = $1
         AND payload->>'alert' = 'GUEST_POOL_LOW'`, [convention.id]);
      expect(lowJobs).toBe(1);
    });

    it('raises the low-pool alert on a large pool too, where a claim does not count the pool until it nears 10 %', async () => {
      const convention = await given(db).convention({ quota: { ELV: 5000 } });
      await given(db).pool(convention.id, 'ELV', 5000);
      await db.query(`UPDATE guest SET state = 'BOUND', issuer = 'https://idp.other.test', subject = id::text, bound_at = now()
                      WHERE convention_id = $1 AND seq <= 4490`, [convention.id]);
      for (let i = 0; i < 10; i += 1) await claims.claimGuest(command(convention)); // 500 left: 10 %, not under
      await hub.drainOutbox();
      expect(await notifications(convention.id)).toEqual([]);
      await claims.claimGuest(command(convention)); // 499 left
      await hub.drainOutbox();
      const low = await notifications(convention.id);
      expect(low.map((n: { recipient_id: string }) => n.recipient_id)).toContain(adminId);
      expect(low.every((n: { payload: { alert: string } }) => n.payload.alert === 'GUEST_POOL_LOW')).toBe(true);
    });

    it('tells them when a claim is refused because the pool is exhausted', async () => {
      const school = await given(db).hostingSchool();
      const convention = await given(db).convention({ quota: { ELV: 1 }, hostingStructureIds: [school.structureId] });
      await given(db).pool(convention.id, 'ELV', 1);
      await claims.claimGuest(command(convention));
      await expect(claims.claimGuest(command(convention))).rejects.toMatchObject({ code: 'GUEST_POOL_EXHAUSTED' });
      await expect(claims.claimGuest(command(convention))).rejects.toMatchObject({ code: 'GUEST_POOL_EXHAUSTED' });
      await hub.drainOutbox();
      const exhausted = (await notifications(convention.id)).filter((n: { payload: { alert: string } }) => n.payload.alert === 'GUEST_POOL_EXHAUSTED');
      expect(exhausted.filter((n: { recipient_id: string }) => n.recipient_id === school.directorId)).toHaveLength(1);
      expect(exhausted.map((n: { recipient_id: string }) => n.recipient_id)).toContain(adminId);
    });
  });
});
