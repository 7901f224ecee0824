// Scenario `claim-guest`: claimGuest throughput with 50 concurrent claimers (distinct partner identities).
// claimGuest has no HTTP route yet (the federation's sign-in will call it), so it is measured in-process, honestly:
// this file, run as a child process (`node bench/scenarios/claim-guest.mjs child hub ...`), builds a Nest application
// context from dist/ with the hub's own modules (TypeORM on the bench database with the hub's pool of 10 connections,
// the outbox, the conventions, audit and guests libraries) and has 50 async claimers call
// GuestClaimService.claimGuest in a loop: per claim one transaction with the admitting-convention query (its rows
// locked FOR SHARE), the bind (one UPDATE ... SKIP LOCKED), the audit event and the low-pool check.
// Baseline (`child raw`), in its own process: pg.Pool(10) and 50 claimers running only the bind statement
// (the same UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING ...), autocommitted.
// Each side gets its own convention with a pool of 100,000 AVAILABLE guests, the same warm-up and duration.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const name = 'claim-guest';
export const description = 'GuestClaimService.claimGuest in-process, 50 concurrent claimers, pool of 100,000, vs the bare bind statement';

const POOL = 100_000;
const CONCURRENCY = 50;
const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(SELF, '../../..');
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const BIND = `WITH bound AS (
    UPDATE guest SET state = 'BOUND', issuer = $3, subject = $4, display_name = $5, uai = $6, class_code = $7, bound_at = now()
    WHERE id = (SELECT id FROM guest WHERE convention_id = $1 AND profile = $2 AND state = 'AVAILABLE'
                ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, login)
  SELECT id, login FROM bound`;

