import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import { Logger } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { allowInsecureRequests } from 'openid-client';
import { DataSource } from 'typeorm';
import { loadConfig, trustProxyOption } from '@passerelle/config';
import { clientSecretContext, SecretBox } from '@passerelle/conventions';
import { createValidationPipe, HttpErrorFilter } from '@passerelle/errors';
import { ApiModule } from '../../../../../apps/api/src/app.module';
import { migrate, resolveDatabase } from '../../../../../apps/api/src/database';
import {
  COLLEGE_CLASS, COLLEGE_UAI, ENT_CLAIMS, ENT_SCOPE, IdTokenForgery, NavigateResult, RunningOidcIdp, startOidcIdp, TestBrowser,
} from '../../../../../federation/idp-oidc';
import { freePort } from '../../../../../test/processes';
import { testEnv, unique } from '../../../../../test/harness';
import { validUai } from '../../../../../test/factories';
import { SESSION_COOKIE } from '../../sessions/session.service';
import { LOGIN_COOKIE } from '../protocol';
import { OIDC_HTTP_OPTIONS, OidcHttpOptions } from './oidc-client-configurations';
import { OidcModule } from './oidc.module';

/**
 * Sign-in through a partner ENT speaking OpenID Connect, end to end over real HTTP: the hub (Fastify, PostgreSQL,
 * Redis), the local OpenID provider of federation/idp-oidc, and a browser with a cookie jar following redirects.
 * The hub is built as the API is (ApiModule) with one difference: the relying party may speak plain http to the
 * local provider on 127.0.0.1 (OIDC_HTTP_OPTIONS, overridden here only).
 */

const TEST_HTTP: OidcHttpOptions = { execute: [allowInsecureRequests] };
const CLIENT_ID = 'passerelle-hub';
const CLIENT_SECRET = randomBytes(24).toString('base64url');

interface Hub {
  readonly url: string;
  readonly app: NestFastifyApplication;
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

/** The API as startApi builds it, from a testing module so that OIDC_HTTP_OPTIONS can be overridden. */
async function startHub(port: number): Promise<Hub> {
  const url = `http://127.0.0.1:${port}`;
  // The run's other hubs share this database (and its sealed SP keys): same secret key as theirs (testEnv's default).
  const config = loadConfig(testEnv({ PORT: String(port), PUBLIC_URL: url }));
  const logger = new Logger('OidcSignInTest');
  const database = await resolveDatabase(config, logger);
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config, database), OidcModule] })
    .overrideProvider(OIDC_HTTP_OPTIONS).useValue(TEST_HTTP)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    new FastifyAdapter({ bodyLimit: 1024 * 1024, trustProxy: trustProxyOption(config.TRUST_PROXY) }), { logger: false, abortOnError: false });
  if (config.MIGRATIONS_RUN) await migrate(app.get(DataSource), database.embedded, logger);
  await app.register(fastifyCookie);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  await app.listen(port, '127.0.0.1');
  return { url, app, dataSource: app.get(DataSource), close: () => app.close() };
}

let hub: Hub;
let idp: RunningOidcIdp;
let slug: string;
let partnerId: string;
let conventionId: string;
let callbackPrefix: string;

