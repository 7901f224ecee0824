import {
  authorizationCodeGrant, buildAuthorizationUrl, buildEndSessionUrl, calculatePKCECodeChallenge, randomNonce,
  randomPKCECodeVerifier, randomState,
} from 'openid-client';
import type { OidcPartnerClient } from './oidc-client-configurations.js';
import { classifyOidcFailure, OidcSignInError } from './oidc-errors.js';
import { checkIdTokenAlgorithm, checkIssuedAt } from './oidc-id-token.js';

/**
 * The OpenID Connect relying party as plain functions over a partner's client (no Nest, no storage): the
 * authorization request, the callback, the logout URL. Every refusal is an OidcSignInError with its code.
 */

/** What the hub keeps between the redirect and the callback (in the pending login, keyed by `state`). */
export interface OidcAuthorizationRequest {
  readonly url: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** The authorization code request: PKCE S256, a fresh `state` and `nonce`, the partner's scopes (openid first). */
export async function buildOidcAuthorizationRequest(client: OidcPartnerClient, redirectUri: string): Promise<OidcAuthorizationRequest> {
  const state = randomState();
  const nonce = randomNonce();
  const codeVerifier = randomPKCECodeVerifier();
  const scope = ['openid', ...client.settings.scopes.filter((s) => s !== 'openid' && /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s))].join(' ');
  const url = buildAuthorizationUrl(client.config, {
    response_type: 'code',
    redirect_uri: redirectUri,
    scope,
    state,
    nonce,
    code_challenge: await calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, state, nonce, codeVerifier };
}

export interface OidcCallbackChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** A verified ID token: its claims (the only thing the hub reads) and the raw token (for logout, if kept). */
export interface VerifiedIdToken {
  readonly claims: Readonly<Record<string, unknown>> & { readonly iss: string; readonly sub: string };
  readonly idToken: string;
}

/**
 * Processes the authorization response (`callbackUrl` = the registered redirect URI with the query received) and
 * redeems the code. openid-client checks: RFC 9207 `iss` (required when the partner advertises it), `state`, the
 * token response, the ID token's `iss`, `aud`, `azp`, `exp`, `nonce`, its `alg` (when one is allowed) and its
 * signature against the partner's JWKS (non-repudiation checks). Then this checks the alg allow-list and `iat`.
 */
export async function redeemOidcCallback(client: OidcPartnerClient, callbackUrl: URL, checks: OidcCallbackChecks,
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000)): Promise<VerifiedIdToken> {
  let idToken: string | undefined;
  let claims: Record<string, unknown> | undefined;
  try {
    const tokens = await authorizationCodeGrant(client.config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    idToken = tokens.id_token;
    claims = tokens.claims() as Record<string, unknown> | undefined;
  } catch (error) {
    throw classifyOidcFailure(error);
  }
  if (!idToken || !claims) throw new OidcSignInError('OIDC_RESPONSE_INVALID', 'no ID token');
  checkIdTokenAlgorithm(idToken, client.allowedAlgorithms);
  checkIssuedAt(claims, nowSeconds());
  if (typeof claims.iss !== 'string' || typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 255) {
    throw new OidcSignInError('OIDC_RESPONSE_INVALID', 'ID token iss or sub missing or too long');
  }
  return { claims: claims as VerifiedIdToken['claims'], idToken };
}

/**
 * RP-initiated logout at the partner (its `end_session_endpoint`, from discovery or the partner's settings), or null
 * when it has none. Without an ID token to hint with, `client_id` tells the partner who asks.
 */
export function buildOidcLogoutUrl(client: OidcPartnerClient, postLogoutRedirect: string, idTokenHint?: string): string | null {
  const parameters: Record<string, string> = { client_id: client.settings.clientId, post_logout_redirect_uri: postLogoutRedirect };
  if (idTokenHint) parameters.id_token_hint = idTokenHint;
  if (client.config.serverMetadata().end_session_endpoint) return buildEndSessionUrl(client.config, parameters).href;
  const configured = client.settings.endSessionEndpoint;
  if (!configured) return null;
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.origin !== new URL(client.settings.issuer).origin) return null;
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url.href;
}
