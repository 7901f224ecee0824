import { Injectable, Optional } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '@passerelle/config';
import { Principal, PrincipalKind, Role } from '@passerelle/access';
import { isGuestAdmitted } from '@passerelle/guests';
import { SessionRecord, SessionStore } from './session-store.js';

/** Touch the store at most this often per session (or a tenth of the idle timeout, if shorter). */
const TOUCH_EVERY_MS = 60_000;

export const SESSION_COOKIE = 'passerelle_session';

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export interface OpenSession {
  readonly id: string;
  readonly absoluteExpiresAt: number;
}

/** Opens, resolves and closes sessions with their idle and absolute timeouts. */
@Injectable()
export class SessionService {
  constructor(private readonly store: SessionStore, private readonly config: AppConfig,
    @Optional() private readonly dataSource?: DataSource) {}

  /**
   * Opens a new session (a new random id: the caller discards any previous one, which rotates the id at sign-in).
   * `notAfter` caps its life (a convention's end, an assertion's SessionNotOnOrAfter).
   */
  async open(principal: { kind: PrincipalKind; id: string; displayName: string; roles: readonly Role[] },
    extra: Record<string, unknown> = {}, notAfter?: Date): Promise<OpenSession> {
    const id = randomBytes(32).toString('base64url');
    const now = Date.now();
    let absoluteExpiresAt = now + this.config.SESSION_ABSOLUTE_HOURS * 3_600_000;
    if (notAfter) absoluteExpiresAt = Math.min(absoluteExpiresAt, notAfter.getTime());
    const record: SessionRecord = {
      principalKind: principal.kind, principalId: principal.id,
      data: { ...extra, displayName: principal.displayName, roles: principal.roles },
      createdAt: now, lastSeenAt: now,
      idleExpiresAt: now + this.config.SESSION_IDLE_MINUTES * 60_000,
      absoluteExpiresAt,
    };
    await this.store.save(hashSessionId(id), record);
    return { id, absoluteExpiresAt };
  }

  /**
   * The principal of a live session (and its idle timeout pushed back), or null. A guest's session lives only while
   * the guest is admitted (the conventions' admission rule, read in one indexed statement: BOUND, convention ACTIVE and
   * in date, school covered, profile admitted); otherwise it is refused at once, without waiting for the worker that
   * revokes the sessions of suspended guests.
   */
  async resolve(id: string | undefined): Promise<Principal | null> {
    if (!id || id.length > 100) return null;
    const idHash = hashSessionId(id);
    const record = await this.store.find(idHash);
    const now = Date.now();
    if (!record) return null;
    if (record.idleExpiresAt <= now || record.absoluteExpiresAt <= now) {
      await this.store.remove(idHash);
      return null;
    }
    // Refused, not removed: ending the sessions is the revocation's work (and the claim's, for the claim/session race).
    if (record.principalKind === 'GUEST' && !(await this.guestAdmitted(record.principalId, now))) return null;
    const idleMs = this.config.SESSION_IDLE_MINUTES * 60_000;
    if (now - record.lastSeenAt > Math.min(TOUCH_EVERY_MS, idleMs / 10)) {
      await this.store.touch(idHash, now, now + idleMs);
    }
    return {
      kind: record.principalKind, id: record.principalId, sessionId: id,
      displayName: String(record.data.displayName ?? ''),
      roles: (record.data.roles as Role[] | undefined) ?? [],
    };
  }

  /** Whether a guest may hold a session now (no database wired, e.g. a unit test of the store: nobody is admitted). */
  async guestAdmitted(guestId: string, now: number = Date.now()): Promise<boolean> {
    if (!this.dataSource) return false;
    return isGuestAdmitted(this.dataSource, guestId, new Date(now));
  }

  async close(id: string | undefined): Promise<void> {
    if (id) await this.store.remove(hashSessionId(id));
  }

  /** Ends every session of a principal at once (suspended guest, disabled account). */
  revokeAllOf(principalId: string): Promise<number> {
    return this.store.removeAllOf(principalId);
  }
}