/** A partner ENT row (client secret sealed as the conventions library stores it), an ACTIVE convention, a guest pool. */
async function seedPartnerAndConvention(): Promise<void> {
  const db = hub.dataSource;
  partnerId = randomUUID();
  const box = hub.app.get(SecretBox, { strict: false }).seal(CLIENT_SECRET, clientSecretContext(partnerId));
  await db.query(
    `INSERT INTO partner_ent (id, slug, name, kind, protocol, trust, status, oidc_settings, attribute_mapping)
     VALUES ($1, $2, 'ENT du Collège Jean Moulin', 'COLLEGE', 'OIDC', 'PARTNER', 'ACTIVE', $3, $4)`,
    [partnerId, slug,
      JSON.stringify({ issuer: idp.issuer, clientId: CLIENT_ID, clientSecretBox: box, scopes: ['openid', 'profile', ENT_SCOPE],
        allowedAlgorithms: ['RS256'], endSessionEndpoint: null, discovered: null }),
      JSON.stringify({ preset: 'GENERIC_OIDC', subject: 'sub', displayName: 'name', profile: ENT_CLAIMS.profile, uai: ENT_CLAIMS.uai,
        classCode: ENT_CLAIMS.classCode })]);
  const [school] = await db.query(`INSERT INTO structure (uai, name, type) VALUES ($1, 'École Jules Ferry', 'ECOLE') RETURNING id`,
    [validUai()]);
  const code = unique('cjm').slice(0, 20);
  const [convention] = await db.query(
    `INSERT INTO convention (code, title, partner_id, status, version, school_year, valid_from, valid_until, retention_days,
       contribution_fate, created_by_kind, created_by_id, activated_at)
     VALUES ($1, 'Liaison CM2-6e', $2, 'ACTIVE', 1, '2025-2026', now() - interval '30 days', now() + interval '200 days', 90,
       'KEEP_PSEUDONYMIZED', 'HUB_ADMIN', gen_random_uuid(), now()) RETURNING id`, [code, partnerId]);
  conventionId = convention.id;
  await db.query(`INSERT INTO convention_hosting_structure (convention_id, structure_id) VALUES ($1, $2)`, [conventionId, school.id]);
  await db.query(`INSERT INTO convention_partner_structure (convention_id, uai, name) VALUES ($1, $2, 'Collège Jean Moulin')`,
    [conventionId, COLLEGE_UAI]);
  await db.query(`INSERT INTO convention_profile_quota (convention_id, profile, quota) VALUES ($1, 'National_ELV', 5), ($1, 'National_ENS', 1)`,
    [conventionId]);
  await db.query(
    `INSERT INTO guest (convention_id, profile, seq, login)
     SELECT $1, p.profile, s.seq, $2 || '-' || lower(substr(p.profile, 10)) || '-' || s.seq
     FROM (VALUES ('National_ELV', 5), ('National_ENS', 1)) AS p(profile, n), generate_series(1, p.n) AS s(seq)`,
    [conventionId, code]);
}

async function boundGuests(): Promise<{ id: string; profile: string; issuer: string; subject: string; display_name: string;
  uai: string; class_code: string | null }[]> {
  return hub.dataSource.query(
    `SELECT id, profile, issuer, subject, display_name, uai, class_code FROM guest WHERE convention_id = $1 AND state = 'BOUND' ORDER BY bound_at`,
    [conventionId]);
}

async function auditEvents(): Promise<{ action: string; details: Record<string, unknown> }[]> {
  return hub.dataSource.query(`SELECT action, details FROM audit_event WHERE partner_id = $1 ORDER BY occurred_at, id`, [partnerId]);
}

/** From the hub's login route to the partner and back, as `login`; `atCallback` may change the callback URL. */
async function signIn(browser: TestBrowser, login: string, options: { returnTo?: string; atCallback?: (url: URL) => URL | void } = {}):
  Promise<{ callback: URL; result: NavigateResult }> {
  const start = `${hub.url}/auth/${slug}/login?returnTo=${encodeURIComponent(options.returnTo ?? '/espaces')}`;
  const toCallback = await browser.navigate(start, {
    stopAt: callbackPrefix,
    onRedirect: (url) => {
      if (url.origin === idp.issuer && url.pathname === '/auth') url.searchParams.set('login_hint', login);
      return url;
    },
  });
  if (!toCallback.url.startsWith(callbackPrefix)) {
    throw new Error(`never came back to the hub: ${toCallback.response?.status} ${toCallback.response?.body.slice(0, 300)}`);
  }
  let callback = new URL(toCallback.url);
  callback = options.atCallback?.(callback) ?? callback;
  // Stop at the first redirect after the callback (the hub's returnTo): the test looks at it.
  const result = await browser.navigate(callback.href, { stopAt: hub.url, maxRedirects: 0 });
  return { callback, result };
}

/** The authorization URL the hub sends the browser to (state, nonce, PKCE), without going there. */
async function startLoginOnly(browser: TestBrowser): Promise<URL> {
  const result = await browser.navigate(`${hub.url}/auth/${slug}/login`, { stopAt: idp.issuer });
  return new URL(result.url);
}

async function session(browser: TestBrowser): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await browser.request(`${hub.url}/auth/session`);
  return { status: response.status, body: response.status === 200 ? JSON.parse(response.body) : {} };
}

