import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ATTRIBUTE_MAPPING_PRESETS, AttributeMappingPreset } from '@passerelle/conventions';
import { TestBrowser } from '../../../../federation/idp-oidc/test-browser';
import { AuthnRequestInfo, ForgeOptions, readAutoPostForm, RunningSamlIdp, startSamlIdp } from '../../../../federation/idp-saml';
import { startTestApi, TestApi } from '../../../../test/harness';
import { freePort } from '../../../../test/processes';
import { given } from '../../../guests/src/test-fixtures';
import { DatabasePendingLoginStore } from './pending-login.stores';
import { LOGIN_COOKIE, PendingLoginStore } from './protocol';
import { createSelfSignedCredential } from './saml/self-signed-certificate';
import { schemaValidatorPool } from './saml/samlify-setup';
import { SESSION_COOKIE } from '../sessions/session.service';

/*
 * SAML sign-in over real HTTP: the hub (Fastify, PostgreSQL, Redis) and the local IdP of the Collège Victor Hugo
 * (federation/idp-saml), a browser with a cookie jar following redirects. Every refusal is checked the same way:
 * a French page with a 4xx status, no session cookie, no guest bound, no person created, one audit event.
 */

interface SamlPartnerFixture {
  readonly id: string;
  readonly slug: string;
  readonly conventionId: string;
}

async function samlPartner(dataSource: DataSource, idp: RunningSamlIdp, options: {
  trust?: 'PARTNER' | 'HOME'; signedPart?: 'ASSERTION' | 'RESPONSE'; allowIdpInitiated?: boolean; quota?: Record<string, number>;
} = {}): Promise<SamlPartnerFixture> {
  const slug = `cvh-${randomBytes(4).toString('hex')}`;
  const settings = {
    entityId: idp.entityId, ssoUrl: idp.ssoUrl, sloUrl: idp.sloUrl, signingCertificates: [idp.certificatePem],
    nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', allowIdpInitiated: options.allowIdpInitiated ?? false,
    signedPart: options.signedPart ?? 'ASSERTION',
  };
  const [partner]: { id: string }[] = await dataSource.query(
    `INSERT INTO partner_ent (slug, name, kind, protocol, trust, served_uais, saml_settings, attribute_mapping)
     VALUES ($1, 'ENT du Collège Victor Hugo', 'COLLEGE', 'SAML2', $2, $3::text[], $4::jsonb, $5::jsonb) RETURNING id`,
    [slug, options.trust ?? 'PARTNER', options.trust === 'HOME' ? [idp.uai] : [], JSON.stringify(settings),
      JSON.stringify(ATTRIBUTE_MAPPING_PRESETS[AttributeMappingPreset.ENT_CORE])]);
  let conventionId = '';
  if ((options.trust ?? 'PARTNER') === 'PARTNER') {
    const quota = options.quota ?? { ELV: 6, ENS: 2 };
    const convention = await given(dataSource).convention({ partnerId: partner.id, partnerUais: [idp.uai], quota });
    for (const [profile, count] of Object.entries(quota)) await given(dataSource).pool(convention.id, profile, count);
    conventionId = convention.id;
  }
  return { id: partner.id, slug, conventionId };
}

