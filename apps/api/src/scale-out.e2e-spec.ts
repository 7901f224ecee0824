import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Client as WsClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { Client as Pg } from 'pg';
import request from 'supertest';
import { conventionInput } from '../../../libs/conventions/src/testing/given';
import { validUai } from '../../../test/factories';
import { graphqlWsClient } from '../../../test/graphql-ws';
import { cookieFrom, GraphqlResult, testEnv, unique } from '../../../test/harness';
import { freePort, HubProcess, ROOT, waitFor } from '../../../test/processes';

/**
 * Scale-out proof: two api processes and two worker processes, built from dist/, on one PostgreSQL database and one
 * Redis prefix, as behind a load balancer without sticky sessions. A session opened on one api works on the other, a
 * notification written by a worker reaches a subscription held by the other api, and every job runs exactly once.
 */
describe('two api processes and two workers on one PostgreSQL and one Redis', () => {
  const env = testEnv();
  const prefix = env.REDIS_KEY_PREFIX!;
  const bootstrapAdmin = { login: unique('root-'), password: `pw-${unique('')}-scale-out` };
  const apis: { process: HubProcess; url: string }[] = [];
  const workers: HubProcess[] = [];
  const sockets: WsClient[] = [];
  let pg: Pg;
  let redis: Redis;

  const gql = async <T>(api: number, query: string, variables: Record<string, unknown> = {}, cookie?: string): Promise<GraphqlResult<T>> => {
    const req = request(apis[api].url).post('/graphql').set('Content-Type', 'application/json');
    if (cookie) req.set('Cookie', cookie);
    const res = await req.send({ query, variables });
    return { status: res.status, data: res.body?.data, errors: res.body?.errors };
  };
  const ok = <T>(result: GraphqlResult<T>): T => {
    if (result.errors) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  };
  const signIn = async (api: number, login: string, password: string): Promise<string> => {
    const res = await request(apis[api].url).post('/auth/local/login').set('Origin', apis[api].url).send({ login, password });
    if (res.status !== 204) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
    return cookieFrom(res.headers['set-cookie']);
  };
  const me = async (api: number, cookie: string) => (await gql<{ me: { id: string; kind: string } | null }>(api, '{ me { id kind } }', {}, cookie)).data?.me;
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> => (await pg.query(text, params)).rows as T[];
  const stopAll = async () => Promise.all([...apis.map((a) => a.process), ...workers].map((p) => p.stop('SIGTERM')));
  const CREATE_STRUCTURE = `mutation($input: CreateStructureInput!) { createStructure(input: $input) { id uai name } }`;

  /** Runs `task` over `items`, `width` at a time. */
  async function inParallel<I, O>(items: I[], width: number, task: (item: I, index: number) => Promise<O>): Promise<O[]> {
    const results: O[] = new Array(items.length);
    let next = 0;
    await Promise.all(Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index], index);
      }
    }));
    return results;
  }

  /** The `job completed` lines (debug level) of a worker's JSON logs: which process ran which job. */
  function jobsRunBy(worker: HubProcess): { pid: number; job: string; jobId: string }[] {
    return worker.text.split('\n').filter((line) => line.startsWith('{') && line.endsWith('}') && line.includes('"job completed"'))
      .map((line) => JSON.parse(line));
  }

  beforeAll(async () => {
    pg = new Pg({ connectionString: env.DATABASE_URL });
    await pg.connect();
    redis = new Redis(env.REDIS_URL!);
    const ports = [await freePort(), await freePort()];
    // Both apis get the first-administrator variables: they start together and must create one administrator only.
    for (const port of ports) {
      apis.push({ url: `http://127.0.0.1:${port}`, process: HubProcess.start('api', { ...env, PORT: String(port), LOG_LEVEL: 'warn',
        ADMIN_LOGIN: bootstrapAdmin.login, ADMIN_PASSWORD: bootstrapAdmin.password }) });
    }
    for (let i = 0; i < 2; i++) workers.push(HubProcess.start('worker', { ...env, LOG_LEVEL: 'debug' }));
    // Ready, or fail at once with what the process said if it exits first.
    const started = (p: HubProcess, what: string, probe: () => Promise<boolean>) => Promise.race([
      waitFor(() => `${what} (${p.text.slice(-1500)})`, probe, 150_000, 200),
      p.exited().then((code) => { throw new Error(`${what}: exited with ${code} (${p.text.slice(-1500)})`); }),
    ]);
    await Promise.all([
      ...apis.map((api) => started(api.process, 'an api to be ready', async () => (await request(api.url).get('/health/ready')).status === 200)),
      ...workers.map((worker) => started(worker, 'a worker to consume', async () => worker.text.includes('consuming its queues'))),
    ]);
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) await socket.dispose();
    await stopAll();
    redis?.disconnect();
    await pg?.end();
  });

  it('created one first administrator although both apis started with ADMIN_LOGIN at the same time', async () => {
    expect(await sql(`SELECT login FROM hub_admin`)).toEqual([{ login: bootstrapAdmin.login }]);
  });

  it('shares sessions: signed in on one api, known on the other; signed out on the other, refused on the first', async () => {
    const cookie = await signIn(0, bootstrapAdmin.login, bootstrapAdmin.password);
    const [admin] = await sql<{ id: string }>(`SELECT id FROM hub_admin WHERE login = $1`, [bootstrapAdmin.login]);
    expect(await me(0, cookie)).toEqual({ id: admin.id, kind: 'HUB_ADMIN' });
    expect(await me(1, cookie)).toEqual({ id: admin.id, kind: 'HUB_ADMIN' });

    // A subscription held by api 2 receives the notification that a worker writes after a mutation on api 1
    // (PostgreSQL LISTEN/NOTIFY: no process keeps it to itself).
    const socket = graphqlWsClient(apis[1].url, cookie);
    sockets.push(socket);
    const received: { kind: string; message: string }[] = [];
    const errors: unknown[] = [];
    const stop = socket.subscribe<{ notificationAdded: { kind: string; message: string } }>(
      { query: 'subscription { notificationAdded { id kind message } }' },
      { next: (value) => { if (value.data) received.push(value.data.notificationAdded); if (value.errors) errors.push(...value.errors); },
        error: (error) => errors.push(error), complete: () => undefined });
    // api 2 listens once it has a subscriber: wait for its LISTEN connection, then act.
    await waitFor(() => `api 2 to LISTEN (errors: ${JSON.stringify(errors)})`, async () => (await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()
       AND application_name = 'passerelle-notifications' AND query = 'LISTEN notification_added'`))[0].n === 1, 20_000, 50);
    const uai = validUai();
    ok(await gql(0, CREATE_STRUCTURE, { input: { uai, name: 'École du Pont', type: 'ECOLE' } }, cookie));
    const pushed = await waitFor(() => `the notification on api 2 (errors: ${JSON.stringify(errors)})`,
      async () => received.find((n) => n.message.includes(uai)), 20_000, 50);
    expect(pushed).toEqual({ id: expect.any(String), kind: 'STRUCTURE_CREATED',
      message: `Nouvel établissement dans l'annuaire : École du Pont (${uai}).` });
    expect(errors).toEqual([]);
    stop();

    const out = await request(apis[1].url).post('/auth/logout').set('Origin', apis[1].url).set('Cookie', cookie);
    expect(out.status).toBe(204);
    expect(await me(0, cookie)).toBeNull();
    expect(await me(1, cookie)).toBeNull();
  });

  it('runs every job exactly once, spread over both workers, while both apis enqueue', async () => {
    // A second administrator (the operator's command line), so that each structure notifies two people.
    const second = { login: unique('ops-'), password: `pw-${unique('')}-second` };
    const cli = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/cli.js'), 'admin:create', second.login, 'Second admin'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, DATABASE_URL: env.DATABASE_URL, LOG_LEVEL: 'warn', ADMIN_PASSWORD: second.password },
    });
    let cliOutput = '';
    cli.stdout.on('data', (d: Buffer) => { cliOutput += d.toString(); });
    cli.stderr.on('data', (d: Buffer) => { cliOutput += d.toString(); });
    expect(await new Promise((resolve) => cli.once('exit', resolve))).toBe(0);
    expect(cliOutput).toContain(`Hub administrator created: ${second.login}`);
    const cookies = [await signIn(0, bootstrapAdmin.login, bootstrapAdmin.password), await signIn(1, second.login, second.password)];

    // 160 structures, half through each api, 16 requests at a time: 160 structure-created jobs.
    const STRUCTURES = 160;
    const structures = await inParallel(Array.from({ length: STRUCTURES }, (_, i) => i), 16, async (i) => ok(await gql<{
      createStructure: { id: string } }>(i % 2, CREATE_STRUCTURE, { input: { uai: validUai(), name: unique('École '), type: 'ECOLE' } },
      cookies[i % 2])).createStructure.id);

    // Four conventions activated (created on one api, activated on the other): 8 pools, 6,400 guests in all.
    const QUOTAS = { ELV: 1500, ENS: 100 };
    const partner = ok(await gql<{ createPartner: { id: string } }>(0,
      `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`,
      { input: { slug: unique('ent-'), name: 'ENT du collège', kind: 'COLLEGE', protocol: 'SAML2' } }, cookies[0])).createPartner;
    const conventionIds = await inParallel([0, 1, 2, 3], 4, async (i) => {
      const input = conventionInput(partner.id, [structures[i]], { quotas: Object.entries(QUOTAS).map(([profile, quota]) => ({ profile, quota })) });
      const { createConvention } = ok(await gql<{ createConvention: { id: string } }>(i % 2,
        `mutation($input: CreateConventionInput!) { createConvention(input: $input) { id } }`, { input }, cookies[i % 2]));
      ok(await gql((i + 1) % 2, `mutation($id: ID!) { activateConvention(id: $id) { id status } }`, { id: createConvention.id },
        cookies[(i + 1) % 2]));
      return createConvention.id;
    });

    // Every job that is due has been written to the outbox; wait until each one has run.
    const due = await sql<{ job_id: string; queue: string }>(`SELECT job_id, queue FROM outbox_job WHERE run_at <= now()`);
    const dueIds = new Set(due.map((j) => j.job_id));
    expect(structures.filter((id) => !dueIds.has(`structure-created.${id}`))).toEqual([]);
    expect(due.filter((j) => j.job_id.startsWith('guest-pool-provision.'))).toHaveLength(8);
    const runs = () => workers.flatMap(jobsRunBy);
    await waitFor(() => `every job to run (${runs().length}/${due.length}; ${workers.map((w) => w.text.slice(-800)).join('\n')})`,
      async () => runs().length >= due.length, 60_000, 100);

    // The outbox: every row handed over, each leased once only although four relays (two apis, two workers) poll it.
    // (Delayed jobs, such as each convention's window end, are handed over too: BullMQ holds them until their time.)
    await waitFor('the outbox to be relayed', async () => (await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_job WHERE dispatched_at IS NULL`))[0].n === 0, 20_000, 100);
    const [outbox] = await sql<{ n: number }>(`SELECT count(*)::int AS n, count(*) FILTER (WHERE dispatched_at IS NULL)::int AS pending,
      count(*) FILTER (WHERE attempts <> 1)::int AS leased_again, count(DISTINCT job_id)::int AS ids FROM outbox_job`);
    expect(outbox).toEqual({ n: expect.any(Number), pending: 0, leased_again: 0, ids: outbox.n });
    expect(outbox.n).toBeGreaterThanOrEqual(due.length);

    // Each due job ran once, on one worker, at its first attempt; BullMQ started it once and kept no failure.
    const ran = runs();
    expect(ran.map((r) => r.jobId).sort()).toEqual(due.map((j) => j.job_id).sort());
    const states = await Promise.all(due.map(async (j) => redis.hmget(`${prefix}:${j.queue}:${j.job_id}`, 'ats', 'finishedOn', 'failedReason')));
    expect(states.filter(([ats, finishedOn, failedReason]) => ats !== '1' || !finishedOn || failedReason !== null)).toEqual([]);

    // Their effects: exactly one notification per administrator and structure, exactly the quota of guests per pool,
    // one provisioning run per pool.
    const [notified] = await sql(`SELECT count(*)::int AS n, count(DISTINCT (recipient_id, payload->>'structureId'))::int AS pairs
      FROM notification WHERE kind = 'STRUCTURE_CREATED' AND payload->>'structureId' = ANY($1)`, [structures]);
    expect(notified).toEqual({ n: STRUCTURES * 2, pairs: STRUCTURES * 2 });
    const pools = await sql(`SELECT convention_id, profile, count(*)::int AS n, count(DISTINCT seq)::int AS seqs,
      count(DISTINCT login)::int AS logins, min(seq) AS min, max(seq) AS max FROM guest GROUP BY convention_id, profile ORDER BY 1, 2`);
    expect(pools).toEqual([...conventionIds].sort().flatMap((id) => [
      { convention_id: id, profile: 'National_ELV', n: QUOTAS.ELV, seqs: QUOTAS.ELV, logins: QUOTAS.ELV, min: 1, max: QUOTAS.ELV },
      { convention_id: id, profile: 'National_ENS', n: QUOTAS.ENS, seqs: QUOTAS.ENS, logins: QUOTAS.ENS, min: 1, max: QUOTAS.ENS },
    ]));
    expect(await sql(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'guest-pool.provisioned'`)).toEqual([{ n: 8 }]);

    const spread = workers.map((w) => {
      const mine = jobsRunBy(w);
      return `worker ${w.child.pid}: ${mine.length} jobs (${mine.filter((r) => r.job === 'structure-created').length} structure-created, `
        + `${mine.filter((r) => r.job === 'guest-pool-provision').length} guest-pool-provision)`;
    });
    // Not an assertion (BullMQ may hand every job to the first worker that asks): printed for the record.
    process.stdout.write(`scale-out: ${due.length} jobs; ${spread.join('; ')}\n`);
  }, 180_000);

  it('stops all four processes on SIGTERM, each with a clean exit', async () => {
    for (const socket of sockets.splice(0)) await socket.dispose();
    const codes = await Promise.all([...apis.map((a) => a.process), ...workers].map(async (p) => {
      await p.stop('SIGTERM');
      return { code: p.child.exitCode, signal: p.child.signalCode };
    }));
    expect(codes).toEqual([...apis, ...workers].map(() => ({ code: 0, signal: null })));
  }, 60_000);
});
