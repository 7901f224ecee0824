import { AuthorizationResponseError, ClientError, ResponseBodyError } from 'openid-client';
import { DomainError } from '@passerelle/errors';
import { FEDERATION_CODES } from '../federation-errors.js';

/**
 * Why an OpenID Connect sign-in was refused. The French message is for the person in front of the screen (often a
 * child); `detail` (English, technical, never a token nor a claim value) is for the logs.
 */
const CHECK_FAILED = FEDERATION_CODES.ASSERTION_INVALID.message;

export const OIDC_REFUSALS = {
  OIDC_STATE_INVALID: 'La connexion a expiré, a déjà été utilisée ou a été commencée dans un autre navigateur : recommence depuis Passerelle.',
  OIDC_NONCE_MISMATCH: `${CHECK_FAILED} La réponse de l'ENT ne correspond pas à ta demande de connexion.`,
  OIDC_ISSUER_MISMATCH: `${CHECK_FAILED} La réponse ne vient pas de l'ENT attendu.`,
  OIDC_AUDIENCE_MISMATCH: `${CHECK_FAILED} La réponse de l'ENT n'est pas destinée à Passerelle.`,
  OIDC_TOKEN_EXPIRED: `${CHECK_FAILED} La réponse de l'ENT a expiré : recommence la connexion.`,
  OIDC_TOKEN_NOT_YET_VALID: `${CHECK_FAILED} La réponse de l'ENT n'est pas encore valable : l'horloge de l'ENT est peut-être décalée.`,
  OIDC_ALGORITHM_REFUSED: `${CHECK_FAILED} La réponse de l'ENT est signée avec un algorithme refusé.`,
  OIDC_SIGNATURE_INVALID: `${CHECK_FAILED} La signature de la réponse n'est pas celle de l'ENT partenaire.`,
  OIDC_SIGNING_KEY_UNKNOWN: `${CHECK_FAILED} La réponse est signée avec une clé que l'ENT partenaire ne publie pas. Réessaie dans une minute.`,
  OIDC_CODE_REJECTED: `${CHECK_FAILED} L'ENT n'a pas confirmé la connexion (code déjà utilisé ou expiré) : recommence la connexion.`,
  OIDC_AUTHORIZATION_DENIED: "La connexion a été annulée ou refusée par l'ENT de ton établissement.",
  OIDC_RESPONSE_INVALID: `${CHECK_FAILED} La réponse de l'ENT est incomplète ou mal formée.`,
  OIDC_PARTNER_UNREACHABLE: "L'ENT de ton établissement ne répond pas pour le moment : réessaie plus tard.",
  OIDC_PARTNER_MISCONFIGURED: "La connexion avec l'ENT de ton établissement est mal réglée : préviens ton enseignant ou l'administrateur de Passerelle.",
} as const;

export type OidcRefusalCode = keyof typeof OIDC_REFUSALS;

export class OidcSignInError extends DomainError {
  declare readonly code: OidcRefusalCode;

  constructor(code: OidcRefusalCode, readonly detail?: string) {
    super(code, OIDC_REFUSALS[code], undefined, detail ? { detail } : undefined);
    this.name = 'OidcSignInError';
  }
}

/** What oauth4webapi puts in an OperationProcessingError's `cause` (the claim or header at fault). */
interface CheckCause {
  readonly claim?: string;
  readonly header?: { readonly alg?: unknown };
}

/**
 * Turns whatever openid-client threw while processing a callback into a coded refusal. Reads the library's error
 * codes and the claim it names; the message is only consulted within a code whose cases it cannot tell apart.
 */
export function classifyOidcFailure(error: unknown): OidcSignInError {
  if (error instanceof OidcSignInError) return error;
  if (error instanceof AuthorizationResponseError) {
    return new OidcSignInError('OIDC_AUTHORIZATION_DENIED', `authorization response error: ${safeWord(error.error)}`);
  }
  if (error instanceof ResponseBodyError) {
    if (error.error === 'invalid_grant') return new OidcSignInError('OIDC_CODE_REJECTED', 'token endpoint: invalid_grant');
    if (error.error === 'invalid_client' || error.error === 'unauthorized_client') {
      return new OidcSignInError('OIDC_PARTNER_MISCONFIGURED', `token endpoint: ${safeWord(error.error)}`);
    }
    return new OidcSignInError('OIDC_RESPONSE_INVALID', `token endpoint: ${safeWord(error.error)} (HTTP ${error.status})`);
  }
  if (error instanceof ClientError) {
    const processing = error.cause instanceof Error ? error.cause : undefined;
    const message = processing?.message ?? error.message;
    const cause = (processing as { cause?: CheckCause } | undefined)?.cause;
    switch (error.code) {
      case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
        switch (cause?.claim) {
          case 'nonce': return new OidcSignInError('OIDC_NONCE_MISMATCH', message);
          case 'iss': return new OidcSignInError('OIDC_ISSUER_MISMATCH', message);
          case 'aud':
          case 'azp': return new OidcSignInError('OIDC_AUDIENCE_MISMATCH', message);
          default: return new OidcSignInError('OIDC_RESPONSE_INVALID', message);
        }
      case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
        return new OidcSignInError(cause?.claim === 'exp' || cause?.claim === 'auth_time' ? 'OIDC_TOKEN_EXPIRED' : 'OIDC_TOKEN_NOT_YET_VALID', message);
      case 'OAUTH_KEY_SELECTION_FAILED':
        return new OidcSignInError('OIDC_SIGNING_KEY_UNKNOWN', message);
      case 'OAUTH_UNSUPPORTED_OPERATION':
        // HS* or `none` reaching the signature check, an unsupported JWS alg, a too short RSA key.
        return new OidcSignInError('OIDC_ALGORITHM_REFUSED', message);
      case 'OAUTH_INVALID_RESPONSE':
        if (message.includes('"alg"')) return new OidcSignInError('OIDC_ALGORITHM_REFUSED', message);
        if (message.includes('signature verification failed')) return new OidcSignInError('OIDC_SIGNATURE_INVALID', message);
        if (message.includes('"iss"')) return new OidcSignInError('OIDC_ISSUER_MISMATCH', message);
        if (message.includes('"state"')) return new OidcSignInError('OIDC_STATE_INVALID', message);
        return new OidcSignInError('OIDC_RESPONSE_INVALID', message);
      case 'OAUTH_HTTP_REQUEST_FORBIDDEN':
      case 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN':
      case 'OAUTH_INVALID_SERVER_METADATA':
      case 'OAUTH_MISSING_SERVER_METADATA':
        return new OidcSignInError('OIDC_PARTNER_MISCONFIGURED', message);
      case 'OAUTH_TIMEOUT':
      case 'OAUTH_ABORT':
      case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
      case 'OAUTH_RESPONSE_IS_NOT_JSON':
        return new OidcSignInError('OIDC_PARTNER_UNREACHABLE', message);
      default:
        if (isNetworkFailure(error.cause)) return new OidcSignInError('OIDC_PARTNER_UNREACHABLE', 'network error');
        return new OidcSignInError('OIDC_RESPONSE_INVALID', message);
    }
  }
  if (isNetworkFailure(error)) return new OidcSignInError('OIDC_PARTNER_UNREACHABLE', 'network error');
  return new OidcSignInError('OIDC_RESPONSE_INVALID', error instanceof Error ? error.name : 'unexpected failure');
}

function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed|network/i.test(error.message);
}

/** An OAuth error code is a short ASCII word; anything else is not echoed to the logs. */
function safeWord(value: unknown): string {
  return typeof value === 'string' && /^[\w.-]{1,64}$/.test(value) ? value : 'unknown';
}
