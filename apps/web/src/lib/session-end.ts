/**
 * The session ended (expiry, sign-out elsewhere, a suspended convention): back to the server-rendered sign-in page,
 * which says why and brings the person back here after signing in (the hub keeps only a same-origin path).
 */
export const SESSION_ENDED_REASON = 'session-terminee';

export function signInUrl(returnTo: string, reason: string | null = SESSION_ENDED_REASON): string {
  const query = new URLSearchParams({ retour: returnTo });
  if (reason) query.set('raison', reason);
  return `/?${query.toString()}`;
}

let leaving = false;

export function sendToSignIn(): void {
  if (leaving) return;
  leaving = true;
  const { pathname, search, hash } = window.location;
  window.location.assign(signInUrl(pathname + search + hash));
}