/**
 * A refused sign-in: the French error page (4xx), no session cookie, no guest bound, and exactly one new audit
 * event, which names the partner and the reason code.
 */
async function expectRefused(browser: TestBrowser, result: NavigateResult, code: string, before: { audit: number; bound: number }):
  Promise<void> {
  const response = result.response;
  expect(response).toBeDefined();
  expect(response!.status).toBeGreaterThanOrEqual(400);
  expect(response!.status).toBeLessThan(500);
  expect(response!.headers.get('content-type')).toContain('text/html');
  expect(response!.body).toContain('lang="fr"');
  expect(response!.body).toContain(code);
  expect(response!.headers.get('set-cookie') ?? '').not.toContain(`${SESSION_COOKIE}=`);
  expect(browser.cookie(hub.url, SESSION_COOKIE)).toBeUndefined();
  expect((await session(browser)).status).toBe(401);
  expect(await boundGuests()).toHaveLength(before.bound);
  const events = await auditEvents();
  expect(events).toHaveLength(before.audit + 1);
  expect(events.at(-1)).toMatchObject({ action: 'federation.sign-in-refused', details: { reason: code, protocol: 'OIDC' } });
}

async function snapshot(): Promise<{ audit: number; bound: number }> {
  return { audit: (await auditEvents()).length, bound: (await boundGuests()).length };
}

beforeAll(async () => {
  const port = await freePort();
  slug = `cjm-${randomBytes(3).toString('hex')}`;
  callbackPrefix = `http://127.0.0.1:${port}/auth/oidc/${slug}/callback`;
  idp = await startOidcIdp({ clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [callbackPrefix],
    post_logout_redirect_uris: [`http://127.0.0.1:${port}/`] }] });
  hub = await startHub(port);
  await seedPartnerAndConvention();
});

afterAll(async () => {
  await hub?.close();
  await idp?.stop();
});

