import { DomainError } from '@passerelle/errors';
import { isOidcAlgorithm, OidcAlgorithm } from './partner-settings.js';
import { checkPartnerUrl } from './partner-urls.js';

const DISCOVERY_TIMEOUT_MS = 5_000;
const DISCOVERY_MAX_BYTES = 256 * 1024;

/** What an OpenID provider's discovery document tells the hub. */
export interface DiscoveredIssuer {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly jwksUri: string;
  readonly userinfoEndpoint: string | null;
  readonly endSessionEndpoint: string | null;
  /** Algorithms the provider signs ID tokens with, kept only when on the hub's allow-list. */
  readonly allowedAlgorithms: readonly OidcAlgorithm[];
}

function failed(message: string, code = 'OIDC_DISCOVERY_FAILED'): DomainError {
  return new DomainError(code, message, ['url']);
}

/**
 * Fetches `<issuer>/.well-known/openid-configuration` (5 s timeout, no redirect, 256 KB at most), checks that it
 * names the same issuer and the endpoints a code flow needs, and keeps the signing algorithms on the allow-list.
 */
export async function discoverIssuer(rawUrl: string, fetchImpl: typeof fetch = fetch): Promise<DiscoveredIssuer> {
  const given = checkPartnerUrl(rawUrl, "L'adresse de l'émetteur", ['url'])
    .replace(/\/\.well-known\/openid-configuration$/, '');
  const issuer = given;
  const discoveryUrl = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let body: string;
  try {
    const response = await fetchImpl(discoveryUrl, {
      redirect: 'error', signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), headers: { accept: 'application/json' },
    });
    if (!response.ok) throw failed(`Le document de découverte ${discoveryUrl} a répondu ${response.status}.`);
    if (Number(response.headers.get('content-length') ?? 0) > DISCOVERY_MAX_BYTES) {
      throw failed('Le document de découverte est trop volumineux.');
    }
    body = await response.text();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw failed(timeout ? `Le document de découverte ${discoveryUrl} n'a pas répondu à temps.`
      : `Le document de découverte ${discoveryUrl} est injoignable.`);
  }
  if (Buffer.byteLength(body, 'utf8') > DISCOVERY_MAX_BYTES) throw failed('Le document de découverte est trop volumineux.');
  let document: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    document = parsed as Record<string, unknown>;
  } catch {
    throw failed("Le document de découverte n'est pas un objet JSON.");
  }
  if (document.issuer !== issuer) {
    throw failed(`Le document de découverte annonce l'émetteur « ${String(document.issuer).slice(0, 200)} » au lieu de « ${issuer} ».`,
      'OIDC_ISSUER_MISMATCH');
  }
  const endpoint = (key: string, label: string, required: boolean): string | null => {
    const value = document[key];
    if (value === undefined || value === null) {
      if (required) throw failed(`Le document de découverte ne donne pas ${label} (${key}).`);
      return null;
    }
    if (typeof value !== 'string') throw failed(`Le champ ${key} du document de découverte n'est pas une adresse.`);
    return checkPartnerUrl(value, `L'adresse ${key}`, ['url'], 'OIDC_DISCOVERY_FAILED');
  };
  const authorizationEndpoint = endpoint('authorization_endpoint', "l'adresse d'autorisation", true)!;
  const tokenEndpoint = endpoint('token_endpoint', "l'adresse des jetons", true)!;
  const jwksUri = endpoint('jwks_uri', "l'adresse des clés publiques", true)!;
  const userinfoEndpoint = endpoint('userinfo_endpoint', '', false);
  const endSessionEndpoint = endpoint('end_session_endpoint', '', false);
  const responseTypes = document.response_types_supported;
  if (Array.isArray(responseTypes) && !responseTypes.includes('code')) {
    throw failed("Le fournisseur ne propose pas le flux « code » (response_types_supported).");
  }
  const advertised = document.id_token_signing_alg_values_supported;
  if (!Array.isArray(advertised)) throw failed('Le document de découverte ne donne pas id_token_signing_alg_values_supported.');
  const allowedAlgorithms = [...new Set(advertised.filter((alg): alg is OidcAlgorithm => typeof alg === 'string' && isOidcAlgorithm(alg)))];
  if (allowedAlgorithms.length === 0) {
    throw failed(`Aucun algorithme de signature proposé (${advertised.slice(0, 10).map(String).join(', ')}) n'est accepté par le hub.`,
      'OIDC_NO_ACCEPTABLE_ALGORITHM');
  }
  return { issuer, authorizationEndpoint, tokenEndpoint, jwksUri, userinfoEndpoint, endSessionEndpoint, allowedAlgorithms };
}
