import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { PendingLogin, PendingLoginStore } from './protocol.js';

interface StoredPendingLogin {
  partnerId: string;
  returnTo: string;
  browserBinding: string;
  nonce?: string;
  codeVerifier?: string;
  expiresAt: number;
}

function toStored(login: PendingLogin): StoredPendingLogin {
  return {
    partnerId: login.partnerId, returnTo: login.returnTo, browserBinding: login.browserBinding,
    ...(login.nonce !== undefined ? { nonce: login.nonce } : {}),
    ...(login.codeVerifier !== undefined ? { codeVerifier: login.codeVerifier } : {}),
    expiresAt: login.expiresAt.getTime(),
  };
}

function fromStored(stored: StoredPendingLogin): PendingLogin | null {
  if (!stored || typeof stored.expiresAt !== 'number' || stored.expiresAt <= Date.now()) return null;
  return { ...stored, expiresAt: new Date(stored.expiresAt) };
}

/** Keys are bounded so that a forged state or request id cannot make the store work on megabytes. */
function checkKey(key: string): boolean {
  return typeof key === 'string' && key.length > 0 && key.length <= 200;
}

/** Several API processes: pending logins in Redis, taken with GETDEL (atomic: one take wins). */
@Injectable()
export class RedisPendingLoginStore extends PendingLoginStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {
    super();
  }

  private key(key: string) { return `${this.prefix}:pending-login:${key}`; }

  async put(key: string, login: PendingLogin): Promise<void> {
    if (!checkKey(key)) throw new Error('invalid pending login key');
    const at = Math.max(login.expiresAt.getTime(), Date.now() + 1000);
    await this.redis.set(this.key(key), JSON.stringify(toStored(login)), 'PXAT', at, 'NX');
  }

  async take(key: string): Promise<PendingLogin | null> {
    if (!checkKey(key)) return null;
    const raw = await this.redis.getdel(this.key(key));
    return raw ? fromStored(JSON.parse(raw) as StoredPendingLogin) : null;
  }
}

/** Embedded mode: the `pending_login` table, taken with DELETE ... RETURNING (atomic). */
@Injectable()
export class DatabasePendingLoginStore extends PendingLoginStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async put(key: string, login: PendingLogin): Promise<void> {
    if (!checkKey(key)) throw new Error('invalid pending login key');
    await this.dataSource.query(
      `INSERT INTO pending_login (key, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
      [key, JSON.stringify(toStored(login)), login.expiresAt]);
    // Abandoned logins go away as new ones come in.
    await this.dataSource.query(
      `DELETE FROM pending_login WHERE key IN (SELECT key FROM pending_login WHERE expires_at < now() LIMIT 100)`);
  }

  async take(key: string): Promise<PendingLogin | null> {
    if (!checkKey(key)) return null;
    const rows: { data: StoredPendingLogin }[] = await this.dataSource.query(
      `WITH taken AS (DELETE FROM pending_login WHERE key = $1 RETURNING data) SELECT data FROM taken`, [key]);
    return rows[0] ? fromStored(rows[0].data) : null;
  }
}
