import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Role } from '@passerelle/access';
import { SESSION_COOKIE, SessionService } from '@passerelle/identity';
import { JobName, JobPayloads, jobRequest, UnitOfWork } from '@passerelle/jobs';
import { HubProcess, waitFor } from '../../../test/processes';
import { startTestApi, TestApi, testEnv, unique } from '../../../test/harness';
import { GuestClaimService } from './guest-claim.service.js';
import { given } from './test-fixtures.js';

/**
 * Guest jobs run by the real worker process (node dist/apps/worker/src/main.js) on this suite's own Redis prefix,
 * written to the outbox by the API as the conventions library does when a convention is activated or suspended.
 */
describe('guest jobs in the real worker process', () => {
  const prefix = unique('guests');
  let hub: TestApi;
  let worker: HubProcess | undefined;
  let redis: Redis;

  const startWorker = async () => {
    const started = HubProcess.start('worker', testEnv({ REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'info' }));
    await waitFor(() => `the worker to start (it said: ${started.text.slice(-2000)})`,
      async () => started.text.includes('consuming its queues') || (started.child.exitCode !== null ? Promise.reject(new Error('exited')) : false), 60_000);
    return started;
  };

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_KEY_PREFIX: prefix });
    redis = new Redis(process.env.TEST_REDIS_URL!);
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker?.stop();
    redis?.disconnect();
    await hub?.close();
  });

  async function enqueue<N extends JobName>(name: N, payload: JobPayloads[N], subject: string[]): Promise<string> {
    const job = jobRequest(name, payload, subject);
    await hub.api.app.get(UnitOfWork).run((tx) => tx.enqueue(job));
    return job.jobId;
  }
  const count = async (conventionId: string, profile: string): Promise<number> => (await hub.dataSource.query(
    `SELECT count(*)::int AS n FROM guest WHERE convention_id = $1 AND profile = $2 AND state <> 'DEPROVISIONED'`, [conventionId, profile]))[0].n;
  const guestsQueue = () => hub.api.app.get<Queue>(getQueueToken('guests'), { strict: false });

  it('provisions exactly 60 + 4 guests when a convention with quota {ELV: 60, ENS: 4} is activated', async () => {
    const convention = await given(hub.dataSource).convention({ quota: { ELV: 60, ENS: 4 } });
    for (const [profile, short] of [['National_ELV', 'elv'], ['National_ENS', 'ens']]) {
      await enqueue('guest-pool-provision', { conventionId: convention.id, profile, revision: 0 }, [convention.id, short, '0']);
    }
    await waitFor(() => `the pools to fill (worker said: ${worker?.text.slice(-2000)})`, async () => {
      const audited = await hub.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE convention_id = $1 AND action = 'guest-pool.provisioned'`, [convention.id]);
      return audited[0].n === 2;
    }, 30_000, 50);

    const rows: { profile: string; seq: number; login: string; state: string }[] = await hub.dataSource.query(
      `SELECT profile, seq, login, state FROM guest WHERE convention_id = $1 ORDER BY profile, seq`, [convention.id]);
    expect(rows.filter((r) => r.profile === 'National_ELV')).toHaveLength(60);
    expect(rows.filter((r) => r.profile === 'National_ENS')).toHaveLength(4);
    expect(rows.every((r) => r.state === 'AVAILABLE')).toBe(true);
    expect(rows.filter((r) => r.profile === 'National_ENS').map((r) => r.login))
      .toEqual([1, 2, 3, 4].map((n) => `inv-${convention.code}-ens-${n}`));
    const audit = await hub.dataSource.query(
      `SELECT actor_kind, details FROM audit_event WHERE convention_id = $1 AND action = 'guest-pool.provisioned' ORDER BY details->>'profile'`,
      [convention.id]);
    expect(audit).toEqual([
      { actor_kind: 'SYSTEM', details: expect.objectContaining({ profile: 'National_ELV', before: 0, after: 60, quota: 60 }) },
      { actor_kind: 'SYSTEM', details: expect.objectContaining({ profile: 'National_ENS', before: 0, after: 4, quota: 4 }) },
    ]);
  });

  it('ends with exactly 5,000 guests, no duplicate, when the worker is SIGKILLed mid-provisioning and restarted', async () => {
    const convention = await given(hub.dataSource).convention({ quota: { ELV: 5000 } });
    const jobId = await enqueue('guest-pool-provision', { conventionId: convention.id, profile: 'National_ELV', revision: 0 },
      [convention.id, 'elv', '0']);

    await waitFor('the first batch to commit', async () => (await count(convention.id, 'National_ELV')) > 0, 30_000, 5);
    const workerSessions = async () => (await hub.dataSource.query(
      `SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'passerelle-worker'`,
    ))[0].open as number;
    expect(await workerSessions()).toBeGreaterThan(0);
    await worker!.stop('SIGKILL');
    const atKill = await count(convention.id, 'National_ELV');
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(5000);
    // The batch in flight dies with its connection: wait until PostgreSQL has let go of the killed worker's sessions.
    await waitFor('PostgreSQL to end the killed worker\'s sessions', async () => (await workerSessions()) === 0, 30_000, 20);
    const afterKill = await count(convention.id, 'National_ELV');
    expect(afterKill).toBeLessThan(5000); // the batch in flight died with its connection
    expect(afterKill % 1000).toBe(0);

    // BullMQ hands a job back once its dead worker's lock has expired (30 s) and a stalled check has seen it; do what
    // those 30 s would do, so that the restarted worker's first check moves the job back to wait.
    const base = `${prefix}:guests`;
    await redis.del(`${base}:${jobId}:lock`, `${base}:stalled-check`);
    await redis.sadd(`${base}:stalled`, jobId);
    worker = await startWorker();
    await waitFor(() => `the job to complete after the restart (worker said: ${worker?.text.slice(-2000)})`, async () => {
      const job = await guestsQueue().getJob(jobId);
      return job?.finishedOn !== undefined && job.finishedOn !== null;
    }, 60_000, 100);

    const [stats] = await hub.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT seq)::int AS seqs, count(DISTINCT login)::int AS logins, min(seq) AS min, max(seq) AS max
       FROM guest WHERE convention_id = $1`, [convention.id]);
    expect(stats).toEqual({ n: 5000, seqs: 5000, logins: 5000, min: 1, max: 5000 });
    const job = await guestsQueue().getJob(jobId);
    expect(job?.failedReason ?? null).toBeNull();
    const [audit] = await hub.dataSource.query(
      `SELECT details FROM audit_event WHERE convention_id = $1 AND action = 'guest-pool.provisioned'`, [convention.id]);
    expect(audit.details).toMatchObject({ before: afterKill, after: 5000 });
  }, 120_000);

  it('suspends every guest of a suspended convention and refuses their sessions on the next request', async () => {
    const convention = await given(hub.dataSource).convention({ quota: { ELV: 5 } });
    const other = await given(hub.dataSource).convention({ quota: { ELV: 1 } });
    await given(hub.dataSource).pool(convention.id, 'ELV', 5);
    await given(hub.dataSource).pool(other.id, 'ELV', 1);
    const claims = hub.api.app.get(GuestClaimService);
    const sessions = hub.api.app.get(SessionService);
    const claim = (c: typeof convention, n: number) => claims.claimGuest({ partnerId: c.partnerId, issuer: 'https://idp.test',
      subject: `${prefix}-${c.id}-${n}`, profile: 'National_ELV', uai: c.uai, displayName: `Élève ${n}` });
    const open = async (guestId: string) => `${SESSION_COOKIE}=${(await sessions.open({ kind: 'GUEST', id: guestId, displayName: 'Élève',
      roles: [Role.GUEST, Role.PUPIL] }, { conventionId: convention.id })).id}`;
    const me = async (cookie: string) => (await hub.gql<{ me: { id: string } | null }>('{ me { id } }', {}, cookie)).data?.me ?? null;

    const bound = await Promise.all([1, 2, 3].map((n) => claim(convention, n)));
    const cookies = await Promise.all(bound.map((g) => open(g.guestId)));
    const secondSessions = await Promise.all(bound.map((g) => open(g.guestId)));
    const otherGuest = await claim(other, 1);
    const otherCookie = await open(otherGuest.guestId);
    for (const [i, cookie] of cookies.entries()) expect(await me(cookie)).toEqual({ id: bound[i].guestId });

    // suspendConvention: the status changes and the job is written in the same transaction.
    await hub.api.app.get(UnitOfWork).run(async (tx) => {
      await tx.manager.query(`UPDATE convention SET status = 'SUSPENDED', suspended_at = now() WHERE id = $1`, [convention.id]);
      await tx.enqueue(jobRequest('convention-guests-suspend', { conventionId: convention.id, revision: 1 }, [convention.id, '1']));
    });
    await waitFor(() => `the sessions to be revoked (worker said: ${worker?.text.slice(-2000)})`, async () => {
      const seen = await Promise.all([...cookies, ...secondSessions].map(me));
      return seen.every((principal) => principal === null);
    }, 30_000, 100);

    const states = await hub.dataSource.query(`SELECT state, count(*)::int AS n FROM guest WHERE convention_id = $1 GROUP BY state`, [convention.id]);
    expect(states).toEqual([{ state: 'SUSPENDED', n: 5 }]);
    expect(await me(otherCookie)).toEqual({ id: otherGuest.guestId });
    await expect(claim(convention, 1)).rejects.toMatchObject({ code: 'CONVENTION_NOT_ACTIVE' });
    const [audit] = await hub.dataSource.query(
      `SELECT actor_kind, details FROM audit_event WHERE convention_id = $1 AND action = 'guest.suspended'`, [convention.id]);
    expect(audit).toMatchObject({ actor_kind: 'SYSTEM', details: { count: 5, withIdentity: 3 } });
  });

  it('finishes its in-flight job before it exits on SIGTERM (graceful shutdown), then the next worker has nothing to redo', async () => {
    const convention = await given(hub.dataSource).convention({ quota: { ELV: 20000 } });
    const jobId = await enqueue('guest-pool-provision', { conventionId: convention.id, profile: 'National_ELV', revision: 0 },
      [convention.id, 'elv', '0']);
    await waitFor('provisioning to start', async () => (await count(convention.id, 'National_ELV')) > 0, 30_000, 5);
    const stopping = worker!;
    const atSignal = await count(convention.id, 'National_ELV');
    await stopping.stop('SIGTERM');
    // The worker exits only once its active job is done: the pool is full at exit and the job completed, not failed.
    expect(atSignal).toBeLessThan(20000);
    expect(await count(convention.id, 'National_ELV')).toBe(20000);
    const job = await guestsQueue().getJob(jobId);
    expect(job?.finishedOn).toBeTruthy();
    expect(job?.failedReason ?? null).toBeNull();
    worker = await startWorker();
  }, 120_000);
});
