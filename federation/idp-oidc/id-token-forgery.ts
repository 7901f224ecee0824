import { createHmac, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * Forged ID tokens, for negative tests of a relying party: the local provider can replace the ID token of its next
 * token response by one of these. Test and demo only.
 */

/** An RSA signing key with its `kid`, as the provider publishes it (public part) in its JWKS. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomBytes(8).toString('hex'), privateKey, publicKey };
}

/** The private JWK that oidc-provider signs with. */
export function privateJwkOf(key: SigningKey): Record<string, unknown> {
  return { ...key.privateKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' };
}

/** The public JWK of a key, as a JWKS lists it. */
export function publicJwkOf(key: SigningKey): Record<string, unknown> {
  return { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' };
}

/**
 * How the forged token is signed:
 * - `provider-key`: RS256 with the provider's current key (valid signature over the changed claims);
 * - `none`: `alg: none` and no signature;
 * - `hs256-public-key`: HS256 keyed with the provider's public key in PEM (the classic key-confusion attack);
 * - `foreign-key`: RS256 with a key the provider never published, under the provider's `kid`;
 * - `unknown-kid`: RS256 with a fresh key under a `kid` the provider's JWKS does not list;
 * - `tampered`: the provider's signature over the original claims, then the claims changed.
 */
export type ForgedSignature = 'provider-key' | 'none' | 'hs256-public-key' | 'foreign-key' | 'unknown-kid' | 'tampered';

export interface IdTokenForgery {
  /** Changes the claims of the genuine ID token (default: unchanged). */
  readonly claims?: (claims: Record<string, unknown>) => Record<string, unknown>;
  /** Default `provider-key`. */
  readonly signature?: ForgedSignature;
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export function decodeJwt(jwt: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, payload] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

/** A compact JWS signed RS256 with `key`. */
export function signRs256(claims: Record<string, unknown>, key: { kid: string; privateKey: KeyObject }): string {
  const input = `${b64url(JSON.stringify({ alg: 'RS256', kid: key.kid }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key.privateKey))}`;
}

/** Replaces a genuine ID token by a forged one. `providerKey` is the key the provider signs with now. */
export function forgeIdToken(genuine: string, forgery: IdTokenForgery, providerKey: SigningKey): string {
  const { claims: original } = decodeJwt(genuine);
  const claims = forgery.claims ? forgery.claims({ ...original }) : original;
  switch (forgery.signature ?? 'provider-key') {
    case 'provider-key':
      return signRs256(claims, providerKey);
    case 'none':
      return `${b64url(JSON.stringify({ alg: 'none' }))}.${b64url(JSON.stringify(claims))}.`;
    case 'hs256-public-key': {
      const input = `${b64url(JSON.stringify({ alg: 'HS256', kid: providerKey.kid }))}.${b64url(JSON.stringify(claims))}`;
      const secret = providerKey.publicKey.export({ format: 'pem', type: 'spki' });
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    }
    case 'foreign-key':
      return signRs256(claims, { kid: providerKey.kid, privateKey: generateSigningKey().privateKey });
    case 'unknown-kid':
      return signRs256(claims, generateSigningKey());
    case 'tampered': {
      const [header, , signature] = signRs256(original, providerKey).split('.');
      return `${header}.${b64url(JSON.stringify(claims))}.${signature}`;
    }
  }
}