function uai(number) {
  const digits = String(number).padStart(7, '0');
  return digits + LETTERS[Number(digits) % 23];
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// ---------------------------------------------------------------- parent side (bench/run.mjs plug-in)

let partnerId;

async function withClient(ctx, work) {
  const client = new pg.Client({ connectionString: ctx.databaseUrl, application_name: 'passerelle-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let conventions = 0;

/** An ACTIVE convention of the bench partner covering a school of its own, with POOL AVAILABLE guests (quota POOL). */
async function conventionWithPool(client, label) {
  const school = uai(8_100_000 + (conventions += 1));
  const code = `c${label}${Date.now().toString(36)}`.slice(0, 20);
  const { rows: [convention] } = await client.query(
    `INSERT INTO convention (code, title, partner_id, status, school_year, valid_from, valid_until, retention_days, contribution_fate,
                             created_by_kind, created_by_id, activated_at)
     VALUES ($1, $2, $3, 'ACTIVE', '2026-2027', now() - interval '1 day', now() + interval '300 days', 30, 'KEEP_PSEUDONYMIZED',
             'SYSTEM', gen_random_uuid(), now()) RETURNING id, code`, [code, `Convention bench ${code}`, partnerId]);
  await client.query(`INSERT INTO convention_partner_structure (convention_id, uai) VALUES ($1, $2)`, [convention.id, school]);
  await client.query(`INSERT INTO convention_profile_quota (convention_id, profile, quota) VALUES ($1, 'National_ELV', $2)`, [convention.id, POOL]);
  await client.query(
    `INSERT INTO guest (convention_id, profile, seq, login)
     SELECT $1::uuid, 'National_ELV', s, $2::text || s FROM generate_series(1, $3::int) AS s`, [convention.id, `inv-${code}-elv-`, POOL]);
  await client.query('ANALYZE guest');
  return { ...convention, uai: school };
}

export async function setup(ctx) {
  await withClient(ctx, async (client) => {
    const { rows: [partner] } = await client.query(
      `INSERT INTO partner_ent (slug, name, kind, protocol, oidc_settings) VALUES ('bench-claim', 'Collège bench', 'COLLEGE', 'OIDC', '{}')
       RETURNING id`);
    partnerId = partner.id;
  });
}

async function runChild(ctx, mode, convention, options) {
  const child = ctx.spawn(`claim-guest ${mode}`, SELF, ['child', mode], {
    NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: ctx.databaseUrl, REDIS_URL: ctx.redisUrl, REDIS_KEY_PREFIX: ctx.redisPrefix,
    SECRET_KEY: ctx.secretKey, MIGRATIONS_RUN: 'false',
    BENCH_CONVENTION_ID: convention.id, BENCH_PARTNER_ID: partnerId, BENCH_UAI: convention.uai,
    BENCH_WARMUP_MS: String(options.warmupSeconds * 1000), BENCH_DURATION_MS: String(options.durationSeconds * 1000),
    BENCH_CONCURRENCY: String(CONCURRENCY),
  });
  const { code } = await child.exit;
  const line = child.output.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`claim-guest ${mode} child failed (exit ${code}): ${child.output.slice(-3000)}`);
  return JSON.parse(line.slice('RESULT '.length));
}

async function bound(ctx, conventionId) {
  return withClient(ctx, async (client) => {
    const { rows: [row] } = await client.query(
      `SELECT count(*)::int AS n, count(DISTINCT subject)::int AS subjects FROM guest WHERE convention_id = $1 AND state = 'BOUND'`, [conventionId]);
    return row;
  });
}

export async function run(ctx, options) {
  const rounds = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    const [hubConvention, rawConvention] = await withClient(ctx, async (client) =>
      [await conventionWithPool(client, `h${round}`), await conventionWithPool(client, `r${round}`)]);
    const hub = await runChild(ctx, 'hub', hubConvention, options);
    const hubBound = await bound(ctx, hubConvention.id);
    if (hubBound.n !== hub.completed || hubBound.subjects !== hubBound.n) {
      throw new Error(`hub: ${hub.completed} claims returned but ${hubBound.n} guests bound (${hubBound.subjects} identities)`);
    }
    const raw = await runChild(ctx, 'raw', rawConvention, options);
    const label = options.rounds > 1 ? ` (round ${round}/${options.rounds})` : '';
    ctx.log(`${name}: hub ${hub.perSecond.toFixed(0)} claims/s, p50 ${hub.p50Ms} ms, p99 ${hub.p99Ms} ms, ${hub.errors} errors; `
      + `raw ${raw.perSecond.toFixed(0)} claims/s, p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms, ${raw.errors} errors${label}`);
    rounds.push({ hub, raw });
  }
  const rps = median(rounds.map((r) => r.hub.perSecond));
  const baselineRps = median(rounds.map((r) => r.raw.perSecond));
  return {
    rps,
    p50Ms: median(rounds.map((r) => r.hub.p50Ms)),
    p99Ms: median(rounds.map((r) => r.hub.p99Ms)),
    baselineRps,
    baselineP50Ms: median(rounds.map((r) => r.raw.p50Ms)),
    baselineP99Ms: median(rounds.map((r) => r.raw.p99Ms)),
    ratio: Math.round((rps / baselineRps) * 1000) / 1000,
    errors: rounds.reduce((sum, r) => sum + r.hub.errors, 0),
    baselineErrors: rounds.reduce((sum, r) => sum + r.raw.errors, 0),
    requests: rounds.reduce((sum, r) => sum + r.hub.measured, 0),
    baselineRequests: rounds.reduce((sum, r) => sum + r.raw.measured, 0),
    rounds: rounds.map(({ hub, raw }) => ({ rps: hub.perSecond, p50Ms: hub.p50Ms, p99Ms: hub.p99Ms, errors: hub.errors,
      baselineRps: raw.perSecond, baselineP50Ms: raw.p50Ms, baselineP99Ms: raw.p99Ms, baselineErrors: raw.errors })),
    baselineDescription: 'pg.Pool(10), the bind statement alone (UPDATE ... SKIP LOCKED), autocommitted',
    note: `claims/s in the requests/s columns (in-process, ${CONCURRENCY} concurrent claimers, pool of 10 connections each side); `
      + `baseline p50/p99 ${median(rounds.map((r) => r.raw.p50Ms))}/${median(rounds.map((r) => r.raw.p99Ms))} ms`,
  };
}

// ---------------------------------------------------------------- child side (one measured process)

/** `concurrency` claimers call `claimOnce` until the end; only claims started after the warm-up are counted. */
async function claimers(claimOnce, { concurrency, warmupMs, durationMs }) {
  const latencies = [];
  let errors = 0;
  let completed = 0;
  let firstError;
  let next = 0;
  const measureFrom = Date.now() + warmupMs;
  const end = measureFrom + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < end) {
      const measured = Date.now() >= measureFrom;
      const started = process.hrtime.bigint();
      try {
        await claimOnce(next++);
        completed += 1;
        if (measured) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      } catch (error) {
        firstError ??= error;
        if (measured) errors += 1;
      }
    }
  }));
  latencies.sort((a, b) => a - b);
  const round2 = (v) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    measured: latencies.length, completed, errors, perSecond: Math.round((latencies.length / (durationMs / 1000)) * 10) / 10,
    p50Ms: round2(percentile(latencies, 50)), p99Ms: round2(percentile(latencies, 99)),
    firstError: firstError ? String(firstError.code ?? '') + ' ' + String(firstError.message ?? firstError) : null,
  };
}

