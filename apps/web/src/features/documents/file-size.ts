/**
 * Sizes as French people read them: « 850 octets », « 12 ko », « 1,2 Mo », « 2 Go » (units of 1024, as the hub counts
 * its quotas; one decimal at most, a comma, a non-breaking space before the unit).
 */
const UNITS = ['ko', 'Mo', 'Go', 'To'] as const;

export function frenchSize(bytes: number): string {
  if (bytes < 1024) return `${bytes}\u00a0${bytes > 1 ? 'octets' : 'octet'}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
  return `${number}\u00a0${UNITS[unit]}`;
}
