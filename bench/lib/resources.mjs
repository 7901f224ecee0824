// The bench's own PostgreSQL database and Redis key prefix: created fresh, removed at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import IORedis from 'ioredis';

const Redis = IORedis.Redis ?? IORedis;
const BENCH_DATABASE = /^passerelle_bench_[a-z0-9_]+$/;

/** A suffix unique to this run, usable in a database name and a Redis prefix. */
export function runSuffix() {
  return `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** The URL of database `name` on the server of `adminUrl` (same user, host, port, parameters). */
export function databaseUrl(adminUrl, name) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin(adminUrl, work) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(adminUrl, name) {
  if (!BENCH_DATABASE.test(name)) throw new Error(`refusing to create ${name}: not a bench database name`);
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
}

/** Drops a bench database, closing any connection a killed process left behind. Only passerelle_bench_* names. */
export async function dropDatabase(adminUrl, name) {
  if (!BENCH_DATABASE.test(name)) throw new Error(`refusing to drop ${name}: not a bench database name`);
  await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Deletes every Redis key of this run (`<prefix>:*`: sessions, rate limits, queues). */
export async function clearRedisPrefix(redisUrl, prefix) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {}); // the failing command rejects with it
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Fails early, with the URL to fix, when PostgreSQL or Redis does not answer. */
export async function assertReachable({ adminUrl, redisUrl }) {
  try {
    await withAdmin(adminUrl, (client) => client.query('SELECT 1'));
  } catch (error) {
    throw new Error(`PostgreSQL does not answer at ${redact(adminUrl)} (set BENCH_DATABASE_ADMIN_URL): ${error.message}`);
  }
  if (!redisUrl) return;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  let firstError;
  redis.on('error', (error) => { firstError ??= error; });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const cause = (firstError ?? error).message;
    throw new Error(`Redis does not answer at ${redact(redisUrl)} (set BENCH_REDIS_URL, or run with --embedded): ${cause}`);
  } finally {
    redis.disconnect();
  }
}

/** A URL without its password, for messages. */
export function redact(raw) {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Waits until the hub's outbox has handed over every due job (seeding through mutations writes some): relaying
 * them during a measurement would steal the hub's CPU. Returns how many were still pending when it gave up
 * (0 when drained; also 0 when the hub has no outbox table).
 */
export async function waitForOutboxDrained(url, { timeoutMs = 60_000 } = {}) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: 'passerelle-bench' });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let pending;
      try {
        ({ rows: [{ pending }] } = await client.query(
          'SELECT count(*)::int AS pending FROM outbox_job WHERE dispatched_at IS NULL AND run_at <= now()'));
      } catch (error) {
        if (error.code === '42P01') return 0; // no outbox_job table
        throw error;
      }
      if (pending === 0 || Date.now() > deadline) return pending;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await client.end();
  }
}
