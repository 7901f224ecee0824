import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@passerelle/config';
import { PgChannel } from '@passerelle/database';
import { SessionRecord, SessionStore } from './session-store.js';

/** A session that ended (logout, expiry noticed) or every session of a principal (revocation). Hashes and ids only. */
export type SessionEnded = { readonly idHash: string } | { readonly principalId: string };

const CHANNEL = 'session_ended';
const HEX64 = /^[0-9a-f]{64}$/;

function parse(payload: unknown): SessionEnded | null {
  const value = payload as { idHash?: unknown; principalId?: unknown } | null;
  if (value && typeof value.idHash === 'string' && HEX64.test(value.idHash)) return { idHash: value.idHash };
  if (value && typeof value.principalId === 'string' && value.principalId.length > 0 && value.principalId.length <= 100) {
    return { principalId: value.principalId };
  }
  return null;
}

/**
 * Tells every process that sessions ended, so that the live WebSockets opened with them close at once (session-sockets.ts).
 * Sessions live in Redis or in the `session` table and several API processes (and the worker, which revokes) may run:
 * the news goes through PostgreSQL NOTIFY on a server (whichever process ended the session, every process LISTENing
 * hears it), and in-process on the embedded database (one process). The LISTEN connection opens at the first
 * listener only (API processes with a live WebSocket), never in the worker.
 */
@Injectable()
export class SessionEndings implements OnApplicationShutdown {
  private readonly logger = new Logger('SessionEndings');
  private readonly channel: PgChannel<SessionEnded>;

  constructor(private readonly config: AppConfig, private readonly dataSource: DataSource) {
    this.channel = new PgChannel<SessionEnded>({
      url: config.DATABASE_URL, channel: CHANNEL, applicationName: 'passerelle-sessions', parse,
      onLost: (error) => this.logger.warn({ msg: 'session channel lost, reconnecting', error: String(error) }),
    });
  }

  /**
   * After the store removed the sessions. Never fails the logout or revocation that called it: a socket that misses
   * the news still re-checks its session before each event it delivers, and at the session's expiry.
   */
  async announce(event: SessionEnded): Promise<void> {
    if (!this.config.DATABASE_URL) {
      this.channel.published([event]);
      return;
    }
    try {
      await this.dataSource.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
    } catch (error) {
      this.logger.warn({ msg: 'could not announce the end of a session', error: String(error) });
    }
  }

  /** Calls `listener` for every ending from now on, until the returned function is called. */
  on(listener: (event: SessionEnded) => void): () => void {
    return this.channel.on(listener);
  }

  /** Resolves once this process listens (immediately on the embedded database). */
  ready(): Promise<void> {
    return this.channel.ready();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }
}

/**
 * The session store as the rest of the hub sees it: the Redis or database store, and every removal (logout, a
 * revocation of all a principal's sessions, an expired session found) announced to every process.
 */
export class AnnouncingSessionStore extends SessionStore {
  constructor(private readonly inner: SessionStore, private readonly endings: SessionEndings) {
    super();
  }

  save(idHash: string, record: SessionRecord): Promise<void> {
    return this.inner.save(idHash, record);
  }

  find(idHash: string): Promise<SessionRecord | null> {
    return this.inner.find(idHash);
  }

  touch(idHash: string, lastSeenAt: number, idleExpiresAt: number): Promise<void> {
    return this.inner.touch(idHash, lastSeenAt, idleExpiresAt);
  }

  async remove(idHash: string): Promise<void> {
    await this.inner.remove(idHash);
    await this.endings.announce({ idHash });
  }

  async removeAllOf(principalId: string): Promise<number> {
    const removed = await this.inner.removeAllOf(principalId);
    await this.endings.announce({ principalId });
    return removed;
  }
}
