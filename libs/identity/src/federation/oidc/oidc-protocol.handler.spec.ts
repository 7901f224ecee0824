import { randomBytes, randomUUID } from 'node:crypto';
import { Configuration } from 'openid-client';
import { AppConfig } from '@passerelle/config';
import { ReplayCache } from '../../sessions/session-store';
import { FederationPartner, PendingLogin, PendingLoginStore } from '../protocol';
import { OidcClientConfigurations, OidcPartnerClient } from './oidc-client-configurations';
import { OidcSignInError } from './oidc-errors';
import { oidcPendingLoginKey, OidcProtocolHandler } from './oidc-protocol.handler';

// The handler's own rules around the callback, before anything is asked of the partner: the state must name a
// login this browser started with this partner, once. Store and replay cache are in memory here.

class MemoryPendingLogins extends PendingLoginStore {
  readonly logins = new Map<string, PendingLogin>();
  async put(key: string, login: PendingLogin): Promise<void> { this.logins.set(key, login); }
  async take(key: string): Promise<PendingLogin | null> {
    const login = this.logins.get(key) ?? null;
    this.logins.delete(key);
    return login;
  }
}

class MemoryReplayCache extends ReplayCache {
  readonly seen = new Set<string>();
  async firstUse(key: string): Promise<boolean> {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

const ISSUER = 'https://ent.college-jean-moulin.example';

function partner(id = randomUUID(), slug = 'college-jean-moulin'): FederationPartner {
  return {
    id, slug, name: 'ENT du Collège Jean Moulin', kind: 'COLLEGE', protocol: 'OIDC', trust: 'PARTNER', status: 'ACTIVE',
    samlSettings: null, attributeMapping: {},
    oidcSettings: { issuer: ISSUER, clientId: 'passerelle', clientSecret: 's3cret', scopes: ['profile', 'ent', 'bad scope"'],
      allowedAlgorithms: ['RS256'], endSessionEndpoint: null },
  };
}

function setup() {
  const pending = new MemoryPendingLogins();
  const replay = new MemoryReplayCache();
  const discovered: OidcPartnerClient[] = [];
  const configurations = {
    async forPartner(p: FederationPartner): Promise<OidcPartnerClient> {
      const config = new Configuration({ issuer: ISSUER, authorization_endpoint: `${ISSUER}/auth`, token_endpoint: `${ISSUER}/token`,
        jwks_uri: `${ISSUER}/jwks` }, 'passerelle', 's3cret');
      const client = { config, settings: p.oidcSettings!, allowedAlgorithms: ['RS256' as const] };
      discovered.push(client);
      return client;
    },
  } as unknown as OidcClientConfigurations;
  const config = Object.assign(new AppConfig(), { PUBLIC_URL: 'https://passerelle.example' });
  return { pending, replay, discovered, handler: new OidcProtocolHandler(configurations, pending, replay, config) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OidcSignInError) return error.code;
    throw error;
  }
  return 'ACCEPTED';
}

describe('OidcProtocolHandler', () => {
  it('starts a login: PKCE S256, state and nonce, stored as a pending login of this browser and partner', async () => {
    const { handler, pending } = setup();
    const p = partner();
    const url = new URL(await handler.startLogin(p, { returnTo: '/espaces', browserBinding: 'b'.repeat(43) }));
    expect(url.origin + url.pathname).toBe(`${ISSUER}/auth`);
    const params = url.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe('passerelle');
    expect(params.get('redirect_uri')).toBe('https://passerelle.example/auth/oidc/college-jean-moulin/callback');
    expect(params.get('scope')).toBe('openid profile ent');
    expect(params.get('code_challenge_method')).toBe('S256');
    const stored = pending.logins.get(oidcPendingLoginKey(params.get('state')!));
    expect(stored).toMatchObject({ partnerId: p.id, returnTo: '/espaces', browserBinding: 'b'.repeat(43), nonce: params.get('nonce') });
    expect(stored!.codeVerifier).toMatch(/^[\w-]{43}$/);
    expect(stored!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
  });

  describe('refuses a callback before calling the partner when', () => {
    const binding = randomBytes(32).toString('base64url');

    async function started() {
      const context = setup();
      const p = partner();
      const url = new URL(await context.handler.startLogin(p, { returnTo: '/', browserBinding: binding }));
      context.discovered.length = 0;
      return { ...context, p, state: url.searchParams.get('state')! };
    }

    it.each([
      ['there is no state', 'code=abc'],
      ['the state is repeated', 'code=abc&state=aaaaaaaaaaaaaaaaaaaaaaaaaaaa&state=bbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
      ['the state is malformed', 'code=abc&state=%3Cscript%3E'],
    ])('%s', async (_what, query) => {
      const { handler, p, discovered } = await started();
      expect(await codeOf(handler.verifyCallback(p, query, binding))).toBe('OIDC_STATE_INVALID');
      expect(discovered).toHaveLength(0);
    });

    it('the query is oversized', async () => {
      const { handler, p, state } = await started();
      expect(await codeOf(handler.verifyCallback(p, `state=${state}&code=${'x'.repeat(5000)}`, binding))).toBe('OIDC_RESPONSE_INVALID');
    });

    it('the state names no login in progress', async () => {
      const { handler, p, discovered } = await started();
      expect(await codeOf(handler.verifyCallback(p, `code=abc&state=${randomBytes(32).toString('base64url')}`, binding)))
        .toBe('OIDC_STATE_INVALID');
      expect(discovered).toHaveLength(0);
    });

    it('the login was started with another partner (mix-up)', async () => {
      const { handler, state, discovered } = await started();
      expect(await codeOf(handler.verifyCallback(partner(randomUUID(), 'autre-ent'), `code=abc&state=${state}`, binding)))
        .toBe('OIDC_STATE_INVALID');
      expect(discovered).toHaveLength(0);
    });

    it('the browser is not the one that started the login, or sends no login cookie', async () => {
      for (const other of [randomBytes(32).toString('base64url'), undefined]) {
        const { handler, p, state, discovered } = await started();
        expect(await codeOf(handler.verifyCallback(p, `code=abc&state=${state}`, other))).toBe('OIDC_STATE_INVALID');
        expect(discovered).toHaveLength(0);
      }
    });

    it('the state was already used once, even if the pending login came back', async () => {
      const { handler, p, state, pending } = await started();
      const login = pending.logins.get(oidcPendingLoginKey(state))!;
      // First use: the partner answered with an error (refused without any request to it).
      expect(await codeOf(handler.verifyCallback(p, `error=access_denied&state=${state}&iss=${encodeURIComponent(ISSUER)}`, binding)))
        .toBe('OIDC_AUTHORIZATION_DENIED');
      // Put the pending login back as a faulty store might: the replay cache still refuses the state.
      await pending.put(oidcPendingLoginKey(state), login);
      expect(await codeOf(handler.verifyCallback(p, `code=abc&state=${state}`, binding))).toBe('OIDC_STATE_INVALID');
    });
  });
});
