/**
 * Where to send the browser after sign-in: only a same-origin relative path, anything else becomes '/'.
 * Refused: absolute URLs (any scheme), protocol-relative `//host`, `/\host` (browsers read `\` as `/`), any
 * backslash, control characters, and paths longer than 2 KB — also once dot segments are resolved (`/.//host` would
 * become `//host`) and once the path is percent-decoded (`/%2F%2Fhost`, `/%5Chost`, double-encoded), so that no
 * reader downstream (a Location header, the web app's router) can take it for another host.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const PROBE_ORIGIN = 'http://passerelle.invalid';

/** True when `path` reads as something other than a plain path of the hub (another host, a backslash, a control). */
function leavesTheHub(path: string): boolean {
  if (!path.startsWith('/') || /^\/[/\\]/.test(path) || path.includes('\\') || CONTROL.test(path)) return true;
  const resolved = new URL(path, PROBE_ORIGIN);
  return resolved.origin !== PROBE_ORIGIN || /^\/[/\\]/.test(resolved.pathname);
}

/** The path decoded until it no longer changes (double encoding), or null when it does not decode. */
function fullyDecoded(path: string): string | null {
  let current = path;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return '/';
  try {
    if (leavesTheHub(raw)) return '/';
    const resolved = new URL(raw, PROBE_ORIGIN);
    const answer = resolved.pathname + resolved.search + resolved.hash;
    const decodedPath = fullyDecoded(resolved.pathname);
    if (decodedPath === null || leavesTheHub(decodedPath) || leavesTheHub(answer)) return '/';
    return answer;
  } catch {
    return '/';
  }
}
