// What bench/run.mjs (load scenarios) and bench/lighthouse.mjs (the web app's page budget) set up alike: where the
// run's PostgreSQL and Redis are, a fresh database and Redis prefix removed at the end, the hub's readiness, and the
// list of what to undo (newest first, once, also on failure or Ctrl-C).
import { waitFor } from './processes.mjs';
import {
  assertReachable, clearRedisPrefix, createDatabase, databaseUrl, dropDatabase, redact, runSuffix,
} from './resources.mjs';

/**
 * The undoing of `cleanups` (entries `[what, undo]` pushed as things start): `unwindTo(mark)` undoes, newest first,
 * what was pushed after the first `mark` entries; `cleanUp()` undoes everything, once. A failed undo is reported on
 * stderr under `label` and the others still run.
 */
export function cleanupsOf(cleanups, label) {
  let cleaning;
  async function unwindTo(mark) {
    while (cleanups.length > mark) {
      const [what, undo] = cleanups.pop();
      try {
        await undo();
      } catch (error) {
        process.stderr.write(`[${label}] cleanup failed (${what}): ${error.message}\n`);
      }
    }
  }
  return {
    unwindTo,
    cleanUp() {
      cleaning ??= unwindTo(0);
      return cleaning;
    },
  };
}

/**
 * Where the run's PostgreSQL (BENCH_DATABASE_ADMIN_URL) and Redis (BENCH_REDIS_URL; none when `embedded`) are, with
 * their defaults on this machine; both checked reachable.
 */
export async function benchServers({ embedded }) {
  const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = embedded ? undefined : process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
  await assertReachable({ adminUrl, redisUrl });
  return { adminUrl, redisUrl };
}

/**
 * A fresh database (passerelle_bench_<suffix>) and Redis prefix (bench_<suffix>), dropped and cleared by the
 * cleanups: the hub's DATABASE_URL and REDIS_KEY_PREFIX.
 */
export async function freshDatabase({ adminUrl, redisUrl, cleanups, log }) {
  const suffix = runSuffix();
  const databaseName = `passerelle_bench_${suffix}`;
  const redisPrefix = `bench_${suffix}`;
  await createDatabase(adminUrl, databaseName);
  cleanups.push([`drop database ${databaseName}`, () => dropDatabase(adminUrl, databaseName)]);
  if (redisUrl) cleanups.push([`delete Redis keys ${redisPrefix}:*`, () => clearRedisPrefix(redisUrl, redisPrefix)]);
  log(`database ${databaseName} on ${redact(adminUrl)}; Redis ${redisUrl ? `prefix ${redisPrefix}` : 'not used (--embedded)'}`);
  return { databaseName, databaseUrl: databaseUrl(adminUrl, databaseName), redisPrefix };
}

/** Waits until the hub child process answers 200 on /health/ready (fails at once if it exits). */
export async function hubReady(hub, hubUrl, { timeoutMs }) {
  await waitFor('the hub to answer /health/ready', async () => {
    const response = await fetch(`${hubUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  }, { timeoutMs, abort: () => hub.exitReason });
}
