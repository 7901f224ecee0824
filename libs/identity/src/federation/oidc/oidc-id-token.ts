import { isOidcAlgorithm, OidcAlgorithm } from '@passerelle/conventions';
import { OidcSignInError } from './oidc-errors.js';

/**
 * Pure checks on a partner's ID token that openid-client leaves to the application: the partner's algorithm
 * allow-list, the freshness of `iat`, and the claims handed to the attribute mapping.
 */

/** Clock difference tolerated with a partner, in seconds (as for SAML). */
export const OIDC_CLOCK_SKEW_SECONDS = 60;
/** An ID token fresh from the token endpoint was issued moments ago; older than this, it is refused. */
export const OIDC_ID_TOKEN_MAX_AGE_SECONDS = 600;

/**
 * The algorithms a partner's ID tokens may be signed with: a non-empty subset of the asymmetric ones
 * (never `none`, never HS*: the client secret must not be a signing key). Anything else is a configuration error.
 */
export function checkAllowedAlgorithms(configured: readonly string[] | null | undefined): OidcAlgorithm[] {
  const list = [...new Set(configured ?? [])];
  if (list.length === 0) throw new OidcSignInError('OIDC_PARTNER_MISCONFIGURED', 'no allowed ID token algorithm configured');
  const refused = list.filter((alg) => !isOidcAlgorithm(alg));
  if (refused.length > 0) {
    throw new OidcSignInError('OIDC_PARTNER_MISCONFIGURED', `ID token algorithms not allowed: ${refused.map((a) => String(a).slice(0, 16)).join(', ')}`);
  }
  return list as OidcAlgorithm[];
}

/** The protected header of a compact JWS, or null when it is not one. */
export function jwsHeaderOf(jws: string): Record<string, unknown> | null {
  const parts = typeof jws === 'string' ? jws.split('.') : [];
  if (parts.length !== 3) return null;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    return header && typeof header === 'object' && !Array.isArray(header) ? (header as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Refuses an ID token whose header `alg` is not on the partner's allow-list. */
export function checkIdTokenAlgorithm(idToken: string, allowed: readonly OidcAlgorithm[]): void {
  const header = jwsHeaderOf(idToken);
  if (!header) throw new OidcSignInError('OIDC_RESPONSE_INVALID', 'ID token is not a compact JWS');
  const alg = header.alg;
  if (typeof alg !== 'string' || !(allowed as readonly string[]).includes(alg)) {
    throw new OidcSignInError('OIDC_ALGORITHM_REFUSED', `ID token alg ${typeof alg === 'string' ? alg.slice(0, 16) : typeof alg} not allowed`);
  }
}

/** `iat` must be a number, not in the future (beyond the skew) and recent. */
export function checkIssuedAt(claims: { readonly iat?: unknown }, nowSeconds: number): void {
  const iat = claims.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new OidcSignInError('OIDC_RESPONSE_INVALID', 'ID token iat missing');
  if (iat > nowSeconds + OIDC_CLOCK_SKEW_SECONDS) throw new OidcSignInError('OIDC_TOKEN_NOT_YET_VALID', 'ID token iat in the future');
  if (iat < nowSeconds - OIDC_ID_TOKEN_MAX_AGE_SECONDS - OIDC_CLOCK_SKEW_SECONDS) {
    throw new OidcSignInError('OIDC_TOKEN_EXPIRED', 'ID token issued too long ago');
  }
}

/**
 * The claims as attributes for the mapping: each claim's text values (a string, or an array of strings; numbers,
 * booleans and objects are left out), the way SAML attributes come.
 */
export function claimsToAttributes(claims: Readonly<Record<string, unknown>>): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (typeof value === 'string') attributes[name] = [value];
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) attributes[name] = [...value] as string[];
  }
  return attributes;
}
