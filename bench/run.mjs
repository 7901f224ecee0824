// Load scenarios against the real hub, each next to a raw baseline measured in the same run.
//
//   npm run bench [-- --duration 10] [--warmup 2] [--connections 50] [--rounds 1] [--only NAME] [--json FILE] [--embedded]
//
// A run creates its own PostgreSQL database (passerelle_bench_<suffix>, on BENCH_DATABASE_ADMIN_URL, default
// postgres://postgres@127.0.0.1:5432/postgres) and Redis prefix (on BENCH_REDIS_URL, default
// redis://127.0.0.1:6379), starts the built hub (dist/) as a child process in production mode, signs in as
// its first administrator, then for each scenario: setup (seed through the API), one answer verified, a
// warm-up, a fixed-duration autocannon run on 127.0.0.1, the same against the scenario's baseline server
// (--rounds N: hub and baseline take N turns, medians reported).
// Everything it started is stopped, the database dropped and the Redis keys deleted, also on failure or Ctrl-C.
//
// A scenario is a module bench/scenarios/<name>.mjs exporting:
//   name, description
//   setup(ctx)            seed what the scenario reads (ctx.gql, ctx.adminCookie, ctx.log, ...)
//   request(ctx)          the request autocannon repeats: { method, path, headers, body }
//   verify(answer)?       throws unless { status, json, text } is a correct answer (default: 2xx, no GraphQL errors)
//   isErrorBody(text)?    marks a 2xx answer that is an error during the load (default: a GraphQL `errors` member)
//   baseline?             { description, handle(pool, req) → JSON value, request?(ctx) } served by bench/baseline-server.mjs
// or, for work that is not an HTTP request (jobs, in-process calls), instead of request/verify/baseline:
//   run(ctx, options)     measures hub and baseline itself and returns the report's row: { rps, p50Ms, p99Ms, baselineRps,
//                         ratio, errors, note?, sigVerifyPct?, ... } (ctx.spawn starts a child process that the cleanup stops)
//   teardown(ctx)?        (with run) undoes what setup made outside the run's database and processes; part of the cleanup
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { hasGraphqlErrors, measure, sendOnce, stopLoad } from './lib/load.mjs';
import { processCpuSeconds } from './lib/federation.mjs';
import { Child, freePort, HUB_NODE_FLAGS, waitFor } from './lib/processes.mjs';
import { waitForOutboxDrained } from './lib/resources.mjs';
import { benchServers, cleanupsOf, freshDatabase, hubReady } from './lib/run-setup.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const HUB_ENTRY = resolve(ROOT, 'dist/apps/api/src/main.js');
const BASELINE_ENTRY = resolve(BENCH, 'baseline-server.mjs');
const SESSION_COOKIE = 'passerelle_session';
/** Production requires a key for secrets at rest (SECRET_KEY): a fresh one per run, for the hub and any worker. */
const SECRET_KEY = randomBytes(32).toString('base64');

const USAGE = `usage: npm run bench -- [options]
  --duration SECONDS     measured time per target (default 10)
  --warmup SECONDS       unmeasured load before each measurement (default 2)
  --connections N        concurrent connections (default 50)
  --rounds N             hub and baseline take N turns each; medians are reported (default 1)
  --only NAME            run one scenario
  --json FILE            also write the results as a JSON array
  --embedded             run the hub without REDIS_URL (sessions and jobs in PostgreSQL)
environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres),
             BENCH_REDIS_URL (default redis://127.0.0.1:6379),
             BENCH_HUB_EXEC_ARGV (node options of the hub process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof")`;

