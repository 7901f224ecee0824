/**
 * Ends every session of a guest at once. The identity library's SessionService is the implementation; the apps
 * wire it (`GuestsModule.forRoot({ sessions: SessionService })`) because identity imports guests (the federation
 * claims guests), so guests must not import identity.
 */
export abstract class GuestSessionsPort {
  /** Resolves with how many sessions were ended. */
  abstract revokeAllOf(guestId: string): Promise<number>;
}

/** Sessions ended at a time, so that a pool of thousands does not open thousands of Redis round trips at once. */
const REVOKE_CONCURRENCY = 100;

/** Ends every session of these guests; resolves with how many sessions were ended. */
export async function revokeSessionsOf(sessions: GuestSessionsPort, guestIds: readonly string[]): Promise<number> {
  let revoked = 0;
  for (let start = 0; start < guestIds.length; start += REVOKE_CONCURRENCY) {
    const counts = await Promise.all(guestIds.slice(start, start + REVOKE_CONCURRENCY).map((id) => sessions.revokeAllOf(id)));
    revoked += counts.reduce((sum, n) => sum + n, 0);
  }
  return revoked;
}
