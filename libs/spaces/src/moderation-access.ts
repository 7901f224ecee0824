/**
 * The rules of a hub administrator's « accès de modération » (ADR 0019), as pure functions: how long it lasts, what
 * its reason must be, whether it is still open. What it lets its holder do is in space-access.ts
 * (MODERATION_ACCESS_ACTIONS).
 */

/** How long a moderation access lasts. Opening another one after it ends is another audited act. */
export const MODERATION_ACCESS_MINUTES = 60;
export const MAX_MODERATION_REASON = 500;

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export type ReasonCheck = { readonly valid: true; readonly value: string } | { readonly valid: false; readonly reason: string };

/** The reason is required: trimmed, control and invisible characters removed, 1 to 500 characters. */
export function checkModerationReason(raw: unknown): ReasonCheck {
  if (typeof raw !== 'string') return { valid: false, reason: "Indiquez la raison de l'accès de modération." };
  const value = raw.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  const length = Array.from(value).length;
  if (length === 0) return { valid: false, reason: "Indiquez la raison de l'accès de modération." };
  if (length > MAX_MODERATION_REASON) {
    return { valid: false, reason: `La raison ne doit pas dépasser ${MAX_MODERATION_REASON} caractères.` };
  }
  return { valid: true, value };
}

/** When an access opened at `openedAt` ends (exclusive). */
export function moderationAccessEnd(openedAt: Date, minutes = MODERATION_ACCESS_MINUTES): Date {
  return new Date(openedAt.getTime() + minutes * 60_000);
}

/** Whether an access is open at `now`: from its opening (inclusive) to its end (exclusive). */
export function isModerationAccessOpen(access: { readonly openedAt: Date; readonly expiresAt: Date }, now: Date): boolean {
  return access.openedAt.getTime() <= now.getTime() && now.getTime() < access.expiresAt.getTime();
}
