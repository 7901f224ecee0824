import { AuthorizationResponseError, ClientError, ResponseBodyError } from 'openid-client';
import { classifyOidcFailure, OIDC_REFUSALS, OidcSignInError } from './oidc-errors';

/** An error as openid-client throws it: a ClientError whose cause is oauth4webapi's check failure. */
function clientError(code: string, message: string, cause?: Record<string, unknown>): ClientError {
  return new ClientError('wrapped', { code, cause: Object.assign(new Error(message), cause ? { cause } : {}) } as never);
}

describe('classifyOidcFailure', () => {
  it.each([
    ['OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected ID Token "nonce" claim value', { claim: 'nonce' }, 'OIDC_NONCE_MISMATCH'],
    ['OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected JWT "iss" (issuer) claim value', { claim: 'iss' }, 'OIDC_ISSUER_MISMATCH'],
    ['OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected JWT "aud" (audience) claim value', { claim: 'aud' }, 'OIDC_AUDIENCE_MISMATCH'],
    ['OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected ID Token "azp" claim value', { claim: 'azp' }, 'OIDC_AUDIENCE_MISMATCH'],
    ['OAUTH_JWT_TIMESTAMP_CHECK_FAILED', 'expiration is past current timestamp', { claim: 'exp' }, 'OIDC_TOKEN_EXPIRED'],
    ['OAUTH_JWT_TIMESTAMP_CHECK_FAILED', 'unexpected JWT "nbf" claim value', { claim: 'nbf' }, 'OIDC_TOKEN_NOT_YET_VALID'],
    ['OAUTH_KEY_SELECTION_FAILED', 'no applicable keys found', undefined, 'OIDC_SIGNING_KEY_UNKNOWN'],
    ['OAUTH_UNSUPPORTED_OPERATION', 'unsupported JWS algorithm', undefined, 'OIDC_ALGORITHM_REFUSED'],
    ['OAUTH_INVALID_RESPONSE', 'unexpected JWT "alg" header parameter', undefined, 'OIDC_ALGORITHM_REFUSED'],
    ['OAUTH_INVALID_RESPONSE', 'JWT signature verification failed', undefined, 'OIDC_SIGNATURE_INVALID'],
    ['OAUTH_INVALID_RESPONSE', 'unexpected "iss" (issuer) response parameter value', undefined, 'OIDC_ISSUER_MISMATCH'],
    ['OAUTH_INVALID_RESPONSE', 'response parameter "iss" (issuer) missing', undefined, 'OIDC_ISSUER_MISMATCH'],
    ['OAUTH_INVALID_RESPONSE', 'unexpected "state" response parameter value', undefined, 'OIDC_STATE_INVALID'],
    ['OAUTH_INVALID_RESPONSE', '"response" body "access_token" property must be a string', undefined, 'OIDC_RESPONSE_INVALID'],
    ['OAUTH_HTTP_REQUEST_FORBIDDEN', 'only requests to HTTPS are allowed', undefined, 'OIDC_PARTNER_MISCONFIGURED'],
    ['OAUTH_TIMEOUT', 'operation timed out', undefined, 'OIDC_PARTNER_UNREACHABLE'],
  ])('%s "%s" → %s', (code, message, cause, expected) => {
    expect(classifyOidcFailure(clientError(code, message, cause)).code).toBe(expected);
  });

  it('reads the token endpoint errors: a refused code, a refused client', () => {
    const body = (error: string) => new ResponseBodyError('server responded with an error in the response body',
      { cause: { error }, response: new Response(null, { status: 400 }) } as never);
    expect(classifyOidcFailure(body('invalid_grant')).code).toBe('OIDC_CODE_REJECTED');
    expect(classifyOidcFailure(body('invalid_client')).code).toBe('OIDC_PARTNER_MISCONFIGURED');
    expect(classifyOidcFailure(body('server_error')).code).toBe('OIDC_RESPONSE_INVALID');
  });

  it('reads an error authorization response as a cancelled or refused sign-in, without echoing odd values', () => {
    const refused = classifyOidcFailure(new AuthorizationResponseError('authorization response from the server is an error',
      { cause: new URLSearchParams({ error: '<script>', state: 's' }) } as never));
    expect(refused.code).toBe('OIDC_AUTHORIZATION_DENIED');
    expect(refused.detail).not.toContain('<script>');
  });

  it('says a network failure is an unreachable partner, and anything else an invalid response', () => {
    expect(classifyOidcFailure(new TypeError('fetch failed')).code).toBe('OIDC_PARTNER_UNREACHABLE');
    expect(classifyOidcFailure(new Error('boom')).code).toBe('OIDC_RESPONSE_INVALID');
  });

  it('keeps an error that is already coded', () => {
    const coded = new OidcSignInError('OIDC_STATE_INVALID', 'x');
    expect(classifyOidcFailure(coded)).toBe(coded);
  });

  it('gives every code a French message', () => {
    for (const [code, message] of Object.entries(OIDC_REFUSALS)) {
      expect(new OidcSignInError(code as keyof typeof OIDC_REFUSALS).message).toBe(message);
      expect(message).toMatch(/[a-zé]/);
    }
  });
});
