import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowInsecureRequests } from 'openid-client';
import {
  COLLEGE_CLASS, COLLEGE_UAI, ENT_SCOPE, IdTokenForgery, RunningOidcIdp, startOidcIdp, TestBrowser,
} from '../../../../../federation/idp-oidc';
import { FederationPartner } from '../protocol';
import { OidcClientConfigurations, OidcPartnerClient } from './oidc-client-configurations';
import { OidcRefusalCode, OidcSignInError } from './oidc-errors';
import { buildOidcAuthorizationRequest, buildOidcLogoutUrl, OidcAuthorizationRequest, redeemOidcCallback } from './oidc-relying-party';

// The relying party against the local OpenID provider over real HTTP, without the hub: every check of the callback.
// Only tests let openid-client speak plain http:// to 127.0.0.1.
const TEST_HTTP = { execute: [allowInsecureRequests] };
const REDIRECT_URI = 'http://127.0.0.1:1/auth/oidc/college-jean-moulin/callback';
const POST_LOGOUT = 'http://127.0.0.1:1/';
const CLIENT_ID = 'passerelle';
const CLIENT_SECRET = randomBytes(24).toString('base64url');

let idp: RunningOidcIdp;

function partnerFor(overrides: Partial<NonNullable<FederationPartner['oidcSettings']>> = {}): FederationPartner {
  return {
    id: randomUUID(), slug: 'college-jean-moulin', name: 'ENT du Collège Jean Moulin', kind: 'COLLEGE', protocol: 'OIDC',
    trust: 'PARTNER', status: 'ACTIVE', samlSettings: null, attributeMapping: {},
    oidcSettings: {
      issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ['openid', 'profile', ENT_SCOPE],
      allowedAlgorithms: ['RS256'], endSessionEndpoint: null, ...overrides,
    },
  };
}

/** Goes to the provider as a browser would, signs `login` in, and returns the callback URL the provider sent back. */
async function authorize(client: OidcPartnerClient, login = 'lea.martin', browser = new TestBrowser()):
  Promise<{ request: OidcAuthorizationRequest; callback: URL }> {
  const request = await buildOidcAuthorizationRequest(client, REDIRECT_URI);
  const url = new URL(request.url);
  url.searchParams.set('login_hint', login);
  const result = await browser.navigate(url.href, { stopAt: REDIRECT_URI });
  if (!result.url.startsWith(REDIRECT_URI)) throw new Error(`the provider did not redirect back: ${result.response?.status} ${result.response?.body.slice(0, 300)}`);
  return { request, callback: new URL(result.url) };
}

async function refusal(promise: Promise<unknown>): Promise<OidcRefusalCode> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OidcSignInError) return error.code;
    throw error;
  }
  throw new Error('the sign-in was accepted');
}

async function signInWithForgery(forgery: IdTokenForgery): Promise<OidcRefusalCode> {
  const client = await new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor());
  const { request, callback } = await authorize(client);
  idp.forgeNextIdToken(forgery);
  return refusal(redeemOidcCallback(client, callback, request));
}

beforeAll(async () => {
  idp = await startOidcIdp({
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI], post_logout_redirect_uris: [POST_LOGOUT] }],
  });
});

