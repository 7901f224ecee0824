import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';
import { isSameOriginUpgrade } from '../same-origin.js';
import { SessionEnded, SessionEndings } from './session-endings.js';
import { SessionStore } from './session-store.js';
import { hashSessionId, SessionService } from './session.service.js';

/** What this service needs of a WebSocket: closing it with a code (graphql-ws's `ws` socket). */
export interface ClosableSocket {
  close(code: number, reason: string): void;
  /** 1 while open (the `ws` socket's); a socket closed while its session was being checked is not followed. */
  readonly readyState?: number;
}

const OPEN = 1;

/** graphql-ws close codes: the client does not retry either. */
export const SOCKET_CLOSE = {
  /** No live session at connection_init. */
  NO_SESSION: { code: 4401, reason: 'Vous devez être connecté pour faire cela.' },
  /** The session ended (logout, revocation, expiry). */
  SESSION_ENDED: { code: 4401, reason: 'Votre session est terminée.' },
  /** Not from the hub's own pages (Origin). */
  FORBIDDEN: { code: 4403, reason: 'Connexion refusée : elle ne vient pas de Passerelle.' },
} as const;

interface LiveSocket {
  readonly socket: ClosableSocket;
  readonly idHash: string;
  readonly principalId: string;
  ended: boolean;
  timer?: NodeJS.Timeout;
}

const MAX_TIMER_MS = 2_147_483_647;

/**
 * The WebSockets (graphql-ws subscriptions) of this process and the sessions they were opened with. A socket opens
 * only from the hub's own pages (Origin) with a live session; it closes (4401) as soon as that session ends — logout,
 * revocation (a suspended guest, a disabled account: `SessionStore.remove`/`removeAllOf`, announced to every process
 * by SessionEndings), or expiry (a timer at the session's idle or absolute end) — and, whatever the news, before any
 * event it would deliver once its session is gone (`stillLive`, checked by the API before each event sent).
 */
@Injectable()
export class SessionSockets implements OnApplicationShutdown {
  private readonly live = new Map<ClosableSocket, LiveSocket>();
  private stopListening?: () => void;

  constructor(private readonly sessions: SessionService, private readonly store: SessionStore, private readonly endings: SessionEndings,
    private readonly config: AppConfig) {}

  /**
   * At connection_init: refuses (closes the socket and answers false) an upgrade from another origin (4403) or
   * without a live session (4401); otherwise follows the socket until it closes or its session ends.
   */
  async open(socket: ClosableSocket, upgrade: { headers: Record<string, string | string[] | undefined> }, sessionId: string | undefined)
    : Promise<boolean> {
    if (!isSameOriginUpgrade(upgrade.headers, this.config.PUBLIC_URL)) return this.refuse(socket, SOCKET_CLOSE.FORBIDDEN);
    const principal = await this.sessions.resolve(sessionId);
    if (!principal || !sessionId) return this.refuse(socket, SOCKET_CLOSE.NO_SESSION);
    this.stopListening ??= this.endings.on((event) => this.ended(event));
    const entry: LiveSocket = { socket, idHash: hashSessionId(sessionId), principalId: principal.id, ended: false };
    this.live.set(socket, entry);
    await this.endings.ready();
    // Ended while this socket was being registered (before the news could reach it)?
    const record = await this.store.find(entry.idHash);
    if (!record) return this.refuse(socket, SOCKET_CLOSE.SESSION_ENDED);
    if (socket.readyState !== undefined && socket.readyState !== OPEN) {
      // Gone while its session was being checked (graphql-ws's onClose already ran): nothing to follow.
      this.closed(socket);
      return false;
    }
    this.watchExpiry(entry, Math.min(record.idleExpiresAt, record.absoluteExpiresAt));
    return true;
  }

  /** Before an event goes out on this socket: false (and the socket closed) once its session is gone. */
  async stillLive(socket: ClosableSocket): Promise<boolean> {
    const entry = this.live.get(socket);
    if (!entry || entry.ended) return false;
    const record = await this.store.find(entry.idHash);
    const now = Date.now();
    if (record && record.idleExpiresAt > now && record.absoluteExpiresAt > now) return true;
    this.end(entry);
    return false;
  }

  /** The socket closed (graphql-ws `onClose`). */
  closed(socket: ClosableSocket): void {
    const entry = this.live.get(socket);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.live.delete(socket);
  }

  /** Live sockets of this process (tests wait for theirs). */
  count(): number {
    return this.live.size;
  }

  onApplicationShutdown(): void {
    this.stopListening?.();
    for (const entry of this.live.values()) clearTimeout(entry.timer);
  }

  private ended(event: SessionEnded): void {
    for (const entry of [...this.live.values()]) {
      if ('idHash' in event ? entry.idHash === event.idHash : entry.principalId === event.principalId) this.end(entry);
    }
  }

  private end(entry: LiveSocket): void {
    if (entry.ended) return;
    entry.ended = true;
    clearTimeout(entry.timer);
    this.live.delete(entry.socket);
    entry.socket.close(SOCKET_CLOSE.SESSION_ENDED.code, SOCKET_CLOSE.SESSION_ENDED.reason);
  }

  /** At the session's end as known now; other requests may have pushed its idle end back meanwhile: look again then. */
  private watchExpiry(entry: LiveSocket, endsAt: number): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(async () => {
      if (entry.ended) return;
      const record = await this.store.find(entry.idHash).catch(() => undefined);
      if (record === undefined) return this.watchExpiry(entry, Date.now() + 5_000);
      const next = record ? Math.min(record.idleExpiresAt, record.absoluteExpiresAt) : 0;
      if (next <= Date.now()) return this.end(entry);
      this.watchExpiry(entry, next);
    }, Math.min(MAX_TIMER_MS, Math.max(0, endsAt - Date.now()) + 50));
    entry.timer.unref();
  }

  private refuse(socket: ClosableSocket, close: { code: number; reason: string }): false {
    const entry = this.live.get(socket);
    if (entry) {
      entry.ended = true;
      clearTimeout(entry.timer);
      this.live.delete(socket);
    }
    socket.close(close.code, close.reason);
    return false;
  }
}
