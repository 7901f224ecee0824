import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '@passerelle/config';
import { forbiddenCharacterIn } from '@passerelle/errors';
import { ReplayCache } from '../../sessions/session-store.js';
import { browserBindingMatches } from '../browser-binding.js';
import { mapAttributes } from '../mapping.js';
import {
  FederatedIdentity, FederatedLogoutHint, FederationPartner, FederationProtocolHandler, LoginContext, PENDING_LOGIN_TTL_SECONDS,
  PendingLoginStore, SignInContext,
} from '../protocol.js';
import { OidcClientConfigurations } from './oidc-client-configurations.js';
import { OidcSignInError } from './oidc-errors.js';
import { claimsToAttributes } from './oidc-id-token.js';
import { buildOidcAuthorizationRequest, buildOidcLogoutUrl, redeemOidcCallback } from './oidc-relying-party.js';

/** Longest callback query read (code, state, iss, or error and its description). */
const MAX_CALLBACK_QUERY = 4096;
/** What openid-client's randomState() makes (32 random bytes, base64url), with room for other generators. */
const STATE_SHAPE = /^[A-Za-z0-9_-]{22,128}$/;

export function oidcPendingLoginKey(state: string): string {
  return `oidc:${state}`;
}

/** A verified OpenID Connect sign-in, ready for FederationSignIn.completeSignIn. */
export interface OidcVerifiedSignIn {
  readonly identity: FederatedIdentity;
  readonly context: SignInContext;
}

/**
 * OpenID Connect with the partner ENTs (openid-client as relying party): the authorization code request (PKCE S256,
 * state, nonce) and the callback, where the state must be a login this browser started with this partner, unused,
 * unexpired; then the ID token checks (see redeemOidcCallback) and the attribute mapping.
 */
@Injectable()
export class OidcProtocolHandler implements FederationProtocolHandler {
  readonly protocol = 'OIDC' as const;

  constructor(private readonly configurations: OidcClientConfigurations, private readonly pendingLogins: PendingLoginStore,
    private readonly replay: ReplayCache, private readonly config: AppConfig) {}

  /** The redirect URI registered at the partner for this hub: `<PUBLIC_URL>/auth/oidc/<slug>/callback`. */
  redirectUri(partner: FederationPartner): string {
    return `${this.config.PUBLIC_URL}/auth/oidc/${encodeURIComponent(partner.slug)}/callback`;
  }

  async startLogin(partner: FederationPartner, login: LoginContext): Promise<string> {
    const client = await this.configurations.forPartner(partner);
    const request = await buildOidcAuthorizationRequest(client, this.redirectUri(partner));
    await this.pendingLogins.put(oidcPendingLoginKey(request.state), {
      partnerId: partner.id, returnTo: login.returnTo, browserBinding: login.browserBinding,
      nonce: request.nonce, codeVerifier: request.codeVerifier,
      expiresAt: new Date(Date.now() + PENDING_LOGIN_TTL_SECONDS * 1000),
    });
    return request.url;
  }

  /**
   * Verifies the partner's answer at the callback. `query` is the raw query string received, `browserBinding` the
   * login cookie of the browser calling. Throws OidcSignInError, or FederationError ATTRIBUTES_INVALID (mapping).
   */
  async verifyCallback(partner: FederationPartner, query: string, browserBinding: string | undefined): Promise<OidcVerifiedSignIn> {
    if (query.length > MAX_CALLBACK_QUERY) throw new OidcSignInError('OIDC_RESPONSE_INVALID', 'callback query too long');
    const parameters = new URLSearchParams(query);
    for (const [name, value] of parameters) {
      const character = forbiddenCharacterIn(name) ?? forbiddenCharacterIn(value);
      if (character) throw new OidcSignInError('OIDC_RESPONSE_INVALID', `control character ${character} in the callback query`);
    }
    const states = parameters.getAll('state');
    const state = states.length === 1 ? states[0] : '';
    if (!STATE_SHAPE.test(state)) throw new OidcSignInError('OIDC_STATE_INVALID', 'state missing, repeated or malformed');
    // A state opens one callback, ever (the pending login is taken atomically too).
    const expiresAt = new Date(Date.now() + PENDING_LOGIN_TTL_SECONDS * 1000);
    if (!(await this.replay.firstUse(`oidc-state:${sha256(state)}`, expiresAt))) {
      throw new OidcSignInError('OIDC_STATE_INVALID', 'state already used');
    }
    const pending = await this.pendingLogins.take(oidcPendingLoginKey(state));
    if (!pending || !pending.nonce || !pending.codeVerifier) throw new OidcSignInError('OIDC_STATE_INVALID', 'no pending login for this state');
    if (pending.partnerId !== partner.id) throw new OidcSignInError('OIDC_STATE_INVALID', 'state issued for another partner');
    if (!browserBindingMatches(pending.browserBinding, browserBinding)) {
      throw new OidcSignInError('OIDC_STATE_INVALID', 'login started in another browser');
    }
    const client = await this.configurations.forPartner(partner);
    const callbackUrl = new URL(this.redirectUri(partner));
    callbackUrl.search = query;
    const { claims } = await redeemOidcCallback(client, callbackUrl,
      { state, nonce: pending.nonce, codeVerifier: pending.codeVerifier });
    const mapped = mapAttributes(partner.attributeMapping, claimsToAttributes(claims));
    return {
      identity: { partnerId: partner.id, issuer: claims.iss, ...mapped },
      // The ID token is not kept in the session (it holds the pupil's name, school and class): logout says client_id.
      context: { returnTo: pending.returnTo, logoutHint: { partnerId: partner.id, protocol: 'OIDC', nameId: claims.sub } },
    };
  }

  async buildLogoutUrl(partner: FederationPartner, hint: FederatedLogoutHint, postLogoutRedirect: string): Promise<string | null> {
    const client = await this.configurations.forPartner(partner);
    return buildOidcLogoutUrl(client, postLogoutRedirect, hint.idTokenHint);
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