async function childMain(mode) {
  const env = process.env;
  const load = {
    concurrency: Number(env.BENCH_CONCURRENCY), warmupMs: Number(env.BENCH_WARMUP_MS), durationMs: Number(env.BENCH_DURATION_MS),
  };
  const identity = (n) => ({
    partnerId: env.BENCH_PARTNER_ID, issuer: 'https://idp.college-bench.test', subject: `${mode}-${process.pid}-${n}`,
    profile: 'National_ELV', uai: env.BENCH_UAI, classCode: '6e A', displayName: `Élève bench ${n}`,
  });
  let result;
  if (mode === 'raw') {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10, application_name: 'passerelle-bench-baseline' });
    result = await claimers(async (n) => {
      const who = identity(n);
      const { rows } = await pool.query(BIND, [env.BENCH_CONVENTION_ID, 'National_ELV', who.issuer, who.subject, who.displayName, who.uai,
        who.classCode]);
      if (rows.length !== 1) throw new Error('pool exhausted');
    }, load);
    await pool.end();
  } else {
    const require = createRequire(SELF);
    require('reflect-metadata');
    const dist = (path) => require(resolve(ROOT, 'dist', path));
    const { Module } = require('@nestjs/common');
    const { NestFactory } = require('@nestjs/core');
    const { TypeOrmModule } = require('@nestjs/typeorm');
    const { ConfigModule, loadConfig } = dist('libs/config/src/index.js');
    const { dataSourceOptions } = dist('libs/database/src/index.js');
    const { JobsModule } = dist('libs/jobs/src/index.js');
    const { IdentityModule, SessionService } = dist('libs/identity/src/index.js');
    const { GuestsModule, GuestClaimService } = dist('libs/guests/src/index.js');
    const { ALL_ENTITIES } = dist('apps/api/src/database.js');
    const config = loadConfig(env);
    // The hub's own modules, as the API process assembles them, without GraphQL and HTTP (no route calls claimGuest yet).
    class ClaimBenchModule {}
    Module({
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions({ url: config.DATABASE_URL, entities: ALL_ENTITIES, applicationName: 'passerelle-bench-claims' })),
        JobsModule.forRoot(config, { consume: false }),
        IdentityModule.forRoot(config, { http: false }),
        GuestsModule.forRoot({ sessions: SessionService }),
      ],
    })(ClaimBenchModule);
    const app = await NestFactory.createApplicationContext(ClaimBenchModule, { logger: false });
    await app.init();
    const claims = app.get(GuestClaimService);
    result = await claimers((n) => claims.claimGuest(identity(n)), load);
    await app.close();
  }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

if (process.argv[1] === SELF && process.argv[2] === 'child') {
  childMain(process.argv[3]).then(() => process.exit(0), (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
