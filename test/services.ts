import { Client } from 'pg';
import { Redis } from 'ioredis';

/** Where the test suite finds PostgreSQL and Redis (localhost unless the environment says otherwise). */
export const TEST_ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL
  ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrlFor(name: string): string {
  const url = new URL(TEST_ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Throws a one-line French-free, actionable message when a service is missing. */
export async function assertServicesReachable(): Promise<void> {
  const pg = new Client({ connectionString: TEST_ADMIN_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${TEST_ADMIN_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')} (${String(error)}). `
      + 'Start it (see README) or set DATABASE_URL to a server where this user may create databases.');
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis is not reachable at ${TEST_REDIS_URL} (${String(error)}). Start it (see README) or set REDIS_URL.`);
  } finally {
    redis.disconnect();
  }
}
