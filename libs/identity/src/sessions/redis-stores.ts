import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimitStore, ReplayCache, SessionRecord, SessionStore } from './session-store.js';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export const REDIS_PREFIX = Symbol('REDIS_PREFIX');

@Injectable()
export class RedisSessionStore extends SessionStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {
    super();
  }

  private key(idHash: string) { return `${this.prefix}:session:${idHash}`; }
  private index(principalId: string) { return `${this.prefix}:sessions-of:${principalId}`; }

  async save(idHash: string, record: SessionRecord): Promise<void> {
    const ttl = Math.max(1, Math.min(record.idleExpiresAt, record.absoluteExpiresAt) - Date.now());
    await this.redis.multi()
      .set(this.key(idHash), JSON.stringify(record), 'PX', ttl)
      .sadd(this.index(record.principalId), idHash)
      .pexpire(this.index(record.principalId), Math.max(ttl, 1), 'GT')
      .pexpire(this.index(record.principalId), Math.max(ttl, 1), 'NX')
      .exec();
  }

  async find(idHash: string): Promise<SessionRecord | null> {
    const raw = await this.redis.get(this.key(idHash));
    return raw ? (JSON.parse(raw) as SessionRecord) : null;
  }

  async touch(idHash: string, lastSeenAt: number, idleExpiresAt: number): Promise<void> {
    const record = await this.find(idHash);
    if (!record) return;
    const ttl = Math.max(1, Math.min(idleExpiresAt, record.absoluteExpiresAt) - Date.now());
    await this.redis.multi()
      .set(this.key(idHash), JSON.stringify({ ...record, lastSeenAt, idleExpiresAt }), 'PX', ttl, 'XX')
      // The principal's index lives as long as its longest session, so that revocation finds them all.
      .pexpire(this.index(record.principalId), ttl, 'GT')
      .exec();
  }

  async remove(idHash: string): Promise<void> {
    const record = await this.find(idHash);
    const tx = this.redis.multi().del(this.key(idHash));
    if (record) tx.srem(this.index(record.principalId), idHash);
    await tx.exec();
  }

  async removeAllOf(principalId: string): Promise<number> {
    const hashes = await this.redis.smembers(this.index(principalId));
    if (hashes.length === 0) return 0;
    const results = await this.redis.multi().del(...hashes.map((h) => this.key(h))).del(this.index(principalId)).exec();
    return Number(results?.[0]?.[1] ?? 0);
  }
}

@Injectable()
export class RedisRateLimitStore extends RateLimitStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {
    super();
  }

  async hit(key: string, windowSeconds: number): Promise<{ hits: number; resetInSeconds: number }> {
    const k = `${this.prefix}:rate:${key}`;
    const results = await this.redis.multi().incr(k).expire(k, windowSeconds, 'NX').ttl(k).exec();
    const hits = Number(results?.[0]?.[1] ?? 1);
    const ttl = Number(results?.[2]?.[1] ?? windowSeconds);
    return { hits, resetInSeconds: ttl > 0 ? ttl : windowSeconds };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}:rate:${key}`);
  }

  async count(key: string): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}:rate:${key}`)) ?? 0);
  }
}

@Injectable()
export class RedisReplayCache extends ReplayCache {
  constructor(private readonly redis: Redis, private readonly prefix: string) {
    super();
  }

  async firstUse(key: string, expiresAt: Date): Promise<boolean> {
    const at = Math.max(expiresAt.getTime(), Date.now() + 1000);
    const result = await this.redis.set(`${this.prefix}:replay:${key}`, '1', 'PXAT', at, 'NX');
    return result === 'OK';
  }
}