describe('OpenID Connect sign-in through a partner ENT', () => {
  it('binds a 6e pupil to a guest of the convention, shows it at /auth/session, and reuses it at the next sign-in', async () => {
    const browser = new TestBrowser();
    const { result } = await signIn(browser, 'lea.martin');
    expect(result.url).toBe(`${hub.url}/espaces`);
    expect(browser.cookie(hub.url, SESSION_COOKIE)).toBeDefined();
    expect(browser.cookie(`${hub.url}/auth`, LOGIN_COOKIE)).toBeUndefined();

    const [guest, ...others] = await boundGuests();
    expect(others).toHaveLength(0);
    expect(guest).toMatchObject({ profile: 'National_ELV', issuer: idp.issuer, subject: 'cjm-5f0e2a71', display_name: 'Léa Martin',
      uai: COLLEGE_UAI, class_code: COLLEGE_CLASS });
    expect(await session(browser)).toEqual({ status: 200, body: { id: guest.id, displayName: 'Léa Martin', profile: 'National_ELV',
      origin: 'PARTNER', conventionId } });

    // Another day, another browser: the same guest, no second binding.
    const later = new TestBrowser();
    await signIn(later, 'lea.martin');
    expect((await session(later)).body.id).toBe(guest.id);
    expect(await boundGuests()).toHaveLength(1);
  });

  it('binds the collège teacher to a teacher guest', async () => {
    const browser = new TestBrowser();
    await signIn(browser, 'claire.lefevre');
    const view = await session(browser);
    expect(view.body).toMatchObject({ displayName: 'Claire Lefèvre', profile: 'National_ENS', origin: 'PARTNER', conventionId });
    const teacher = (await boundGuests()).find((g) => g.subject === 'cjm-4c7d91a2');
    expect(teacher).toMatchObject({ profile: 'National_ENS', class_code: null, id: view.body.id });
  });

  it('ends the partner session too at logout (RP-initiated logout at the provider, back to the hub)', async () => {
    const browser = new TestBrowser();
    await signIn(browser, 'noah.bernard');
    const logout = await browser.request(`${hub.url}/auth/logout`, { method: 'POST' });
    expect(logout.status).toBe(200);
    const redirect = new URL(JSON.parse(logout.body).redirect as string);
    expect(redirect.origin).toBe(idp.issuer);
    expect(redirect.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(redirect.searchParams.get('post_logout_redirect_uri')).toBe(`${hub.url}/`);
    expect(redirect.searchParams.has('id_token_hint')).toBe(false);
    expect((await session(browser)).status).toBe(401);

    const page = await browser.request(redirect.href);
    expect(page.status).toBe(200);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1];
    const confirmed = await browser.request(`${idp.issuer}/session/end/confirm`, { form: { xsrf: xsrf!, logout: 'yes' } });
    expect(confirmed.headers.get('location')).toBe(`${hub.url}/`);
  });

  it.each(['https://evil.example/phish', '//evil.example/phish', '/\\evil.example', 'javascript:alert(1)'])(
    'sends the browser to / after sign-in when returnTo is %s (no open redirect)', async (returnTo) => {
      const browser = new TestBrowser();
      const { result } = await signIn(browser, 'noah.bernard', { returnTo });
      expect(result.url).toBe(`${hub.url}/`);
      expect((await session(browser)).status).toBe(200);
    });

  describe('refuses, with the French page, no session, no guest bound and one audit event,', () => {
    const forged = (forgery: IdTokenForgery, code: string) => async () => {
      const before = await snapshot();
      const browser = new TestBrowser();
      const { result } = await signIn(browser, 'ines.dubois', { atCallback: () => { idp.forgeNextIdToken(forgery); } });
      await expectRefused(browser, result, code, before);
    };

    it('a callback whose code holds a control character (U+0000): the French page and its audit event, not a JSON 400', async () => {
      const before = await snapshot();
      const browser = new TestBrowser();
      const { result } = await signIn(browser, 'ines.dubois', {
        atCallback: (url) => { url.searchParams.set('code', `${url.searchParams.get('code')}\u0000`); return url; },
      });
      await expectRefused(browser, result, 'OIDC_RESPONSE_INVALID', before);
    });

    it('a callback whose state the hub never issued', async () => {
      const before = await snapshot();
      const browser = new TestBrowser();
      const { result } = await signIn(browser, 'ines.dubois', {
        atCallback: (url) => { url.searchParams.set('state', randomBytes(32).toString('base64url')); return url; },
      });
      await expectRefused(browser, result, 'OIDC_STATE_INVALID', before);
    });

    it('a callback arriving in another browser than the one that started the sign-in', async () => {
      const before = await snapshot();
      const browser = new TestBrowser();
      const other = new TestBrowser();
      let stolen: URL | undefined;
      await signIn(browser, 'ines.dubois', { atCallback: (url) => { stolen = new URL(url); return new URL(`${hub.url}/nowhere`); } });
      const result = await other.navigate(stolen!.href, { stopAt: hub.url, maxRedirects: 0 });
      // The first browser's detour to /nowhere is a plain 404, which records nothing.
      await expectRefused(other, result, 'OIDC_STATE_INVALID', before);
    });

    it('an ID token with another nonce', forged({ claims: (c) => ({ ...c, nonce: 'another-nonce' }) }, 'OIDC_NONCE_MISMATCH'));
    it('an ID token from another issuer', forged({ claims: (c) => ({ ...c, iss: 'http://127.0.0.1:9/other-ent' }) }, 'OIDC_ISSUER_MISMATCH'));
    it('an ID token for another client', forged({ claims: (c) => ({ ...c, aud: 'another-client' }) }, 'OIDC_AUDIENCE_MISMATCH'));
    it('an expired ID token', forged({ claims: (c) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 7200,
      exp: Math.floor(Date.now() / 1000) - 3600 }) }, 'OIDC_TOKEN_EXPIRED'));
    it('an unsigned ID token (alg none)', forged({ signature: 'none' }, 'OIDC_ALGORITHM_REFUSED'));
    it('an ID token signed HS256 with the provider\'s public key', forged({ signature: 'hs256-public-key' }, 'OIDC_ALGORITHM_REFUSED'));
    it('an ID token with a bad signature', forged({ signature: 'foreign-key' }, 'OIDC_SIGNATURE_INVALID'));
    it('an ID token made out for another pupil after signing', forged({ signature: 'tampered', claims: (c) => ({ ...c, sub: 'cjm-9b41c3d8' }) },
      'OIDC_SIGNATURE_INVALID'));

    it('an authorization response naming another issuer (RFC 9207 mix-up)', async () => {
      const before = await snapshot();
      const browser = new TestBrowser();
      const { result } = await signIn(browser, 'ines.dubois', {
        atCallback: (url) => { url.searchParams.set('iss', 'http://127.0.0.1:9/other-ent'); return url; },
      });
      await expectRefused(browser, result, 'OIDC_ISSUER_MISMATCH', before);
    });

    it('a callback replayed after a successful sign-in', async () => {
      const browser = new TestBrowser();
      const { callback } = await signIn(browser, 'adam.petit');
      const before = await snapshot();
      const replay = await browser.navigate(callback.href, { stopAt: hub.url, maxRedirects: 0 });
      await expectRefused(new TestBrowser(), replay, 'OIDC_STATE_INVALID', before);
    });

    it('an authorization code already redeemed, brought back with a fresh state (the provider refuses it)', async () => {
      const first = new TestBrowser();
      const { callback: used } = await signIn(first, 'adam.petit');
      const before = await snapshot();
      const browser = new TestBrowser();
      const authorization = await startLoginOnly(browser);
      const replay = new URL(used.href);
      replay.searchParams.set('state', authorization.searchParams.get('state')!);
      const result = await browser.navigate(replay.href, { stopAt: hub.url, maxRedirects: 0 });
      await expectRefused(browser, result, 'OIDC_CODE_REJECTED', before);
    });

    it('a sign-in the person cancelled at the partner', async () => {
      const before = await snapshot();
      const browser = new TestBrowser();
      const { result } = await signIn(browser, 'not-a-pupil-here');
      await expectRefused(browser, result, 'OIDC_AUTHORIZATION_DENIED', before);
    });
  });

  it('says so when a partner\'s provider does not answer, without starting a login', async () => {
    const down = `cjm-down-${randomBytes(3).toString('hex')}`;
    const downId = randomUUID();
    await hub.dataSource.query(
      `INSERT INTO partner_ent (id, slug, name, kind, protocol, oidc_settings) VALUES ($1, $2, 'ENT en panne', 'COLLEGE', 'OIDC', $3)`,
      [downId, down, JSON.stringify({ issuer: 'http://127.0.0.1:1', clientId: CLIENT_ID, scopes: ['openid'], allowedAlgorithms: ['RS256'],
        endSessionEndpoint: null, discovered: null,
        clientSecretBox: hub.app.get(SecretBox, { strict: false }).seal(CLIENT_SECRET, clientSecretContext(downId)) })]);
    const browser = new TestBrowser();
    const result = await browser.navigate(`${hub.url}/auth/${down}/login`, { maxRedirects: 0 });
    expect(result.response?.status).toBe(400);
    expect(result.response?.body).toContain('OIDC_PARTNER_UNREACHABLE');
    expect(browser.cookie(`${hub.url}/auth`, LOGIN_COOKIE)).toBeUndefined();
    const events: { details: Record<string, unknown> }[] = await hub.dataSource.query(
      `SELECT details FROM audit_event WHERE partner_id = $1`, [downId]);
    expect(events.map((e) => e.details.reason)).toEqual(['OIDC_PARTNER_UNREACHABLE']);
  });

  it('refuses a person whose school the convention does not cover (mapping and admission run after the checks)', async () => {
    const before = await snapshot();
    await hub.dataSource.query(`UPDATE convention_partner_structure SET uai = $2 WHERE convention_id = $1`, [conventionId, validUai()]);
    try {
      const browser = new TestBrowser();
      const { result } = await signIn(browser, 'ines.dubois');
      expect(result.response?.status).toBe(403);
      expect(result.response?.body).toContain('STRUCTURE_NOT_COVERED');
      expect(browser.cookie(hub.url, SESSION_COOKIE)).toBeUndefined();
      expect(await boundGuests()).toHaveLength(before.bound);
      expect(await auditEvents()).toHaveLength(before.audit + 1);
    } finally {
      await hub.dataSource.query(`UPDATE convention_partner_structure SET uai = $2 WHERE convention_id = $1`, [conventionId, COLLEGE_UAI]);
    }
  });
});
