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