describe('SAML sign-in from a partner ENT', () => {
  let hub: TestApi;
  let idp: RunningSamlIdp;
  let partner: SamlPartnerFixture;

  beforeAll(async () => {
    const port = await freePort();
    hub = await startTestApi({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    idp = await startSamlIdp();
    partner = await samlPartner(hub.dataSource, idp);
  });
  afterAll(async () => {
    await idp?.stop();
    await hub?.close();
  });

  /** Starts a login in `browser` and stops at the IdP: the SSO URL (with our signed AuthnRequest). */
  async function startLogin(browser: TestBrowser, returnTo = '/espaces', slug = partner.slug, at = idp): Promise<string> {
    const started = await browser.navigate(`${hub.url}/auth/${slug}/login?returnTo=${encodeURIComponent(returnTo)}`, { stopAt: at.url });
    expect(started.url.startsWith(at.ssoUrl)).toBe(true);
    return started.url;
  }

  /** The whole sign-in of `login` through the IdP, up to the hub's answer to the posted response. */
  async function signIn(login: string, options: { browser?: TestBrowser; returnTo?: string; slug?: string; at?: RunningSamlIdp } = {}) {
    const browser = options.browser ?? new TestBrowser();
    const ssoUrl = new URL(await startLogin(browser, options.returnTo, options.slug, options.at));
    ssoUrl.searchParams.set('login_hint', login);
    const idpPage = await browser.request(ssoUrl.href);
    expect(idpPage.status).toBe(200);
    const form = readAutoPostForm(idpPage.body);
    const answer = await browser.request(form.action, { method: 'POST', form: form.fields });
    return { browser, answer, samlResponse: form.fields.SAMLResponse };
  }

  async function sessionOf(browser: TestBrowser) {
    const response = await browser.request(`${hub.url}/auth/session`);
    return { status: response.status, body: response.status === 200 ? JSON.parse(response.body) : null };
  }

  async function boundGuests(conventionId = partner.conventionId): Promise<{ id: string; subject: string }[]> {
    return hub.dataSource.query(`SELECT id, subject FROM guest WHERE convention_id = $1 AND state = 'BOUND' ORDER BY subject`, [conventionId]);
  }

  async function auditOf(partnerId = partner.id): Promise<{ action: string; reason: string | null }[]> {
    return hub.dataSource.query(
      `SELECT action, details->>'reason' AS reason FROM audit_event WHERE partner_id = $1 ORDER BY occurred_at, id`, [partnerId]);
  }

  async function state() {
    const [{ people }] = await hub.dataSource.query(`SELECT count(*)::int AS people FROM person WHERE external_issuer = $1`, [idp.entityId]);
    return { guests: (await boundGuests()).length, audit: (await auditOf()).length, people };
  }

  function sessionCookieSet(headers: Headers): boolean {
    return headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`));
  }

  /** Posts a forged answer to a login started by `browser` (a new one by default) and checks a clean refusal. */
  async function expectRefused(code: string, forge: (request: AuthnRequestInfo) => ForgeOptions | string,
    options: { status?: number; browser?: TestBrowser; relayState?: string } = {}) {
    const browser = options.browser ?? new TestBrowser();
    const request = idp.readAuthnRequest(await startLogin(browser));
    const forged = forge(request);
    const samlResponse = typeof forged === 'string' ? forged : idp.forge({ request, ...forged }).samlResponse;
    const before = await state();
    const sessionBefore = await sessionOf(browser);
    const form = { SAMLResponse: samlResponse, ...(options.relayState === undefined ? {} : { RelayState: options.relayState }) };
    const answer = await browser.request(`${hub.url}/auth/saml/${partner.slug}/acs`, { method: 'POST', form });
    const after = await state();
    expect({ status: answer.status, type: answer.headers.get('content-type') })
      .toEqual({ status: options.status ?? 400, type: 'text/html; charset=utf-8' });
    expect(answer.body).toContain('<html lang="fr">');
    expect(answer.body.match(/<h1>/g)).toHaveLength(1);
    expect(answer.body).toContain(code);
    expect(sessionCookieSet(answer.headers)).toBe(false);
    expect(await sessionOf(browser)).toEqual(sessionBefore);
    expect(after).toEqual({ ...before, audit: before.audit + 1 });
    expect((await auditOf()).at(-1)).toEqual({ action: 'federation.sign-in-refused', reason: code });
    return answer;
  }

  it('lists the enabled partners for the "choose your ENT" page', async () => {
    const response = await new TestBrowser().request(`${hub.url}/auth/partners`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toContainEqual({ slug: partner.slug, name: 'ENT du Collège Victor Hugo', protocol: 'SAML2' });
  });

  it('serves SP metadata with the entityID, the ACS and signing and encryption certificates', async () => {
    const response = await new TestBrowser().request(`${hub.url}/auth/saml/${partner.slug}/metadata`);
    expect(response.status).toBe(200);
    expect(response.body).toContain(`entityID="${hub.url}/auth/saml/${partner.slug}/metadata"`);
    expect(response.body).toContain(`Location="${hub.url}/auth/saml/${partner.slug}/acs"`);
    expect(response.body).toMatch(/KeyDescriptor use="signing"/);
    expect(response.body).toMatch(/KeyDescriptor use="encryption"/);
    expect(response.body).toContain('AuthnRequestsSigned="true"');
    expect(response.body).not.toMatch(/PRIVATE KEY/);
    expect(response.headers.get('content-type')).toMatch(/^application\/samlmetadata\+xml/);
  });

  it('answers 404 with a French message for the metadata of an unknown partner', async () => {
    const response = await new TestBrowser().request(`${hub.url}/auth/saml/no-such-partner/metadata`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(response.body).message).toBe("Cet élément n'existe pas ou vous n'y avez pas accès.");
  });

  it('sends a signed AuthnRequest over HTTP-Redirect and sets the httpOnly login cookie', async () => {
    const browser = new TestBrowser();
    const response = await browser.request(`${hub.url}/auth/${partner.slug}/login?returnTo=/espaces`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(idp.ssoUrl);
    expect(location.searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(location.searchParams.get('Signature')).toBeTruthy();
    const loginCookie = response.headers.getSetCookie().find((c) => c.startsWith(`${LOGIN_COOKIE}=`))!;
    expect(loginCookie).toMatch(/HttpOnly/i);
    expect(loginCookie).toMatch(/Path=\/auth/);
    expect(idp.readAuthnRequest(location.href)).toMatchObject({
      issuer: `${hub.url}/auth/saml/${partner.slug}/metadata`, acsUrl: `${hub.url}/auth/saml/${partner.slug}/acs`,
    });
  });

  it('signs a 6e pupil in as a guest of the convention, and a second sign-in finds the same guest', async () => {
    const lucas = idp.users.find((u) => u.login === 'lucas.moreau')!;
    const first = await signIn('lucas.moreau', { returnTo: '/espaces/ma-classe' });
    expect(first.answer.status).toBe(302);
    expect(first.answer.headers.get('location')).toBe('/espaces/ma-classe');
    const setCookie = first.answer.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const session = await sessionOf(first.browser);
    expect(session).toEqual({
      status: 200,
      body: { id: expect.any(String), displayName: 'Lucas Moreau', profile: 'National_ELV', origin: 'PARTNER', conventionId: partner.conventionId },
    });
    const [guest]: { id: string; profile: string; uai: string; class_code: string; subject: string; issuer: string }[] = await hub.dataSource.query(
      'SELECT id, profile, uai, class_code, subject, issuer FROM guest WHERE id = $1', [session.body.id]);
    expect(guest).toMatchObject({ profile: 'National_ELV', uai: idp.uai, class_code: '6A', subject: lucas.nameId, issuer: idp.entityId });

    const second = await signIn('lucas.moreau');
    expect(second.answer.status).toBe(302);
    expect((await sessionOf(second.browser)).body.id).toBe(session.body.id);
    expect((await boundGuests()).filter((g) => g.subject === lucas.nameId)).toHaveLength(1);
  });

  it('signs a teacher in as a guest teacher', async () => {
    const { answer, browser } = await signIn('marc.lambert');
    expect(answer.status).toBe(302);
    expect((await sessionOf(browser)).body).toMatchObject({ profile: 'National_ENS', origin: 'PARTNER' });
  });

  it('rotates the session id: the session the browser had before is gone', async () => {
    const first = await signIn('jade.girard');
    const before = first.browser.cookie(hub.url, SESSION_COOKIE);
    await signIn('jade.girard', { browser: first.browser });
    const after = first.browser.cookie(hub.url, SESSION_COOKIE);
    expect(after).not.toEqual(before);
    const stale = new TestBrowser();
    const response = await stale.request(`${hub.url}/auth/session`, { headers: { cookie: `${SESSION_COOKIE}=${before}` } });
    expect(response.status).toBe(401);
  });

  it('caps the session at the assertion\'s SessionNotOnOrAfter', async () => {
    const browser = new TestBrowser();
    const request = idp.readAuthnRequest(await startLogin(browser));
    const cap = new Date(Date.now() + 120_000);
    const forged = idp.forge({ request, user: 'nael.roux', sessionNotOnOrAfter: cap });
    const answer = await browser.request(`${hub.url}/auth/saml/${partner.slug}/acs`, { method: 'POST', form: { SAMLResponse: forged.samlResponse } });
    expect(answer.status).toBe(302);
    const expires = /Expires=([^;]+)/i.exec(answer.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!)![1];
    expect(Math.abs(Date.parse(expires) - cap.getTime())).toBeLessThan(1500);
  });

  it('sends the browser to / when returnTo is not a same-origin path (open redirect)', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const { answer } = await signIn('chloe.fournier', { returnTo });
      expect({ returnTo, status: answer.status, location: answer.headers.get('location') }).toEqual({ returnTo, status: 302, location: '/' });
    }
  });

  it('ends the session and starts SAML single logout at the partner', async () => {
    const { browser } = await signIn('lucas.moreau');
    const logout = await browser.request(`${hub.url}/auth/logout`, { method: 'POST' });
    expect(logout.status).toBe(200);
    const { redirect } = JSON.parse(logout.body);
    expect(redirect.startsWith(`${idp.sloUrl}?SAMLRequest=`)).toBe(true);
    expect(logout.headers.get('location')).toBe(redirect);
    expect((await sessionOf(browser)).status).toBe(401);
    const before = idp.logoutRequests.length;
    expect((await browser.request(redirect)).status).toBe(200);
    expect(idp.logoutRequests.length).toBe(before + 1);
    expect(idp.logoutRequests.at(-1)).toContain(idp.users[0].nameId);
  });

  it('keeps 204 at logout for a session that did not come from a partner', async () => {
    const admin = await hub.adminSession();
    const response = await hub.http.post('/auth/logout').set('Origin', hub.url).set('Cookie', admin.cookie);
    expect(response.status).toBe(204);
  });

  it('takes a pending login once (Redis and database stores), never once expired, one winner when two race', async () => {
    for (const store of [hub.api.app.get(PendingLoginStore), new DatabasePendingLoginStore(hub.dataSource)]) {
      const key = () => `test:${randomBytes(8).toString('hex')}`;
      const login = { partnerId: partner.id, returnTo: '/x', browserBinding: 'binding', nonce: 'n', expiresAt: new Date(Date.now() + 60_000) };
      const once = key();
      await store.put(once, login);
      expect(await store.take(once)).toMatchObject({ returnTo: '/x', nonce: 'n', browserBinding: 'binding' });
      expect(await store.take(once)).toBeNull();
      const expired = key();
      await store.put(expired, { ...login, expiresAt: new Date(Date.now() - 1000) });
      expect(await store.take(expired)).toBeNull();
      const raced = key();
      await store.put(raced, login);
      const results = await Promise.all([store.take(raced), store.take(raced), store.take(raced)]);
      expect(results.filter(Boolean)).toHaveLength(1);
    }
  });

  it('answers 401 on /auth/session without a session', async () => {
    expect((await sessionOf(new TestBrowser())).status).toBe(401);
  });

  it('reads a NameID with an injected comment as its whole text: the subject does not change', async () => {
    const victim = idp.users.find((u) => u.login === 'lucas.moreau')!;
    await signIn('lucas.moreau');
    const [victimGuest] = (await boundGuests()).filter((g) => g.subject === victim.nameId);
    const browser = new TestBrowser();
    const request = idp.readAuthnRequest(await startLogin(browser));
    const forged = idp.forge({ request, user: 'lucas.moreau', nameId: `${victim.nameId}.evil`, variant: 'comment-in-nameid', commentAt: victim.nameId.length });
    expect(forged.xml).toContain(`${victim.nameId}<!---->.evil`);
    const answer = await browser.request(`${hub.url}/auth/saml/${partner.slug}/acs`, { method: 'POST', form: { SAMLResponse: forged.samlResponse } });
    if (answer.status === 302) {
      const session = await sessionOf(browser);
      expect(session.body.id).not.toBe(victimGuest.id);
      const [guest]: { subject: string }[] = await hub.dataSource.query('SELECT subject FROM guest WHERE id = $1', [session.body.id]);
      expect(guest.subject).toBe(`${victim.nameId}.evil`);
    } else {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(sessionCookieSet(answer.headers)).toBe(false);
    }
  });

  describe('refuses, with a French page, no session, no guest and one audit event', () => {
    const attacker = createSelfSignedCredential('attacker', 1);

    it('an unsigned response', () => expectRefused('SAML_SIGNATURE_INVALID', () => ({ sign: 'none' })));
    it('a response signed by another key (its certificate in KeyInfo)', () => expectRefused('SAML_SIGNATURE_INVALID', () => ({ key: attacker })));
    it('a NameID changed after signing', () => expectRefused('SAML_SIGNATURE_INVALID', () => ({ variant: 'tamper-nameid' })));
    it('wrapping: an unsigned assertion before the signed one', () =>
      expectRefused('SAML_MULTIPLE_ASSERTIONS', () => ({ variant: 'xsw-evil-first' })));
    it('wrapping: the signed assertion hidden in Extensions, another with its ID in its place', () =>
      expectRefused('SAML_MULTIPLE_ASSERTIONS', () => ({ variant: 'xsw-same-id-in-extensions' })));
    it('wrapping: the signature moved to the response, the assertion changed', () =>
      expectRefused('SAML_SIGNATURE_INVALID', () => ({ variant: 'xsw-signature-moved' })));
    it('two assertions, both signed', () => expectRefused('SAML_MULTIPLE_ASSERTIONS', () => ({ variant: 'two-assertions' })));
    it('an encrypted assertion next to a plain one', () => expectRefused('SAML_MULTIPLE_ASSERTIONS', () => ({ variant: 'encrypted-and-plain' })));
    it('another Issuer', () => expectRefused('SAML_ISSUER_MISMATCH', () => ({ issuer: 'https://evil.example/idp' })));
    it('another Audience', () => expectRefused('SAML_AUDIENCE_MISMATCH', () => ({ audience: 'https://other-sp.example/metadata' })));
    it('no Audience', () => expectRefused('SAML_AUDIENCE_MISMATCH', () => ({ audience: null })));
    it('another Destination', () => expectRefused('SAML_DESTINATION_MISMATCH', () => ({ destination: 'https://other-sp.example/acs' })));
    it('another Recipient', () => expectRefused('SAML_DESTINATION_MISMATCH', () => ({ recipient: 'https://other-sp.example/acs' })));
    it('an expired assertion', () => expectRefused('SAML_EXPIRED', () => ({
      issueInstant: new Date(Date.now() - 600_000), notOnOrAfter: new Date(Date.now() - 120_000), subjectNotOnOrAfter: new Date(Date.now() - 120_000),
    })));
    it('an assertion not yet valid', () => expectRefused('SAML_NOT_YET_VALID', () => ({ notBefore: new Date(Date.now() + 300_000) })));
    it('an assertion without time bounds', () => expectRefused('SAML_NO_TIME_BOUNDS', () => ({
      notBefore: null, notOnOrAfter: null, subjectNotOnOrAfter: null,
    })));
    it('RSA-SHA1', () => expectRefused('SAML_ALGORITHM_REFUSED', () => ({ algorithm: 'rsa-sha1' })));
    it('a SHA-1 digest', () => expectRefused('SAML_ALGORITHM_REFUSED', () => ({ digest: 'sha1' })));
    it('a DOCTYPE with an entity (XXE)', () => expectRefused('SAML_DOCTYPE', () => ({ variant: 'doctype' })));
    it('an InResponseTo this hub never issued', () => expectRefused('SAML_IN_RESPONSE_TO_UNKNOWN', () => ({ inResponseTo: '_never-issued' })));
    it('an unsolicited response (the partner does not allow IdP-initiated sign-in)', () =>
      expectRefused('SAML_UNSOLICITED', () => ({ inResponseTo: null })));
    it('a response to a request issued to another browser', async () => {
      const other = new TestBrowser();
      const request = idp.readAuthnRequest(await startLogin(other));
      await expectRefused('SAML_IN_RESPONSE_TO_UNKNOWN', () => ({ inResponseTo: request.id }));
    });
    it('a transient NameID', () => expectRefused('SAML_NAMEID_NOT_PERSISTENT', () => ({
      nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
    })));
    it('a missing UAI', () => expectRefused('ATTRIBUTES_INVALID', () => ({
      attributes: { displayName: ['X'], ENTPersonProfils: ['National_ELV'] },
    }), { status: 403 }));
    it('a body over 64 KB (413)', () => expectRefused('SAML_TOO_LARGE', () => 'A'.repeat(70 * 1024), { status: 413 }));
    it('a body over 1 MiB (413, the French page, not a bare JSON 413)', () =>
      expectRefused('SAML_TOO_LARGE', () => 'A'.repeat(1024 * 1024 + 200 * 1024), { status: 413 }));
    it('something that is not base64', () => expectRefused('SAML_MALFORMED', () => '<samlp:Response/>'));
    it('a SAMLResponse holding a control character (U+0000): the SAML page and its audit event, not a JSON 400', () =>
      expectRefused('SAML_MALFORMED', (request) => `${idp.forge({ request, user: 'jade.girard' }).samlResponse}\u0000`));
    it('a valid SAMLResponse with a RelayState holding U+0000', () =>
      expectRefused('SAML_MALFORMED', () => ({ user: 'jade.girard' }), { relayState: 'retour\u0000' }));

    it('a valid response while the schema validator\'s queue is full (503 with Retry-After, the French page, audited)', async () => {
      // The pool forced small: no waiting validation allowed, and both workers held busy (their jobs never run).
      const pool = schemaValidatorPool();
      const held = jest.spyOn(pool as unknown as { run(worker: { job?: unknown }, job: unknown): void }, 'run')
        .mockImplementation((worker, job) => { worker.job = job; });
      const { maxWaiting } = pool;
      try {
        await pool.close();
        pool.maxWaiting = 0;
        const occupying = [pool.validate('<held/>'), pool.validate('<held/>')].map((p) => p.catch(() => undefined));
        const answer = await expectRefused('SAML_BUSY', () => ({ user: 'jade.girard' }), { status: 503 });
        expect(answer.headers.get('retry-after')).toBe('5');
        expect(answer.body).toContain('Passerelle reçoit beaucoup de connexions en ce moment');
        held.mockRestore();
        await pool.close();
        await Promise.all(occupying);
      } finally {
        held.mockRestore();
        pool.maxWaiting = maxWaiting;
        await pool.close();
      }
      // Free again: the same browser signs in.
      const { answer } = await signIn('jade.girard');
      expect(answer.status).toBe(302);
    });

    it('a replayed response (the same assertion posted twice)', async () => {
      const { samlResponse, answer } = await signIn('jade.girard');
      expect(answer.status).toBe(302);
      await expectRefused('SAML_REPLAY', () => samlResponse);
    });

    it('a new assertion answering a request already used', async () => {
      const browser = new TestBrowser();
      const request = idp.readAuthnRequest(await startLogin(browser));
      const ok = await browser.request(`${hub.url}/auth/saml/${partner.slug}/acs`, {
        method: 'POST', form: { SAMLResponse: idp.forge({ request, user: 'jade.girard' }).samlResponse },
      });
      expect(ok.status).toBe(302);
      await expectRefused('SAML_IN_RESPONSE_TO_UNKNOWN', () => ({ inResponseTo: request.id }), { browser });
    });
  });
});

describe('SAML sign-in: encrypted assertions, signed responses, the home ENT', () => {
  let hub: TestApi;
  const idps: RunningSamlIdp[] = [];

  beforeAll(async () => {
    const port = await freePort();
    hub = await startTestApi({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await Promise.all(idps.map((idp) => idp.stop()));
    await hub?.close();
  });

  async function roundTrip(idp: RunningSamlIdp, slug: string, login: string) {
    const browser = new TestBrowser();
    const started = await browser.navigate(`${hub.url}/auth/${slug}/login?returnTo=/accueil`, { stopAt: idp.url });
    const ssoUrl = new URL(started.url);
    ssoUrl.searchParams.set('login_hint', login);
    const form = readAutoPostForm((await browser.request(ssoUrl.href)).body);
    const answer = await browser.request(form.action, { method: 'POST', form: form.fields });
    const session = await browser.request(`${hub.url}/auth/session`);
    return { answer, form, session: session.status === 200 ? JSON.parse(session.body) : null };
  }

  it('accepts an assertion encrypted to the hub\'s encryption certificate', async () => {
    const idp = await startSamlIdp({ encryptAssertions: true });
    idps.push(idp);
    const partner = await samlPartner(hub.dataSource, idp);
    const { answer, form, session } = await roundTrip(idp, partner.slug, 'chloe.fournier');
    expect(Buffer.from(form.fields.SAMLResponse, 'base64').toString('utf8')).toContain('EncryptedAssertion');
    expect(answer.status).toBe(302);
    expect(session).toMatchObject({ displayName: 'Chloé Fournier', origin: 'PARTNER', conventionId: partner.conventionId });
  });

  it('accepts a partner that signs the whole response', async () => {
    const idp = await startSamlIdp({ signResponse: true });
    idps.push(idp);
    const partner = await samlPartner(hub.dataSource, idp, { signedPart: 'RESPONSE' });
    const { answer, session } = await roundTrip(idp, partner.slug, 'jade.girard');
    expect(answer.status).toBe(302);
    expect(session).toMatchObject({ displayName: 'Jade Girard', profile: 'National_ELV', origin: 'PARTNER' });
  });

  it('signs in from the partner\'s portal (IdP-initiated, allowIdpInitiated) and refuses the same response posted again (SAML_REPLAY)', async () => {
    const idp = await startSamlIdp();
    idps.push(idp);
    const partner = await samlPartner(hub.dataSource, idp, { allowIdpInitiated: true });
    const acs = `${hub.url}/auth/saml/${partner.slug}/acs`;
    // An unsolicited response: no AuthnRequest, no login cookie, no InResponseTo.
    const { samlResponse, xml } = idp.forge({
      user: 'lucas.moreau', inResponseTo: null, audience: `${hub.url}/auth/saml/${partner.slug}/metadata`, destination: acs, recipient: acs,
    });
    expect(xml).not.toContain('InResponseTo');
    const browser = new TestBrowser();
    const first = await browser.request(acs, { method: 'POST', form: { SAMLResponse: samlResponse } });
    expect({ status: first.status, location: first.headers.get('location') }).toEqual({ status: 302, location: '/' });
    const session = JSON.parse((await browser.request(`${hub.url}/auth/session`)).body);
    expect(session).toMatchObject({ displayName: 'Lucas Moreau', profile: 'National_ELV', origin: 'PARTNER', conventionId: partner.conventionId });

    const bound = () => hub.dataSource.query(`SELECT id, subject FROM guest WHERE convention_id = $1 AND state = 'BOUND'`, [partner.conventionId]);
    const audit = (): Promise<{ action: string; reason: string | null }[]> => hub.dataSource.query(
      `SELECT action, details->>'reason' AS reason FROM audit_event WHERE partner_id = $1 ORDER BY occurred_at, id`, [partner.id]);
    const guestsBefore = await bound();
    expect(guestsBefore).toEqual([{ id: session.id, subject: idp.users.find((u) => u.login === 'lucas.moreau')!.nameId }]);
    // The same response again: from another browser (someone who copied it), then from the pupil's own.
    for (const again of [new TestBrowser(), browser]) {
      const auditBefore = await audit();
      const answer = await again.request(acs, { method: 'POST', form: { SAMLResponse: samlResponse } });
      expect({ status: answer.status, type: answer.headers.get('content-type') }).toEqual({ status: 400, type: 'text/html; charset=utf-8' });
      expect(answer.body).toContain('SAML_REPLAY');
      expect(answer.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`))).toBe(false);
      expect(await audit()).toEqual([...auditBefore, { action: 'federation.sign-in-refused', reason: 'SAML_REPLAY' }]);
      expect(await bound()).toEqual(guestsBefore);
    }
    expect((await new TestBrowser().request(`${hub.url}/auth/session`)).status).toBe(401);
  });

  it('makes home-ENT people local members of the directory, once, with the roles of their profile', async () => {
    const idp = await startSamlIdp();
    idps.push(idp);
    await hub.dataSource.query(`INSERT INTO structure (uai, name, type) VALUES ($1, 'Collège Victor Hugo', 'COLLEGE') ON CONFLICT (uai) DO NOTHING`,
      [idp.uai]);
    const partner = await samlPartner(hub.dataSource, idp, { trust: 'HOME' });
    const first = await roundTrip(idp, partner.slug, 'marc.lambert');
    expect(first.answer.status).toBe(302);
    expect(first.session).toEqual({ id: expect.any(String), displayName: 'Marc Lambert', profile: 'National_ENS', origin: 'HOME' });
    const second = await roundTrip(idp, partner.slug, 'marc.lambert');
    expect(second.session.id).toBe(first.session.id);
    const people: { id: string; origin: string; profiles: string[] }[] = await hub.dataSource.query(
      'SELECT id, origin, profiles FROM person WHERE external_issuer = $1', [idp.entityId]);
    expect(people).toEqual([{ id: first.session.id, origin: 'HOME', profiles: ['National_ENS'] }]);
    const guests: unknown[] = await hub.dataSource.query('SELECT 1 FROM guest WHERE issuer = $1', [idp.entityId]);
    expect(guests).toHaveLength(0);
  });

  it('refuses a pupil when the convention admits only teachers: 403, the reason, claimGuest\'s one audit event', async () => {
    const idp = await startSamlIdp();
    idps.push(idp);
    const partner = await samlPartner(hub.dataSource, idp, { quota: { ENS: 1 } });
    const { answer, session } = await roundTrip(idp, partner.slug, 'lucas.moreau');
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('PROFILE_NOT_ALLOWED');
    expect(answer.body).toContain('la direction de ton école');
    expect(answer.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
    expect(session).toBeNull();
    const audit: { action: string; reason: string }[] = await hub.dataSource.query(
      `SELECT action, details->>'reason' AS reason FROM audit_event WHERE partner_id = $1`, [partner.id]);
    expect(audit).toEqual([{ action: 'guest.claim-refused', reason: 'PROFILE_NOT_ALLOWED' }]);
  });

  it('refuses a pupil when every guest of the convention is taken (GUEST_POOL_EXHAUSTED)', async () => {
    const idp = await startSamlIdp();
    idps.push(idp);
    const partner = await samlPartner(hub.dataSource, idp, { quota: { ELV: 1 } });
    expect((await roundTrip(idp, partner.slug, 'lucas.moreau')).answer.status).toBe(302);
    const { answer, session } = await roundTrip(idp, partner.slug, 'jade.girard');
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('GUEST_POOL_EXHAUSTED');
    expect(session).toBeNull();
    const [{ bound }] = await hub.dataSource.query(
      `SELECT count(*)::int AS bound FROM guest WHERE convention_id = $1 AND state = 'BOUND'`, [partner.conventionId]);
    expect(bound).toBe(1);
  });
});

describe('federation throttling', () => {
  let hub: TestApi;
  beforeAll(async () => {
    hub = await startTestApi({ LOGIN_THROTTLE_PER_IP: '1' });
  });
  afterAll(() => hub?.close());

  it('answers 429 with Retry-After past the per-IP limit', async () => {
    const browser = new TestBrowser();
    let last = await browser.request(`${hub.url}/auth/partners`);
    for (let i = 0; i < 25 && last.status !== 429; i++) last = await browser.request(`${hub.url}/auth/partners`);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    const login = await browser.request(`${hub.url}/auth/any-partner/login`);
    expect(login.status).toBe(429);
    expect(login.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(Number(login.headers.get('retry-after'))).toBeGreaterThan(0);
    // The sign-in page has a budget of its own (5 × the sign-ins'): it still lists the ENTs, until its own limit.
    let page = await browser.request(`${hub.url}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Choisissez votre ENT');
    for (let i = 0; i < 120 && page.status !== 429; i++) page = await browser.request(`${hub.url}/`);
    expect(page.status).toBe(429);
    expect(page.body).toContain('Connexion administrateur');
  });
});
