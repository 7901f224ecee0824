/** Rules of the agenda, framework-free (unit-tested without Nest). */

/** Whether an event's window is acceptable: it ends at or after it starts, and lasts at most a year. */
export function checkEventWindow(startsAt: Date, endsAt: Date): { valid: true } | { valid: false; reason: string } {
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) return { valid: false, reason: 'Date invalide.' };
  if (endsAt.getTime() < startsAt.getTime()) return { valid: false, reason: "La fin de l'évènement doit suivre son début." };
  if (endsAt.getTime() - startsAt.getTime() > 366 * 24 * 3600 * 1000) return { valid: false, reason: "Un évènement dure au plus un an." };
  return { valid: true };
}

/** Whether a string is a calendar day YYYY-MM-DD that exists. */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** How long before an event its members are reminded of it. */
export const EVENT_REMINDER_LEAD_MS = 24 * 3600 * 1000;

/**
 * When to remind the members of an event that starts at `startsAt`: the lead time before it, or now when it starts
 * sooner than that; null when it has already started (no reminder for the past).
 */
export function eventReminderTime(startsAt: Date, now: Date, leadMs = EVENT_REMINDER_LEAD_MS): Date | null {
  if (startsAt.getTime() <= now.getTime()) return null;
  return new Date(Math.max(startsAt.getTime() - leadMs, now.getTime()));
}

/**
 * Whether a reminder planned for an event that was to start at `plannedStartsAt` should still be sent: the event still
 * exists (`event` null when deleted), still starts then (a moved event has its own reminder) and has not started yet.
 */
export function reminderStillDue(event: { startsAt: Date } | null, plannedStartsAt: Date, now: Date): boolean {
  return !!event && event.startsAt.getTime() === plannedStartsAt.getTime() && event.startsAt.getTime() > now.getTime();
}

/** Whether a period asked for a list is acceptable: either end may be open; when both are given, `to` is not before `from`. */
export function checkPeriod<T extends Date | string>(from: T | null | undefined, to: T | null | undefined)
  : { valid: true } | { valid: false; reason: string } {
  if (from === null || from === undefined || to === null || to === undefined) return { valid: true };
  const before = typeof from === 'string' ? from > (to as string) : (from as Date).getTime() > (to as Date).getTime();
  return before ? { valid: false, reason: 'La fin de la période doit suivre son début.' } : { valid: true };
}