const started = Date.now();
function log(message) {
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}\n`);
}

function usageError(message) {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        duration: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '2' },
        connections: { type: 'string', default: '50' },
        rounds: { type: 'string', default: '1' },
        only: { type: 'string' },
        json: { type: 'string' },
        embedded: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    usageError(error.message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const integer = (flag, min, max) => {
    const value = Number(values[flag]);
    if (!Number.isInteger(value) || value < min || value > max) usageError(`--${flag} must be an integer from ${min} to ${max}`);
    return value;
  };
  return {
    durationSeconds: integer('duration', 1, 300),
    warmupSeconds: integer('warmup', 0, 60),
    connections: integer('connections', 1, 1000),
    rounds: integer('rounds', 1, 20),
    only: values.only,
    json: values.json,
    embedded: values.embedded,
  };
}

/** Every bench/scenarios/<name>.mjs, checked for the shape run.mjs relies on, in name order. */
async function loadScenarios() {
  const files = (await readdir(resolve(BENCH, 'scenarios'))).filter((file) => file.endsWith('.mjs')).sort();
  const scenarios = [];
  for (const file of files) {
    const loaded = await import(pathToFileURL(resolve(BENCH, 'scenarios', file)).href);
    const scenario = loaded.default ?? loaded;
    const expected = file.slice(0, -'.mjs'.length);
    if (scenario.name !== expected) throw new Error(`bench/scenarios/${file} must export name = '${expected}'`);
    for (const fn of ['setup', ...(typeof scenario.run === 'function' ? [] : ['request'])]) {
      if (typeof scenario[fn] !== 'function') throw new Error(`bench/scenarios/${file} must export ${fn}(ctx)`);
    }
    if (scenario.baseline && typeof scenario.baseline.handle !== 'function') {
      throw new Error(`bench/scenarios/${file}: baseline.handle(pool, req) is missing`);
    }
    scenarios.push(scenario);
  }
  return scenarios;
}

/** The default check of a first answer: 2xx and no GraphQL errors. */
function verifyDefault({ status, text }) {
  if (status < 200 || status > 299 || hasGraphqlErrors(text)) throw new Error(`unexpected answer ${status}: ${text.slice(0, 500)}`);
}

// ---- cleanup: everything started is registered here, undone in reverse order, once ----
// (unwindTo(mark) undoes what was registered after the first `mark` entries: a scenario's processes and database)
const cleanups = [];
const { cleanUp, unwindTo } = cleanupsOf(cleanups, 'bench');

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) {
      process.stderr.write('[bench] second signal: exiting without finishing the cleanup\n');
      process.exit(130);
    }
    interrupted = true;
    log(`${signal}: stopping the load, the processes, dropping the database`);
    stopLoad();
    cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

async function startHub({ databaseUrl: url, redisUrl, redisPrefix }) {
  if (!existsSync(HUB_ENTRY)) throw new Error(`${HUB_ENTRY} is missing: run \`npm run bench\` (it builds first)`);
  const port = await freePort();
  const hubUrl = `http://127.0.0.1:${port}`;
  const admin = { login: 'bench-admin', password: randomBytes(18).toString('base64url') };
  const hub = new Child('hub', HUB_ENTRY, [], {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: hubUrl,
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: redisPrefix,
    ADMIN_LOGIN: admin.login,
    ADMIN_PASSWORD: admin.password,
    SECRET_KEY,
    // mixed-100's pupils write far faster than a class does: the per-person limits would refuse most of their writes.
    POSTS_PER_WINDOW: '10000',
    COMMENTS_PER_WINDOW: '10000',
  }, ROOT, { execArgv: [...HUB_NODE_FLAGS, ...(process.env.BENCH_HUB_EXEC_ARGV ?? '').split(' ').filter(Boolean)] });
  cleanups.push(['stop the hub', () => hub.stop()]);
  log(`hub starting (pid ${hub.pid}, ${redisUrl ? 'with Redis' : 'embedded jobs, no Redis'})`);
  await hubReady(hub, hubUrl, { timeoutMs: 120_000 });
  log(`hub ready at ${hubUrl}`);
  return { hub, hubUrl, admin };
}

