// Shared by the federation scenarios (saml-acs, oidc-callback): the local identity providers of federation/, a hub
// child process with a CPU profile, sign-in loops, and the reading of the profile.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, HUB_NODE_FLAGS, waitFor } from './processes.mjs';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const requireHere = createRequire(import.meta.url);

/** CommonJS modules of the built hub (dist/, from `node scripts/build.mjs`, which `npm run bench` runs first). */
export function dist(path) {
  return requireHere(resolve(ROOT, 'dist', path));
}

/**
 * federation/ (the local IdPs, test-only code) is not compiled by scripts/build.mjs. It is compiled here with swc
 * (the repository's .swcrc) into a temporary directory that the caller removes: <tmp>/federation/... next to two
 * symbolic links, <tmp>/node_modules → the repository's and <tmp>/libs → dist/libs (the IdPs import
 * ../../libs/identity/src/... relatively). Nothing is written in the repository.
 */
export async function compileFederation() {
  const dir = await mkdtemp(join(tmpdir(), 'passerelle-bench-federation-'));
  try {
    execFileSync(process.execPath, [requireHere.resolve('@swc/cli/bin/swc.js'), 'federation', '-d', dir, '--quiet'],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    await symlink(resolve(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await symlink(resolve(ROOT, 'dist/libs'), join(dir, 'libs'), 'dir');
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const load = createRequire(join(dir, 'index.js'));
  return {
    dir,
    saml: () => load(join(dir, 'federation/idp-saml/index.js')),
    oidc: () => load(join(dir, 'federation/idp-oidc/index.js')),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * The hub's environment as bench/run.mjs starts it (production, same database, Redis prefix and secret key), on its
 * own port. LOGIN_THROTTLE_PER_IP is raised to its maximum: every simulated browser comes from 127.0.0.1, and the
 * federation routes allow 20 × that per IP and per minute (600 by default: 5 sign-ins/s). The throttle still runs
 * (one Redis counter per request and per partner), it just never refuses.
 */
export function hubEnv(ctx, port) {
  return {
    NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'silent',
    DATABASE_URL: ctx.databaseUrl, REDIS_URL: ctx.redisUrl, REDIS_KEY_PREFIX: ctx.redisPrefix, SECRET_KEY: ctx.secretKey,
    MIGRATIONS_RUN: 'false', LOGIN_THROTTLE_PER_IP: '100000',
  };
}

/**
 * Starts a hub child (`script`, the built API by default) with `--cpu-prof` into a temporary directory unless
 * BENCH_CPU_PROF=0. Returns { child, url, profileDir }.
 */
export async function startProfiledHub(ctx, { label, script = resolve(ROOT, 'dist/apps/api/src/main.js'), port, env = {} }) {
  port ??= await freePort();
  const profile = process.env.BENCH_CPU_PROF !== '0';
  const profileDir = profile ? await mkdtemp(join(tmpdir(), 'passerelle-bench-cpuprof-')) : null;
  const execArgv = [...HUB_NODE_FLAGS, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const child = ctx.spawn(label, script, [], { ...hubEnv(ctx, port), ...env }, { execArgv });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${label} to answer /health/ready`, async () => {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  }, { timeoutMs: 120_000, abort: () => child.exitReason });
  ctx.log(`${label} ready at ${url} (pid ${child.pid}${profile ? `, CPU profile to ${profileDir}` : ', no CPU profile'})`);
  return { child, url, port, profileDir };
}

/** CLOCK_MONOTONIC in µs: the clock of V8's CPU profiles (startTime, sample times), shared by every process. */
export function monotonicMicros() {
  return Number(process.hrtime.bigint() / 1000n);
}

/** CPU seconds (user + system, every thread) a process has used so far, from /proc (Linux); null elsewhere. */
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return null;
  }
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function median(values) {
  const sorted = [...values].filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const round = (value, digits = 2) => (value === null || value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/**
 * `concurrency` clients call `signIn(n)` (which resolves to { ms?, callbackMs? } or throws) until `durationMs` has
 * passed or `signIn` returns false (no more prepared work). Returns the figures and the measured window in µs of the
 * monotonic clock (to cut the CPU profile).
 */
export async function signInLoop(signIn, { concurrency, durationMs }) {
  const latencies = [];
  const callbackLatencies = [];
  let errors = 0;
  let firstError;
  let next = 0;
  let exhausted = false;
  const startedUs = monotonicMicros();
  const end = Date.now() + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < end && !exhausted) {
      const n = next++;
      const t0 = process.hrtime.bigint();
      try {
        const result = await signIn(n);
        if (result === false) {
          exhausted = true;
          break;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (result?.callbackMs !== undefined) callbackLatencies.push(result.callbackMs);
      } catch (error) {
        firstError ??= error;
        errors += 1;
      }
    }
  }));
  const endedUs = monotonicMicros();
  const seconds = (endedUs - startedUs) / 1e6;
  latencies.sort((a, b) => a - b);
  callbackLatencies.sort((a, b) => a - b);
  return {
    signIns: latencies.length, errors, seconds: round(seconds, 3), exhausted,
    perSecond: round(latencies.length / seconds, 1),
    p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)),
    callbackP50Ms: round(percentile(callbackLatencies, 50)), callbackP99Ms: round(percentile(callbackLatencies, 99)),
    firstError: firstError ? String(firstError.stack ?? firstError).slice(0, 1000) : null,
    window: [startedUs, endedUs],
  };
}

/** The one .cpuprofile a hub child wrote at exit into `dir`. */
export async function readProfile(dir) {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length !== 1) throw new Error(`expected one CPU profile in ${dir}, found ${files.length}`);
  return JSON.parse(await readFile(join(dir, files[0]), 'utf8'));
}

/**
 * Reads a V8 CPU profile over the measured windows only (µs of the monotonic clock): start-up, seeding, warm-up and
 * shut-down are left out. A sample counts for a category when any frame of its stack matches the category's
 * predicate (inclusive time: the verification and everything it calls). Shares are of the busy samples of the main
 * thread, i.e. without `(idle)`; `(program)` and `(garbage collector)` are busy time.
 */
export function analyzeProfile(profile, windows, categories) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const memo = new Map();
  const matches = (nodeId) => {
    if (memo.has(nodeId)) return memo.get(nodeId);
    const frame = nodes.get(nodeId).callFrame;
    const up = parent.has(nodeId) ? matches(parent.get(nodeId)) : [];
    const hit = Object.entries(categories).filter(([name, test]) => !up.includes(name) && test(frame)).map(([name]) => name);
    const all = hit.length ? [...up, ...hit] : up;
    memo.set(nodeId, all);
    return all;
  };
  let time = profile.startTime;
  let total = 0;
  let idle = 0;
  const counts = Object.fromEntries(Object.keys(categories).map((name) => [name, 0]));
  const self = new Map();
  const inWindow = (t) => windows.some(([from, to]) => t >= from && t <= to);
  for (let i = 0; i < profile.samples.length; i += 1) {
    time += profile.timeDeltas[i];
    if (!inWindow(time)) continue;
    const id = profile.samples[i];
    if (nodes.get(id).callFrame.functionName === '(idle)') {
      idle += 1;
      continue;
    }
    total += 1;
    for (const name of matches(id)) counts[name] += 1;
    const pkg = packageOf(nodes.get(id).callFrame);
    self.set(pkg, (self.get(pkg) ?? 0) + 1);
  }
  const windowCovered = windows.every(([from, to]) => from >= profile.startTime && to <= profile.endTime);
  return {
    busySamples: total, idleSamples: idle, windowCovered,
    pct: Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, total ? round((100 * n) / total, 1) : null])),
    /** Self time by package (node_modules/<name>, node:internal, the hub's dist/, native), the 8 largest. */
    selfByPackage: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8)
      .map(([pkg, n]) => `${pkg} ${round((100 * n) / total, 1)}%`).join(', '),
  };
}

function packageOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : 'native';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node:internal';
  const d = /\/dist\/(libs|apps)\/([^/]+)/.exec(url);
  return d ? `hub ${d[1]}/${d[2]}` : 'other';
}
