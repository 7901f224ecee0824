import {
  checkAllowedAlgorithms, checkIdTokenAlgorithm, checkIssuedAt, claimsToAttributes, jwsHeaderOf, OIDC_CLOCK_SKEW_SECONDS,
  OIDC_ID_TOKEN_MAX_AGE_SECONDS,
} from './oidc-id-token';
import { OidcSignInError } from './oidc-errors';

const jws = (header: unknown, claims: unknown = {}) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof OidcSignInError) return error.code;
    throw error;
  }
  return undefined;
}

describe('checkAllowedAlgorithms', () => {
  it('accepts asymmetric algorithms and drops duplicates', () => {
    expect(checkAllowedAlgorithms(['RS256', 'ES256', 'RS256'])).toEqual(['RS256', 'ES256']);
  });

  it.each([[['none']], [['HS256']], [['RS256', 'HS512']], [['rs256']], [[]], [null], [undefined]])(
    'refuses %j as a partner misconfiguration', (list) => {
      expect(codeOf(() => checkAllowedAlgorithms(list as string[] | null))).toBe('OIDC_PARTNER_MISCONFIGURED');
    });
});

describe('checkIdTokenAlgorithm', () => {
  it('accepts a token signed with an allowed algorithm', () => {
    expect(codeOf(() => checkIdTokenAlgorithm(jws({ alg: 'RS256', kid: 'k' }), ['RS256']))).toBeUndefined();
  });

  it.each(['none', 'HS256', 'RS512', 'NONE'])('refuses alg %s when only RS256 is allowed', (alg) => {
    expect(codeOf(() => checkIdTokenAlgorithm(jws({ alg }), ['RS256']))).toBe('OIDC_ALGORITHM_REFUSED');
  });

  it('refuses a header without alg, and what is not a compact JWS', () => {
    expect(codeOf(() => checkIdTokenAlgorithm(jws({ kid: 'k' }), ['RS256']))).toBe('OIDC_ALGORITHM_REFUSED');
    expect(codeOf(() => checkIdTokenAlgorithm('a.b', ['RS256']))).toBe('OIDC_RESPONSE_INVALID');
    expect(codeOf(() => checkIdTokenAlgorithm('e30.e30.e30.e30.e30', ['RS256']))).toBe('OIDC_RESPONSE_INVALID');
  });
});

describe('jwsHeaderOf', () => {
  it('reads the protected header, or null for garbage', () => {
    expect(jwsHeaderOf(jws({ alg: 'ES256' }))).toEqual({ alg: 'ES256' });
    expect(jwsHeaderOf('not-json.e30.x')).toBeNull();
    expect(jwsHeaderOf(`${Buffer.from('[1]').toString('base64url')}.e30.x`)).toBeNull();
  });
});

describe('checkIssuedAt', () => {
  const now = 1_800_000_000;

  it('accepts a token issued now or within the clock skew ahead', () => {
    expect(codeOf(() => checkIssuedAt({ iat: now }, now))).toBeUndefined();
    expect(codeOf(() => checkIssuedAt({ iat: now + OIDC_CLOCK_SKEW_SECONDS }, now))).toBeUndefined();
  });

  it('refuses a token issued in the future beyond the skew', () => {
    expect(codeOf(() => checkIssuedAt({ iat: now + OIDC_CLOCK_SKEW_SECONDS + 1 }, now))).toBe('OIDC_TOKEN_NOT_YET_VALID');
  });

  it('refuses a token issued too long ago', () => {
    expect(codeOf(() => checkIssuedAt({ iat: now - OIDC_ID_TOKEN_MAX_AGE_SECONDS - OIDC_CLOCK_SKEW_SECONDS - 1 }, now)))
      .toBe('OIDC_TOKEN_EXPIRED');
  });

  it('refuses a missing or non-numeric iat', () => {
    expect(codeOf(() => checkIssuedAt({}, now))).toBe('OIDC_RESPONSE_INVALID');
    expect(codeOf(() => checkIssuedAt({ iat: String(now) }, now))).toBe('OIDC_RESPONSE_INVALID');
  });
});

describe('claimsToAttributes', () => {
  it('keeps text claims as arrays and leaves out numbers, booleans, objects and mixed arrays', () => {
    expect(claimsToAttributes({
      sub: 'cjm-1', name: 'Léa Martin', ent_class: ['6e B'], iat: 1, email_verified: true, address: { locality: 'x' },
      mixed: ['a', 1],
    })).toEqual({ sub: ['cjm-1'], name: ['Léa Martin'], ent_class: ['6e B'] });
  });
});
