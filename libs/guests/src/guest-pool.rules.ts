/*
 * Rules of a guest pool as plain functions (no Nest, no database): the handlers and the claim service apply them,
 * unit tests prove them.
 */

/** Rows per provisioning transaction: a crash loses at most one batch, which the next run redoes. */
export const PROVISION_BATCH = 1_000;

/** A pool whose AVAILABLE guests fall under this share of its quota raises GUEST_POOL_LOW. */
export const LOW_POOL_SHARE = 0.1;

/** `National_ELV` → `elv`: the part of a guest login that names its profile. */
export function profileShortName(profile: string): string {
  const match = /^National_([A-Za-z]{2,8})$/.exec(profile);
  if (!match) throw new Error(`Not a national profile code: ${profile}`);
  return match[1].toLowerCase();
}

/** The pseudonymous login of a guest: `inv-<convention code>-<profile short>-<seq>`, e.g. `inv-cm2vauban-elv-12`. */
export function guestLoginPrefix(conventionCode: string, profile: string): string {
  return `inv-${conventionCode}-${profileShortName(profile)}-`;
}

export function guestLogin(conventionCode: string, profile: string, seq: number): string {
  return `${guestLoginPrefix(conventionCode, profile)}${seq}`;
}

/** What one (convention, profile) pool holds right now. */
export interface PoolCounts {
  readonly quota: number;
  /** Guests that are not DEPROVISIONED (AVAILABLE, BOUND, SUSPENDED). */
  readonly live: number;
  readonly available: number;
  /** Highest seq ever used in this pool (DEPROVISIONED guests included), 0 when empty. */
  readonly maxSeq: number;
}

export type PoolStep =
  | { readonly kind: 'grow'; readonly firstSeq: number; readonly count: number }
  | { readonly kind: 'shrink'; readonly count: number }
  | { readonly kind: 'converged' };

/**
 * The next batch that brings a pool towards its quota. Grows with new seq numbers after the highest one; shrinks
 * only AVAILABLE guests, so that when more guests are bound than the quota allows they are all kept (and none is
 * available): the pool has converged as soon as nothing more may be removed.
 */
export function nextPoolStep(counts: PoolCounts, batch: number = PROVISION_BATCH): PoolStep {
  if (counts.live < counts.quota) {
    return { kind: 'grow', firstSeq: counts.maxSeq + 1, count: Math.min(batch, counts.quota - counts.live) };
  }
  const removable = Math.min(counts.live - counts.quota, counts.available, batch);
  if (removable > 0) return { kind: 'shrink', count: removable };
  return { kind: 'converged' };
}

/** How many AVAILABLE guests a pool must keep not to be low: the pool is low when `available < lowWatermark`. */
export function lowWatermark(quota: number): number {
  return Math.ceil(quota * LOW_POOL_SHARE);
}

/** Whether AVAILABLE guests fall under 10 % of the quota. */
export function isPoolLow(available: number, quota: number): boolean {
  return quota > 0 && available < lowWatermark(quota);
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in France (YYYY-MM-DD): alerts are raised at most once a day per pool and kind. */
export function alertDay(at: Date): string {
  return PARIS_DAY.format(at);
}
