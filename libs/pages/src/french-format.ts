/** Dates and texts as French readers expect them, in the hub's time zone (metropolitan France). */
export const HUB_TIME_ZONE = 'Europe/Paris';

const DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: HUB_TIME_ZONE });
const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: HUB_TIME_ZONE });

/** "30 juin 2027". */
export function frenchDate(at: Date): string {
  return DATE.format(at);
}

/** "29 novembre 2026 à 12:59". */
export function frenchDateTime(at: Date): string {
  return DATE_TIME.format(at);
}

/** At most `max` characters (code points, so an emoji is never cut in half), with "…" when cut. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('').trimEnd()}…`;
}
