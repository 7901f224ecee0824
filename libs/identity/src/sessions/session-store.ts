import { PrincipalKind } from '@passerelle/access';

export interface SessionRecord {
  readonly principalKind: PrincipalKind;
  readonly principalId: string;
  /** What the hub needs on each request (display name, roles, convention id): no personal data beyond that. */
  readonly data: Record<string, unknown>;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly idleExpiresAt: number;
  readonly absoluteExpiresAt: number;
}

/**
 * Server-side sessions. Ids are random and only their SHA-256 is stored, so a copy of the store opens no
 * session. Redis adapter when REDIS_URL is set (several API processes share it), database adapter otherwise.
 */
export abstract class SessionStore {
  abstract save(idHash: string, record: SessionRecord): Promise<void>;
  abstract find(idHash: string): Promise<SessionRecord | null>;
  abstract touch(idHash: string, lastSeenAt: number, idleExpiresAt: number): Promise<void>;
  abstract remove(idHash: string): Promise<void>;
  /** Removes every session of a principal; returns how many there were. */
  abstract removeAllOf(principalId: string): Promise<number>;
}

/** Counters for throttling (login attempts, sign-ins per partner). */
export abstract class RateLimitStore {
  /** Counts one hit in the key's fixed window; returns the count and the seconds left in the window. */
  abstract hit(key: string, windowSeconds: number): Promise<{ hits: number; resetInSeconds: number }>;
  abstract reset(key: string): Promise<void>;
  /** The key's hits in its current window (0 once it has ended), without counting one. */
  abstract count(key: string): Promise<number>;
}

/** Remembers one-time values (SAML assertion ids, OIDC codes) until they expire. */
export abstract class ReplayCache {
  /** True the first time a key is seen before it expires; false on every later call. */
  abstract firstUse(key: string, expiresAt: Date): Promise<boolean>;
}