afterAll(async () => {
  await idp?.stop();
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('OpenID Connect relying party against the local provider', () => {
  it('signs a 6e pupil in with code + PKCE S256, state and nonce, and reads the collège claims from the ID token', async () => {
    const client = await new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor());
    const { request, callback } = await authorize(client, 'lea.martin');
    const sent = new URL(request.url).searchParams;
    expect(sent.get('code_challenge_method')).toBe('S256');
    expect(sent.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(sent.get('state')).toBe(request.state);
    expect(sent.get('nonce')).toBe(request.nonce);
    expect(sent.get('scope')).toBe(`openid profile ${ENT_SCOPE}`);
    expect(callback.searchParams.get('iss')).toBe(idp.issuer); // RFC 9207

    const { claims, idToken } = await redeemOidcCallback(client, callback, request);
    expect(idToken.split('.')).toHaveLength(3);
    expect(claims).toMatchObject({
      iss: idp.issuer, aud: CLIENT_ID, sub: 'cjm-5f0e2a71', nonce: request.nonce, name: 'Léa Martin',
      ent_profile: 'National_ELV', ent_uai: COLLEGE_UAI, ent_class: COLLEGE_CLASS,
    });
  });

  it('discovers a partner once and fetches its JWKS once for several sign-ins', async () => {
    const configurations = new OidcClientConfigurations(TEST_HTTP);
    const partner = partnerFor();
    const before = { ...idp.requests };
    for (const login of ['noah.bernard', 'ines.dubois']) {
      const client = await configurations.forPartner(partner);
      const { request, callback } = await authorize(client, login);
      await redeemOidcCallback(client, callback, request);
    }
    expect(idp.requests.discovery - before.discovery).toBe(1);
    expect(idp.requests.jwks - before.jwks).toBe(1);
  });

  it('discovers again when the partner settings change, keeping the JWKS it has of the same issuer', async () => {
    const configurations = new OidcClientConfigurations(TEST_HTTP);
    const partner = partnerFor();
    const signIn = async (p: FederationPartner) => {
      const client = await configurations.forPartner(p);
      const { request, callback } = await authorize(client);
      await redeemOidcCallback(client, callback, request);
    };
    await signIn(partner);
    const before = { ...idp.requests };
    await signIn({ ...partner, oidcSettings: { ...partner.oidcSettings!, allowedAlgorithms: ['RS256', 'ES256'] } });
    expect(idp.requests.discovery - before.discovery).toBe(1);
    expect(idp.requests.jwks - before.jwks).toBe(0);
  });

  it('signs the teacher in with her profile and no class', async () => {
    const client = await new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor());
    const { request, callback } = await authorize(client, 'claire.lefevre');
    const { claims } = await redeemOidcCallback(client, callback, request);
    expect(claims.ent_profile).toBe('National_ENS');
    expect(claims.ent_class).toBeUndefined();
  });

  describe('refuses', () => {
    it('an ID token from another issuer', async () => {
      expect(await signInWithForgery({ claims: (c) => ({ ...c, iss: 'http://127.0.0.1:9/other-ent' }) })).toBe('OIDC_ISSUER_MISMATCH');
    });

    it('an ID token for another client', async () => {
      expect(await signInWithForgery({ claims: (c) => ({ ...c, aud: 'another-client' }) })).toBe('OIDC_AUDIENCE_MISMATCH');
    });

    it('an ID token for several audiences without azp, or authorized for another party', async () => {
      expect(await signInWithForgery({ claims: (c) => ({ ...c, aud: [CLIENT_ID, 'another-client'] }) })).toBe('OIDC_AUDIENCE_MISMATCH');
      expect(await signInWithForgery({ claims: (c) => ({ ...c, aud: [CLIENT_ID, 'another-client'], azp: 'another-client' }) }))
        .toBe('OIDC_AUDIENCE_MISMATCH');
    });

    it('an ID token with another nonce', async () => {
      expect(await signInWithForgery({ claims: (c) => ({ ...c, nonce: 'not-the-one-we-sent' }) })).toBe('OIDC_NONCE_MISMATCH');
    });

    it('an expired ID token', async () => {
      const now = Math.floor(Date.now() / 1000);
      expect(await signInWithForgery({ claims: (c) => ({ ...c, iat: now - 7200, exp: now - 3600 }) })).toBe('OIDC_TOKEN_EXPIRED');
    });

    it('an ID token issued in the future or long ago', async () => {
      const now = Math.floor(Date.now() / 1000);
      expect(await signInWithForgery({ claims: (c) => ({ ...c, iat: now + 600, exp: now + 1200 }) })).toBe('OIDC_TOKEN_NOT_YET_VALID');
      expect(await signInWithForgery({ claims: (c) => ({ ...c, iat: now - 3600, exp: now + 600 }) })).toBe('OIDC_TOKEN_EXPIRED');
    });

    it('an unsigned ID token (alg none)', async () => {
      expect(await signInWithForgery({ signature: 'none' })).toBe('OIDC_ALGORITHM_REFUSED');
    });

    it('an ID token signed HS256 with the public key as secret', async () => {
      expect(await signInWithForgery({ signature: 'hs256-public-key' })).toBe('OIDC_ALGORITHM_REFUSED');
    });

    it('an ID token signed by a key the provider never published, under its kid', async () => {
      expect(await signInWithForgery({ signature: 'foreign-key' })).toBe('OIDC_SIGNATURE_INVALID');
    });

    it('an ID token whose claims were changed after signing (another pupil)', async () => {
      expect(await signInWithForgery({ signature: 'tampered', claims: (c) => ({ ...c, sub: 'cjm-9b41c3d8' }) })).toBe('OIDC_SIGNATURE_INVALID');
    });

    it('an ID token signed under an unknown kid', async () => {
      expect(await signInWithForgery({ signature: 'unknown-kid' })).toBe('OIDC_SIGNING_KEY_UNKNOWN');
    });

    it('an ID token signed with an allowed-by-the-provider but not-allowed-for-the-partner algorithm', async () => {
      // The partner allows ES256 and PS256 only: the provider's RS256 is refused.
      const client = await new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor({ allowedAlgorithms: ['ES256', 'PS256'] }));
      const { request, callback } = await authorize(client);
      expect(await refusal(redeemOidcCallback(client, callback, request))).toBe('OIDC_ALGORITHM_REFUSED');
    });

    it('a callback whose state is not the one sent', async () => {
      const client = await new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor());
      const { request, callback } = await authorize(client);
      expect(await refusal(redeemOidcCallback(client, callback, { ...request, state: 'another-state' }))).toBe('OIDC_STATE_INVALID');
    });

    it('an authorization response whose iss is another issuer, or missing although the provider advertises it (RFC 9207)', async () => {
      const client = await new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor());
      expect(client.config.serverMetadata().authorization_response_iss_parameter_supported).toBe(true);
      const first = await authorize(client);
      first.callback.searchParams.set('iss', 'http://127.0.0.1:9/other-ent');
      expect(await refusal(redeemOidcCallback(client, first.callback, first.request))).toBe('OIDC_ISSUER_MISMATCH');
      const second = await authorize(client);
      second.callback.searchParams.delete('iss');
      expect(await refusal(redeemOidcCallback(client, second.callback, second.request))).toBe('OIDC_ISSUER_MISMATCH');
    });

    it('a code redeemed twice (the provider refuses the replay)', async () => {
      const client = await new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor());
      const { request, callback } = await authorize(client);
      await redeemOidcCallback(client, callback, request);
      expect(await refusal(redeemOidcCallback(client, callback, request))).toBe('OIDC_CODE_REJECTED');
    });

    it('a code redeemed with another PKCE verifier', async () => {
      const client = await new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor());
      const { request, callback } = await authorize(client);
      const other = await buildOidcAuthorizationRequest(client, REDIRECT_URI);
      expect(await refusal(redeemOidcCallback(client, callback, { ...request, codeVerifier: other.codeVerifier }))).toBe('OIDC_CODE_REJECTED');
    });

    it('a sign-in the person cancelled at the provider', async () => {
      const client = await new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor());
      const { request, callback } = await authorize(client, 'nobody-at-this-college');
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(await refusal(redeemOidcCallback(client, callback, request))).toBe('OIDC_AUTHORIZATION_DENIED');
    });
  });

  describe('partner settings', () => {
    it('refuses an allow-list with none or HS256 before any request', async () => {
      const before = idp.requests.discovery;
      for (const allowed of [['none'], ['RS256', 'HS256'], []]) {
        expect(await refusal(new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor({ allowedAlgorithms: allowed }))))
          .toBe('OIDC_PARTNER_MISCONFIGURED');
      }
      expect(idp.requests.discovery).toBe(before);
    });

    it('refuses a plain-http issuer without the test-only HTTP options (the product default)', async () => {
      expect(await refusal(new OidcClientConfigurations().forPartner(partnerFor()))).toBe('OIDC_PARTNER_MISCONFIGURED');
    });

    it('refuses a discovery document naming another issuer (mix-up)', async () => {
      const impostor = createServer((_req, res) => {
        const address = impostor.address() as AddressInfo;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: idp.issuer, authorization_endpoint: `http://127.0.0.1:${address.port}/auth`,
          token_endpoint: `http://127.0.0.1:${address.port}/token`, jwks_uri: `http://127.0.0.1:${address.port}/jwks` }));
      });
      await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
      try {
        const issuer = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
        expect(await refusal(new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor({ issuer })))).toBe('OIDC_PARTNER_MISCONFIGURED');
      } finally {
        await new Promise((resolve) => impostor.close(resolve));
      }
    });

    it('says the partner is unreachable when discovery fails, and tries again on the next sign-in', async () => {
      const configurations = new OidcClientConfigurations(TEST_HTTP);
      const partner = partnerFor({ issuer: 'http://127.0.0.1:1' });
      expect(await refusal(configurations.forPartner(partner))).toBe('OIDC_PARTNER_UNREACHABLE');
      expect(await refusal(configurations.forPartner(partner))).toBe('OIDC_PARTNER_UNREACHABLE');
    });
  });

  it('refetches the JWKS for an unknown kid at most once a minute (key rotation at the partner)', async () => {
    const configurations = new OidcClientConfigurations(TEST_HTTP);
    const partner = partnerFor();
    const signIn = async () => {
      const client = await configurations.forPartner(partner);
      const { request, callback } = await authorize(client);
      return redeemOidcCallback(client, callback, request);
    };
    await signIn();
    const fetched = idp.requests.jwks;
    idp.rotateSigningKey();
    try {
      // The cached JWKS is less than a minute old: no refetch, the new kid is unknown.
      expect(await refusal(signIn())).toBe('OIDC_SIGNING_KEY_UNKNOWN');
      expect(idp.requests.jwks).toBe(fetched);
      // A minute later (both clocks moved: the provider runs in this process), one refetch and the new key is known.
      const realNow = Date.now.bind(Date);
      jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
      await signIn();
      expect(idp.requests.jwks).toBe(fetched + 1);
      // A token under yet another unknown kid right after: refused without a refetch.
      expect(await signInWithSameConfigurations(configurations, partner, { signature: 'unknown-kid' })).toBe('OIDC_SIGNING_KEY_UNKNOWN');
      expect(idp.requests.jwks).toBe(fetched + 1);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('builds the RP-initiated logout URL that the provider accepts and that ends the session there', async () => {
    const client = await new OidcClientConfigurations(TEST_HTTP).forPartner(partnerFor());
    const browser = new TestBrowser();
    const { request, callback } = await authorize(client, 'adam.petit', browser);
    await redeemOidcCallback(client, callback, request);
    const url = new URL(buildOidcLogoutUrl(client, POST_LOGOUT)!);
    expect(url.origin + url.pathname).toBe(client.config.serverMetadata().end_session_endpoint);
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(POST_LOGOUT);

    const page = await browser.request(url.href);
    expect(page.status).toBe(200);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1];
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page.body)?.[1];
    expect(xsrf && action).toBeTruthy();
    const confirmed = await browser.request(new URL(action!, idp.issuer).href, { form: { xsrf: xsrf!, logout: 'yes' } });
    expect(confirmed.headers.get('location')).toBe(POST_LOGOUT);
    // Signed out at the provider: the next authorization asks who signs in again (no silent sign-in).
    const next = await buildOidcAuthorizationRequest(client, REDIRECT_URI);
    const again = await browser.navigate(next.url, { stopAt: REDIRECT_URI });
    expect(again.response?.status).toBe(200);
    expect(again.response?.body).toContain('choisissez un compte');
  });
});

async function signInWithSameConfigurations(configurations: OidcClientConfigurations, partner: FederationPartner,
  forgery: IdTokenForgery): Promise<OidcRefusalCode> {
  const client = await configurations.forPartner(partner);
  const { request, callback } = await authorize(client);
  idp.forgeNextIdToken(forgery);
  return refusal(redeemOidcCallback(client, callback, request));
}
