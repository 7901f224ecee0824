import type { RedisOptions } from 'bullmq';

/** Longest wait between two attempts to reach Redis again: the hub is back within this delay of Redis's return. */
export const REDIS_RECONNECT_MAX_DELAY_MS = 1_000;

/**
 * ioredis's delay before its n-th reconnection attempt: 100 ms, 200 ms … then every second, forever. BullMQ's own
 * default grows to 20 s (exp(n)), and ioredis's to 2 s: after a long outage, jobs waited up to 30 s for the hub to
 * notice Redis was back. An attempt costs one refused TCP connection, which a Redis server on the same network can take.
 */
export function redisRetryDelay(attempt: number): number {
  return Math.min(Math.max(1, attempt) * 100, REDIS_RECONNECT_MAX_DELAY_MS);
}

/** ioredis options from a redis:// or rediss:// URL, with the bounded reconnection delay (redisRetryDelay). */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace('/', '');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: db ? Number(db) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    retryStrategy: redisRetryDelay,
  };
}
