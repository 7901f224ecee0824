import { DomainError } from '@passerelle/errors';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a URL is plain http on this machine's loopback (where the local identity providers of federation/ run). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

/**
 * A partner endpoint URL: https, or http on the loopback only (local test identity providers). Returns the URL as
 * given (trimmed); refuses with `code` (BAD_USER_INPUT by default) and a French message naming `what`.
 */
export function checkPartnerUrl(raw: string, what: string, field?: readonly (string | number)[], code = 'BAD_USER_INPUT'): string {
  const value = (raw ?? '').trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DomainError(code, `${what} n'est pas une adresse web valide.`, field);
  }
  if (value.length > 2000) throw new DomainError(code, `${what} est trop longue.`, field);
  if (url.username || url.password) throw new DomainError(code, `${what} ne doit pas contenir d'identifiants.`, field);
  if (url.protocol === 'https:') return value;
  if (isLoopbackHttp(url)) return value;
  throw new DomainError(code, `${what} doit commencer par https://.`, field);
}
