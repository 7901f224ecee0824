/**
 * Where to send the browser after sign-in: only a same-origin relative path, anything else becomes '/'.
 * Refused: absolute URLs (any scheme), protocol-relative `//host`, `/\host` (browsers read `\` as `/`), any
 * backslash, control characters, and paths longer than 2 KB.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const PROBE_ORIGIN = 'http://passerelle.invalid';

export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\') || CONTROL.test(raw)) return '/';
  try {
    const resolved = new URL(raw, PROBE_ORIGIN);
    if (resolved.origin !== PROBE_ORIGIN) return '/';
    return resolved.pathname + resolved.search + resolved.hash;
  } catch {
    return '/';
  }
}
