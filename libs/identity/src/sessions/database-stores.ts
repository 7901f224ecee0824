import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RateLimitStore, ReplayCache, SessionRecord, SessionStore } from './session-store.js';

interface SessionRow {
  principal_kind: SessionRecord['principalKind'];
  principal_id: string;
  data: Record<string, unknown>;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  absolute_expires_at: Date;
}

/** Embedded mode: sessions in the `session` table. */
@Injectable()
export class DatabaseSessionStore extends SessionStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async save(idHash: string, r: SessionRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO session (id_hash, principal_kind, principal_id, data, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
       VALUES ($1, $2, $3, $4, to_timestamp($5 / 1000.0), to_timestamp($6 / 1000.0), to_timestamp($7 / 1000.0), to_timestamp($8 / 1000.0))`,
      [idHash, r.principalKind, r.principalId, JSON.stringify(r.data), r.createdAt, r.lastSeenAt, r.idleExpiresAt, r.absoluteExpiresAt]);
    // Expired rows go away as new sessions come in.
    await this.dataSource.query(
      `DELETE FROM session WHERE id_hash IN (SELECT id_hash FROM session WHERE absolute_expires_at < now() OR idle_expires_at < now() LIMIT 100)`);
  }

  async find(idHash: string): Promise<SessionRecord | null> {
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT principal_kind, principal_id, data, created_at, last_seen_at, idle_expires_at, absolute_expires_at
       FROM session WHERE id_hash = $1 AND idle_expires_at > now() AND absolute_expires_at > now()`, [idHash]);
    const r = rows[0];
    if (!r) return null;
    return {
      principalKind: r.principal_kind, principalId: r.principal_id, data: r.data,
      createdAt: +r.created_at, lastSeenAt: +r.last_seen_at, idleExpiresAt: +r.idle_expires_at, absoluteExpiresAt: +r.absolute_expires_at,
    };
  }

  async touch(idHash: string, lastSeenAt: number, idleExpiresAt: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE session SET last_seen_at = to_timestamp($2 / 1000.0), idle_expires_at = to_timestamp($3 / 1000.0) WHERE id_hash = $1`,
      [idHash, lastSeenAt, idleExpiresAt]);
  }

  async remove(idHash: string): Promise<void> {
    await this.dataSource.query('DELETE FROM session WHERE id_hash = $1', [idHash]);
  }

  async removeAllOf(principalId: string): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      'WITH removed AS (DELETE FROM session WHERE principal_id = $1 RETURNING id_hash) SELECT id_hash FROM removed', [principalId]);
    return rows.length;
  }
}

/** Embedded mode: fixed-window counters in `rate_limit_counter`. */
@Injectable()
export class DatabaseRateLimitStore extends RateLimitStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async hit(key: string, windowSeconds: number): Promise<{ hits: number; resetInSeconds: number }> {
    const [row]: { hits: number; reset: number }[] = await this.dataSource.query(
      `INSERT INTO rate_limit_counter AS c (key, hits, window_ends_at) VALUES ($1, 1, now() + ($2::int * interval '1 second'))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_ends_at <= now() THEN 1 ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN c.window_ends_at <= now() THEN now() + ($2::int * interval '1 second') ELSE c.window_ends_at END
       RETURNING hits, ceil(extract(epoch FROM window_ends_at - now()))::int AS reset`, [key, windowSeconds]);
    return { hits: row.hits, resetInSeconds: Math.max(1, row.reset) };
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limit_counter WHERE key = $1', [key]);
  }

  async count(key: string): Promise<number> {
    const [row]: { hits: number }[] = await this.dataSource.query(
      'SELECT hits FROM rate_limit_counter WHERE key = $1 AND window_ends_at > now()', [key]);
    return row ? Number(row.hits) : 0;
  }
}

/** Embedded mode: one-time values in `replay_entry`. */
@Injectable()
export class DatabaseReplayCache extends ReplayCache {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async firstUse(key: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO replay_entry AS e (key, expires_at) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE
       SET expires_at = EXCLUDED.expires_at WHERE e.expires_at <= now() RETURNING key`, [key, expiresAt]);
    return rows.length === 1;
  }
}
