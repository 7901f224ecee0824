// Scenario `provision-10k`: the hub provisions a pool of 10,000 guests for one convention, the production way.
// A convention is activated (ACTIVE, quota National_ELV = 10,000) and its `guest-pool-provision` job is written to the
// outbox by SQL, as activateConvention's transaction does; a worker process (node dist/apps/worker/src/main.js, with
// the hub's database and Redis prefix) relays it to BullMQ, consumes it and runs GuestPoolProvisionHandler: ten
// transactions of 1,000 rows (lock the convention, count, one INSERT ... SELECT generate_series, commit) and the audit
// event. Measured: from the outbox write until the pool holds 10,000 guests and the audit event is written.
// Baseline, in the same run and the same database: one raw multi-row INSERT of the same 10,000 rows
// (INSERT INTO guest (convention_id, profile, seq, login) VALUES (...), ... ×10,000) through pg, for another convention.
// ratio = raw time ÷ hub time (1 would mean the hub costs nothing over the raw INSERT).
import { resolve } from 'node:path';
import pg from 'pg';

export const name = 'provision-10k';
export const description = 'provisioning a pool of 10,000 guests through the outbox and the worker process, vs one raw multi-row INSERT';

const POOL = 10_000;
const WORKER_POLL_MS = 50;
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

let worker;
let partnerId;

function uai(number) {
  const digits = String(number).padStart(7, '0');
  return digits + LETTERS[Number(digits) % 23];
}