/** Signs in once (login is throttled) and returns `passerelle_session=...`. */
async function signIn(hubUrl, { login, password }) {
  const response = await fetch(`${hubUrl}/auth/local/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: hubUrl }, body: JSON.stringify({ login, password }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 204) throw new Error(`admin sign-in answered ${response.status}: ${text.slice(0, 300)}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('admin sign-in set no session cookie');
  return cookie.split(';')[0];
}

async function startBaseline(scenario, url) {
  const port = await freePort();
  const baseline = new Child(`baseline ${scenario.name}`, BASELINE_ENTRY, [scenario.name],
    { BENCH_DATABASE_URL: url, PORT: String(port) }, ROOT);
  cleanups.push([`stop the ${scenario.name} baseline`, () => baseline.stop()]);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(`the ${scenario.name} baseline`, async () => {
    const response = await fetch(baseUrl, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return true;
  }, { timeoutMs: 20_000, abort: () => baseline.exitReason });
  return { baseline, baseUrl };
}

/** A scenario that measures itself (`run`): setup, then its own hub and baseline runs; it returns the report's row. */
async function runCustomScenario(scenario, ctx, options) {
  log(`scenario ${scenario.name}: ${scenario.description}`);
  if (typeof scenario.teardown === 'function') cleanups.push([`${scenario.name} teardown`, () => scenario.teardown(ctx)]);
  await scenario.setup(ctx);
  const row = await scenario.run(ctx, options);
  return { scenario: scenario.name, description: scenario.description, errors: 0, non2xx: 0, graphqlErrors: 0, socketErrors: 0, ...row };
}

async function runScenario(scenario, ctx, options) {
  if (typeof scenario.run === 'function') return runCustomScenario(scenario, ctx, options);
  log(`scenario ${scenario.name}: ${scenario.description}`);
  await scenario.setup(ctx);
  const drainStarted = Date.now();
  const pendingJobs = await waitForOutboxDrained(ctx.databaseUrl);
  if (!pendingJobs) log(`${scenario.name}: hub outbox drained (waited ${((Date.now() - drainStarted) / 1000).toFixed(1)} s)`);
  if (pendingJobs) log(`${scenario.name}: ${pendingJobs} outbox jobs still pending after 60 s: the hub relays them during the load`);
  const verify = scenario.verify ?? verifyDefault;
  const isErrorBody = scenario.isErrorBody ?? hasGraphqlErrors;
  const load = { connections: options.connections, durationSeconds: options.durationSeconds, isErrorBody };
  const warm = { ...load, durationSeconds: options.warmupSeconds };

  const request = scenario.request(ctx);
  const hubAnswer = await sendOnce(ctx.hubUrl, request);
  verify(hubAnswer);
  log(`${scenario.name}: hub answer verified (${Buffer.byteLength(hubAnswer.text)} bytes)`);
  let baseline;
  let baselineRequest;
  if (scenario.baseline) {
    baseline = await startBaseline(scenario, ctx.databaseUrl);
    baselineRequest = scenario.baseline.request?.(ctx) ?? request;
    const baselineAnswer = await sendOnce(baseline.baseUrl, baselineRequest);
    verify(baselineAnswer);
    log(`${scenario.name}: baseline answer verified (${Buffer.byteLength(baselineAnswer.text)} bytes; ${scenario.baseline.description})`);
  }

  // Hub and baseline take turns, so that a change in the machine's load hits both; one warm-up each.
  const rounds = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    const label = options.rounds > 1 ? ` (round ${round}/${options.rounds})` : '';
    if (round === 1 && options.warmupSeconds) await measure(ctx.hubUrl, request, warm);
    const hubCpu = processCpuSeconds(ctx.hubProcess.pid);
    const hub = await measure(ctx.hubUrl, request, load);
    hub.cpuMsPerRequest = cpuMsPerRequest(hubCpu, processCpuSeconds(ctx.hubProcess.pid), hub.requests);
    if (ctx.hubProcess.exitReason) throw new Error(ctx.hubProcess.exitReason);
    log(`${scenario.name}: hub ${hub.rps} req/s, p50 ${hub.p50Ms} ms, p99 ${hub.p99Ms} ms, ${hub.errors} errors${label}`);
    let base;
    if (baseline) {
      if (round === 1 && options.warmupSeconds) await measure(baseline.baseUrl, baselineRequest, warm);
      const baseCpu = processCpuSeconds(baseline.baseline.pid);
      base = await measure(baseline.baseUrl, baselineRequest, load);
      base.cpuMsPerRequest = cpuMsPerRequest(baseCpu, processCpuSeconds(baseline.baseline.pid), base.requests);
      if (baseline.baseline.exitReason) throw new Error(baseline.baseline.exitReason);
      log(`${scenario.name}: baseline ${base.rps} req/s, p50 ${base.p50Ms} ms, p99 ${base.p99Ms} ms, ${base.errors} errors${label}`);
    }
    rounds.push({ hub, base });
  }
  await baseline?.baseline.stop();

  const hubs = rounds.map((r) => r.hub);
  const bases = baseline ? rounds.map((r) => r.base) : [];
  const sum = (list, key) => list.reduce((total, item) => total + item[key], 0);
  const rps = median(hubs.map((h) => h.rps));
  const baselineRps = baseline ? median(bases.map((b) => b.rps)) : null;
  return {
    scenario: scenario.name,
    rps,
    p50Ms: median(hubs.map((h) => h.p50Ms)),
    p99Ms: median(hubs.map((h) => h.p99Ms)),
    baselineRps,
    ratio: baselineRps ? round3(rps / baselineRps) : null,
    errors: sum(hubs, 'errors'),
    non2xx: sum(hubs, 'non2xx'),
    graphqlErrors: sum(hubs, 'bodyErrors'),
    socketErrors: sum(hubs, 'socketErrors'),
    requests: sum(hubs, 'requests'),
    baselineP50Ms: baseline ? median(bases.map((b) => b.p50Ms)) : null,
    baselineP99Ms: baseline ? median(bases.map((b) => b.p99Ms)) : null,
    baselineErrors: baseline ? sum(bases, 'errors') : null,
    baselineRequests: baseline ? sum(bases, 'requests') : null,
    // CPU time of the server process per answered request (/proc, every thread): steadier than requests/s on a busy host.
    cpuMsPerRequest: median(hubs.map((h) => h.cpuMsPerRequest)),
    baselineCpuMsPerRequest: baseline ? median(bases.map((b) => b.cpuMsPerRequest)) : null,
    rounds: rounds.map(({ hub, base }) => ({
      rps: hub.rps, p50Ms: hub.p50Ms, p99Ms: hub.p99Ms, errors: hub.errors,
      baselineRps: base?.rps ?? null, baselineP50Ms: base?.p50Ms ?? null, baselineP99Ms: base?.p99Ms ?? null,
      baselineErrors: base?.errors ?? null, ratio: base?.rps ? round3(hub.rps / base.rps) : null,
    })),
    description: scenario.description,
    baselineDescription: scenario.baseline?.description ?? null,
    pendingJobsAtStart: pendingJobs,
  };
}

/** CPU milliseconds per request between two processCpuSeconds readings; null when /proc is not there. */
function cpuMsPerRequest(before, after, requests) {
  if (before === null || after === null || !requests) return null;
  return Math.round(((after - before) * 1000 / requests) * 100) / 100;
}

function median(values) {
  if (values.some((value) => value === null || value === undefined)) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round3(value) {
  return Math.round(value * 1000) / 1000;
}

function formatTable(rows) {
  // sigVerify%: the share of the hub's CPU spent verifying signatures, for the scenarios that measure it (federation).
  const sig = rows.some((r) => r.sigVerifyPct !== undefined);
  const header = ['scenario', 'requests/s', 'p50 ms', 'p99 ms', 'baseline requests/s', 'ratio', ...(sig ? ['sigVerify%'] : []), 'errors'];
  const body = rows.map((r) => [
    r.scenario, r.rps.toFixed(0), r.p50Ms?.toString() ?? '—', r.p99Ms?.toString() ?? '—',
    r.baselineRps === null ? '—' : r.baselineRps.toFixed(0), r.ratio === null ? '—' : r.ratio.toFixed(3),
    ...(sig ? [r.sigVerifyPct === undefined || r.sigVerifyPct === null ? '—' : r.sigVerifyPct.toFixed(1)] : []),
    r.errors === 0 ? '0' : `${r.errors} (non-2xx ${r.non2xx}, GraphQL ${r.graphqlErrors}, socket ${r.socketErrors})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** A fresh database, Redis prefix and hub (signed in as its first administrator) for one scenario. */
async function isolatedContext({ adminUrl, redisUrl, options }) {
  const { databaseUrl: url, redisPrefix } = await freshDatabase({ adminUrl, redisUrl, cleanups, log });

  const { hub, hubUrl, admin } = await startHub({ databaseUrl: url, redisUrl, redisPrefix });
  const adminCookie = await signIn(hubUrl, admin);
  return {
    hubUrl, adminCookie, databaseUrl: url, hubProcess: hub, log: (message) => log(message),
    connections: options.connections, durationSeconds: options.durationSeconds,
    redisUrl, redisPrefix, secretKey: SECRET_KEY, root: ROOT,
    /** Starts `node [execArgv] script ...args` with exactly `env` (plus PATH, HOME); the scenario's cleanup stops it. */
    spawn(label, script, args, env, { execArgv } = {}) {
      const child = new Child(label, script, args, env, ROOT, { execArgv });
      cleanups.push([`stop ${label}`, () => child.stop()]);
      return child;
    },
    /** POSTs a GraphQL operation as the signed-in admin (or with `cookie`). */
    async gql(query, variables, cookie = adminCookie) {
      return sendOnce(hubUrl, {
        method: 'POST', path: '/graphql', body: JSON.stringify({ query, variables }),
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      });
    },
  };
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const scenarios = await loadScenarios();
  const selected = options.only ? scenarios.filter((s) => s.name === options.only) : scenarios;
  if (options.only && selected.length === 0) {
    process.stderr.write(`unknown scenario "${options.only}"; known: ${scenarios.map((s) => s.name).join(', ')}\n`);
    process.exit(2);
  }

  // A bound on the whole run: start-up, seeding and cleanup aside, it is the load's fixed durations.
  const budgetSeconds = 180 + selected.length * (2 * (options.rounds * options.durationSeconds + options.warmupSeconds) + 120);
  setTimeout(() => {
    log(`the run exceeded its ${budgetSeconds} s budget: stopping`);
    stopLoad();
    cleanUp().finally(() => process.exit(1));
  }, budgetSeconds * 1000).unref();

  const machine = { nproc: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
  const { adminUrl, redisUrl } = await benchServers({ embedded: options.embedded });

  log(`${machine.nproc} CPUs (${machine.cpu}), Node ${machine.node}; ${options.connections} connections`);

  // Each scenario gets its own database, Redis prefix and hub: what one scenario leaves behind (10,000 guests, tens of
  // thousands of notifications, a worker's backlog, a grown heap) must not slow the next one down.
  const results = [];
  for (const scenario of selected) {
    if (interrupted) return 130;
    const mark = cleanups.length;
    const ctx = await isolatedContext({ adminUrl, redisUrl, options });
    results.push({ ...await runScenario(scenario, ctx, options), connections: options.connections,
      durationSeconds: options.durationSeconds, roundsCount: options.rounds, mode: redisUrl ? 'redis' : 'embedded', machine });
    await unwindTo(mark);
  }

  process.stdout.write(`\n${formatTable(results)}\n\n`);
  for (const r of results) if (r.note) process.stdout.write(`${r.scenario}: ${r.note}\n`);
  for (const r of results) {
    if (r.cpuMsPerRequest) {
      process.stdout.write(`${r.scenario}: server CPU per request ${r.cpuMsPerRequest} ms (hub)`
        + `${r.baselineCpuMsPerRequest ? ` vs ${r.baselineCpuMsPerRequest} ms (baseline)` : ''}\n`);
    }
  }
  process.stdout.write(`${machine.nproc} CPUs, Node ${machine.node}, ${options.connections} connections, `
    + `${options.rounds > 1 ? `medians of ${options.rounds} rounds of ` : ''}${options.durationSeconds} s each; ratio = hub requests/s ÷ baseline requests/s (compare ratios, not raw figures)\n`);
  if (options.json) {
    const file = resolve(process.cwd(), options.json);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
    log(`results written to ${file}`);
  }
  const failed = results.filter((r) => r.errors > 0 || (r.baselineErrors ?? 0) > 0);
  if (failed.length) {
    process.stderr.write(`[bench] errors during the load in: ${failed.map((r) => r.scenario).join(', ')}: these figures measure failures\n`);
    return 1;
  }
  return 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  if (!interrupted) process.stderr.write(`[bench] failed: ${error.stack ?? error.message}\n`);
} finally {
  await cleanUp();
}
if (!interrupted) process.exit(exitCode);
