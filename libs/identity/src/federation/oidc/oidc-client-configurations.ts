import { Inject, Injectable, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  ClientSecretBasic, ClientSecretPost, clockTolerance, Configuration, discovery, enableNonRepudiationChecks, getJwksCache,
  setJwksCache,
} from 'openid-client';
import { isLoopbackHttp, OidcAlgorithm } from '@passerelle/conventions';
import { FederationPartner, PartnerOidcSettings } from '../protocol.js';
import { OidcSignInError } from './oidc-errors.js';
import { checkAllowedAlgorithms, OIDC_CLOCK_SKEW_SECONDS } from './oidc-id-token.js';

/**
 * How the relying party calls partners over HTTP. OidcModule provides it empty (HTTPS only, 10 s timeout); only
 * tests override it, to let openid-client reach a local provider over http://127.0.0.1. Opaque here on purpose: the
 * functions in `execute` run on each Configuration right after discovery (openid-client's `execute` option).
 */
export interface OidcHttpOptions {
  readonly execute?: ReadonlyArray<(config: Configuration) => void>;
  readonly timeoutSeconds?: number;
  /** Apply `execute` only to partners whose issuer is http on the loopback (demo mode's local providers). */
  readonly loopbackOnly?: boolean;
}

export const OIDC_HTTP_OPTIONS = Symbol('OIDC_HTTP_OPTIONS');

/** A partner's discovered configuration is reused this long, then discovered again (endpoint or key changes). */
export const OIDC_DISCOVERY_TTL_MS = 60 * 60_000;

/** A partner's OIDC settings, checked, with the configuration built from them. */
export interface OidcPartnerClient {
  readonly config: Configuration;
  readonly settings: PartnerOidcSettings;
  readonly allowedAlgorithms: readonly OidcAlgorithm[];
}

interface Entry {
  readonly fingerprint: string;
  readonly createdAt: number;
  readonly client: Promise<OidcPartnerClient>;
}

/**
 * One openid-client Configuration per partner, discovered once and cached: the cache matters for security as much
 * as for speed, because openid-client keeps the partner's JWKS on the Configuration. With the cache, the JWKS is
 * fetched once, kept up to 5 minutes, and refetched for an unknown `kid` at most once a minute (oauth4webapi's
 * built-in rule: a key miss refetches only when the cached set is at least 60 s old). When a configuration is
 * discovered again (TTL, changed secret or algorithms), the JWKS cache of the same issuer is carried over so that this
 * limit still holds.
 */
@Injectable()
export class OidcClientConfigurations {
  private readonly entries = new Map<string, Entry>();
  private readonly http: OidcHttpOptions;

  constructor(@Optional() @Inject(OIDC_HTTP_OPTIONS) http?: OidcHttpOptions) {
    this.http = http ?? {};
  }

  /** The partner's client, discovering its configuration when not cached. Throws OidcSignInError. */
  async forPartner(partner: FederationPartner): Promise<OidcPartnerClient> {
    const settings = partner.oidcSettings;
    if (partner.protocol !== 'OIDC' || !settings) throw new OidcSignInError('OIDC_PARTNER_MISCONFIGURED', 'not an OIDC partner');
    const fingerprint = fingerprintOf(settings);
    const cached = this.entries.get(partner.id);
    if (cached && cached.fingerprint === fingerprint && Date.now() - cached.createdAt < OIDC_DISCOVERY_TTL_MS) return cached.client;
    const entry: Entry = { fingerprint, createdAt: Date.now(), client: this.discover(settings, cached?.client) };
    this.entries.set(partner.id, entry);
    // A failed discovery is not kept: the next sign-in tries again.
    entry.client.catch(() => { if (this.entries.get(partner.id) === entry) this.entries.delete(partner.id); });
    return entry.client;
  }

  private async discover(settings: PartnerOidcSettings, replaced?: Promise<OidcPartnerClient>): Promise<OidcPartnerClient> {
    const allowedAlgorithms = checkAllowedAlgorithms(settings.allowedAlgorithms);
    if (!settings.clientSecret) throw new OidcSignInError('OIDC_PARTNER_MISCONFIGURED', 'no client secret');
    let issuer: URL;
    try {
      issuer = new URL(settings.issuer);
    } catch {
      throw new OidcSignInError('OIDC_PARTNER_MISCONFIGURED', 'issuer is not a URL');
    }
    const timeout = this.http.timeoutSeconds ?? 10;
    const execute = this.http.loopbackOnly && !isLoopbackHttp(issuer) ? [] : [...(this.http.execute ?? [])];
    let metadata;
    try {
      // Discovery checks that the document's `issuer` is exactly the configured one.
      metadata = (await discovery(issuer, settings.clientId, undefined, undefined, { execute, timeout })).serverMetadata();
    } catch (error) {
      throw discoveryFailure(error);
    }
    const methods = metadata.token_endpoint_auth_methods_supported;
    // client_secret_basic is the default of the specification; client_secret_post when the partner only offers that.
    const auth = methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
      ? ClientSecretPost(settings.clientSecret) : ClientSecretBasic(settings.clientSecret);
    const config = new Configuration(metadata, settings.clientId, {
      client_secret: settings.clientSecret,
      [clockTolerance]: OIDC_CLOCK_SKEW_SECONDS,
      // One allowed algorithm: openid-client refuses any other `alg` itself. Several: checkIdTokenAlgorithm does.
      ...(allowedAlgorithms.length === 1 ? { id_token_signed_response_alg: allowedAlgorithms[0] } : {}),
    }, auth);
    config.timeout = timeout;
    for (const apply of execute) apply(config);
    // Verify ID token signatures against the partner's JWKS (openid-client skips it by default, trusting TLS).
    enableNonRepudiationChecks(config);
    // The keys of the same issuer only: never trust another issuer's JWKS for this one.
    const previous = await replaced?.catch(() => undefined);
    const jwks = previous && previous.settings.issuer === settings.issuer ? getJwksCache(previous.config) : undefined;
    if (jwks) setJwksCache(config, jwks);
    return { config, settings, allowedAlgorithms };
  }
}

function fingerprintOf(settings: PartnerOidcSettings): string {
  return createHash('sha256').update(JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret,
    [...settings.allowedAlgorithms]])).digest('base64url');
}

function discoveryFailure(error: unknown): OidcSignInError {
  const code = (error as { code?: unknown })?.code;
  if (code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' || code === 'OAUTH_HTTP_REQUEST_FORBIDDEN'
    || code === 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN' || code === 'OAUTH_INVALID_RESPONSE') {
    return new OidcSignInError('OIDC_PARTNER_MISCONFIGURED', `discovery: ${(error as Error).message}`);
  }
  return new OidcSignInError('OIDC_PARTNER_UNREACHABLE', `discovery failed: ${error instanceof Error ? error.message : 'unknown'}`);
}