async function withClient(ctx, work) {
  const client = new pg.Client({ connectionString: ctx.databaseUrl, application_name: 'passerelle-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createConvention(client, round, kind, quota = POOL) {
  const code = `b${kind}${round}${Date.now().toString(36)}`.slice(0, 20);
  const { rows: [convention] } = await client.query(
    `INSERT INTO convention (code, title, partner_id, status, school_year, valid_from, valid_until, retention_days, contribution_fate,
                             created_by_kind, created_by_id, activated_at)
     VALUES ($1, $2, $3, 'ACTIVE', '2026-2027', now() - interval '1 day', now() + interval '300 days', 30, 'KEEP_PSEUDONYMIZED',
             'SYSTEM', gen_random_uuid(), now()) RETURNING id, code`, [code, `Convention bench ${code}`, partnerId]);
  await client.query(`INSERT INTO convention_partner_structure (convention_id, uai) VALUES ($1, $2)`, [convention.id, uai(round + 8_000_000)]);
  await client.query(`INSERT INTO convention_profile_quota (convention_id, profile, quota) VALUES ($1, 'National_ELV', $2)`, [convention.id, quota]);
  return convention;
}

export async function setup(ctx) {
  await withClient(ctx, async (client) => {
    const { rows: [partner] } = await client.query(
      `INSERT INTO partner_ent (slug, name, kind, protocol, oidc_settings) VALUES ('bench-provision', 'Collège bench', 'COLLEGE', 'OIDC', '{}')
       RETURNING id`);
    partnerId = partner.id;
  });
  worker = ctx.spawn('worker', resolve(ctx.root, 'dist/apps/worker/src/main.js'), [], {
    NODE_ENV: 'production', LOG_LEVEL: 'info', DATABASE_URL: ctx.databaseUrl, REDIS_URL: ctx.redisUrl,
    REDIS_KEY_PREFIX: ctx.redisPrefix, OUTBOX_POLL_MS: String(WORKER_POLL_MS), MIGRATIONS_RUN: 'false', SECRET_KEY: ctx.secretKey,
  });
  const deadline = Date.now() + 60_000;
  while (!worker.output.includes('consuming its queues')) {
    if (worker.exitReason) throw new Error(worker.exitReason);
    if (Date.now() > deadline) throw new Error(`the worker did not start: ${worker.output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  ctx.log(`${name}: worker ready (pid ${worker.pid}, outbox poll ${WORKER_POLL_MS} ms)`);
}

/** One hub run: the outbox job written, then polling every 20 ms until the pool is full and the audit event exists. */
async function hubRun(client, round, size = POOL) {
  const convention = await createConvention(client, round, size === POOL ? 'h' : 'w', size);
  const started = process.hrtime.bigint();
  await client.query(
    `INSERT INTO outbox_job (queue, name, job_id, payload) VALUES ('guests', 'guest-pool-provision', $1, $2)`,
    [`guest-pool-provision.${convention.id}.elv.0`, JSON.stringify({ conventionId: convention.id, profile: 'National_ELV', revision: 0 })]);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { rows: [row] } = await client.query(
      `SELECT (SELECT count(*)::int FROM guest WHERE convention_id = $1) AS n,
              (SELECT occurred_at FROM audit_event WHERE convention_id = $1 AND action = 'guest-pool.provisioned' LIMIT 1) AS audited,
              (SELECT min(created_at) FROM guest WHERE convention_id = $1) AS first_batch`, [convention.id]);
    if (row.n === size && row.audited) {
      const endToEndMs = Number(process.hrtime.bigint() - started) / 1e6;
      // Inside the worker: from the first batch's transaction to the audit event (no relay, no queue).
      const handlerMs = row.audited.getTime() - row.first_batch.getTime();
      return { endToEndMs, handlerMs };
    }
    if (row.n > size) throw new Error(`the pool holds ${row.n} guests, more than ${size}`);
    if (worker.exitReason) throw new Error(worker.exitReason);
    if (Date.now() > deadline) throw new Error(`provisioning did not finish: ${row.n} guests (worker: ${worker.output.slice(-1500)})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The baseline: the same 10,000 rows in one multi-row INSERT statement, built and sent through pg. */
async function rawRun(client, round) {
  const convention = await createConvention(client, round, 'r');
  const started = process.hrtime.bigint();
  const values = [];
  const params = [convention.id, 'National_ELV'];
  for (let seq = 1; seq <= POOL; seq += 1) {
    params.push(seq, `inv-${convention.code}-elv-${seq}`);
    values.push(`($1, $2, $${params.length - 1}, $${params.length})`);
  }
  await client.query(`INSERT INTO guest (convention_id, profile, seq, login) VALUES ${values.join(', ')}`, params);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const { rows: [{ n }] } = await client.query(`SELECT count(*)::int AS n FROM guest WHERE convention_id = $1`, [convention.id]);
  if (n !== POOL) throw new Error(`raw INSERT wrote ${n} rows`);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function run(ctx, options) {
  return withClient(ctx, async (client) => {
    // Warm-up (unmeasured): one pool of 1,000 through the worker, so that the measured job does not pay for its
    // first connections and JIT compilation.
    if (options.warmupSeconds > 0) await hubRun(client, 0, 1_000);
    const rounds = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      const hub = await hubRun(client, round);
      const rawMs = await rawRun(client, round);
      ctx.log(`${name}: hub ${hub.endToEndMs.toFixed(0)} ms end to end (${hub.handlerMs} ms in the handler), raw INSERT ${rawMs.toFixed(0)} ms`
        + (options.rounds > 1 ? ` (round ${round}/${options.rounds})` : ''));
      rounds.push({ hubMs: hub.endToEndMs, handlerMs: hub.handlerMs, rawMs });
    }
    const hubMs = median(rounds.map((r) => r.hubMs));
    const handlerMs = median(rounds.map((r) => r.handlerMs));
    const rawMs = median(rounds.map((r) => r.rawMs));
    return {
      rps: (POOL * 1000) / hubMs,
      p50Ms: null,
      p99Ms: null,
      baselineRps: (POOL * 1000) / rawMs,
      ratio: Math.round((rawMs / hubMs) * 1000) / 1000,
      hubMs: Math.round(hubMs),
      handlerMs,
      rawMs: Math.round(rawMs),
      handlerRatio: Math.round((rawMs / handlerMs) * 1000) / 1000,
      rounds: rounds.map((r) => ({ hubMs: Math.round(r.hubMs), handlerMs: r.handlerMs, rawMs: Math.round(r.rawMs) })),
      baselineDescription: 'one INSERT ... VALUES of the same 10,000 rows through pg',
      note: `guests/s in the requests/s columns; hub ${Math.round(hubMs)} ms from the outbox write to 10,000 guests `
        + `(${handlerMs} ms inside the handler), raw multi-row INSERT ${Math.round(rawMs)} ms; ratio = raw time ÷ hub time`
        + ` (${Math.round((rawMs / handlerMs) * 1000) / 1000} counting the handler only)`,
    };
  });
}
