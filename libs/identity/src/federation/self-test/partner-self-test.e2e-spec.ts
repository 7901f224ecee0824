import { randomBytes, randomUUID } from 'node:crypto';
import { ATTRIBUTE_MAPPING_PRESETS, AttributeMappingPreset, clientSecretContext, SecretBox } from '@passerelle/conventions';
import { Role } from '@passerelle/access';
import { COLLEGE_USERS, claimsOf, ENT_CLAIMS, ENT_SCOPE, generateSigningKey, RunningOidcIdp, signRs256, startOidcIdp } from '../../../../../federation/idp-oidc';
import { RunningSamlIdp, startSamlIdp } from '../../../../../federation/idp-saml';
import { startTestApi, TestApi, unique } from '../../../../../test/harness';
import { freePort } from '../../../../../test/processes';
import { given } from '../../../../guests/src/test-fixtures';
import { createSelfSignedCredential } from '../saml/self-signed-certificate';

/*
 * The partner self-test over real HTTP: the hub, the local SAML IdP (Collège Victor Hugo) and OpenID provider
 * (Collège Jean Moulin), partners that answer and partners that do not (127.0.0.1:1), as a hub administrator.
 */

const CLIENT_ID = 'passerelle-hub';
const CLIENT_SECRET = randomBytes(24).toString('base64url');

const REPORT = `query($partnerId: ID!) { testPartnerConnection(partnerId: $partnerId) {
  partnerId protocol status checks { check status message } } }`;
const PREVIEW = `mutation($partnerId: ID!, $samlResponse: String, $idToken: String) {
  previewAssertion(partnerId: $partnerId, samlResponse: $samlResponse, idToken: $idToken) {
    valid problems warnings identity { subject displayName profile uai classCode } admission { conventionId conventionCode version }
    refusal { code message } } }`;

interface Check { check: string; status: string; message: string }
interface Report { status: string; checks: Check[] }

describe('partner self-test', () => {
  let hub: TestApi;
  let samlIdp: RunningSamlIdp;
  let oidcIdp: RunningOidcIdp;
  let admin: string;
  let samlPartner: { id: string; slug: string; conventionId: string };
  let oidcPartner: { id: string; conventionId: string };

  async function insertSamlPartner(settings: Record<string, unknown>): Promise<{ id: string; slug: string }> {
    const slug = unique('cvh-');
    const [row] = await hub.dataSource.query(
      `INSERT INTO partner_ent (slug, name, kind, protocol, trust, saml_settings, attribute_mapping)
       VALUES ($1, 'ENT du Collège Victor Hugo', 'COLLEGE', 'SAML2', 'PARTNER', $2::jsonb, $3::jsonb) RETURNING id`,
      [slug, JSON.stringify({ sloUrl: null, nameIdFormat: null, allowIdpInitiated: false, signedPart: 'ASSERTION', ...settings }),
        JSON.stringify(ATTRIBUTE_MAPPING_PRESETS[AttributeMappingPreset.ENT_CORE])]);
    return { id: row.id, slug };
  }

  async function insertOidcPartner(issuer: string): Promise<string> {
    const id = randomUUID();
    const box = hub.api.app.get(SecretBox, { strict: false }).seal(CLIENT_SECRET, clientSecretContext(id));
    await hub.dataSource.query(
      `INSERT INTO partner_ent (id, slug, name, kind, protocol, trust, status, oidc_settings, attribute_mapping)
       VALUES ($1, $2, 'ENT du Collège Jean Moulin', 'COLLEGE', 'OIDC', 'PARTNER', 'ACTIVE', $3, $4)`,
      [id, unique('cjm-'), JSON.stringify({ issuer, clientId: CLIENT_ID, clientSecretBox: box, scopes: ['openid', 'profile', ENT_SCOPE],
        allowedAlgorithms: ['RS256'], endSessionEndpoint: null, discovered: null }),
      JSON.stringify({ preset: 'GENERIC_OIDC', subject: 'sub', displayName: 'name', profile: ENT_CLAIMS.profile, uai: ENT_CLAIMS.uai,
        classCode: ENT_CLAIMS.classCode })]);
    return id;
  }

  beforeAll(async () => {
    const port = await freePort();
    hub = await startTestApi({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    samlIdp = await startSamlIdp();
    oidcIdp = await startOidcIdp({ clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [`${hub.url}/auth/oidc/cjm/callback`] }] });
    admin = (await hub.adminSession()).cookie;
    const saml = await insertSamlPartner({ entityId: samlIdp.entityId, ssoUrl: samlIdp.ssoUrl, signingCertificates: [samlIdp.certificatePem],
      nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' });
    const samlConvention = await given(hub.dataSource).convention({ partnerId: saml.id, partnerUais: [samlIdp.uai], quota: { ELV: 3 } });
    await given(hub.dataSource).pool(samlConvention.id, 'ELV', 3);
    samlPartner = { ...saml, conventionId: samlConvention.id };
    const oidcId = await insertOidcPartner(oidcIdp.issuer);
    const oidcConvention = await given(hub.dataSource).convention({ partnerId: oidcId, partnerUais: ['0931234L'], quota: { ELV: 3 } });
    await given(hub.dataSource).pool(oidcConvention.id, 'ELV', 3);
    oidcPartner = { id: oidcId, conventionId: oidcConvention.id };
  });
  afterAll(async () => {
    await samlIdp?.stop();
    await oidcIdp?.stop();
    await hub?.close();
  });

  async function report(partnerId: string): Promise<Report> {
    const result = await hub.gql<{ testPartnerConnection: Report }>(REPORT, { partnerId }, admin);
    expect(result.errors).toBeUndefined();
    return result.data!.testPartnerConnection;
  }
  const statusOf = (r: Report, check: string) => r.checks.filter((c) => c.check === check).map((c) => c.status);

  describe('testPartnerConnection', () => {
    it('checks the local SAML IdP: settings, certificate, SSO URL, metadata at the entityID, clock', async () => {
      const r = await report(samlPartner.id);
      // The local IdP's certificate lives 2 days (generated at start): rightly flagged as ending within 30 days.
      expect(r.checks.map((c) => [c.check, c.status])).toEqual([
        ['PARTNER_STATUS', 'OK'], ['SAML_SETTINGS', 'OK'], ['SIGNING_CERTIFICATE', 'WARNING'], ['SSO_REACHABLE', 'OK'], ['SAML_METADATA', 'OK'],
        ['CLOCK_SKEW', 'OK'],
      ]);
      expect(r.checks.find((c) => c.check === 'SIGNING_CERTIFICATE')!.message).toContain('expire le');
      expect(r.status).toBe('WARNING');
    });

    it('reports a long-lived certificate as OK', async () => {
      const lasting = await insertSamlPartner({ entityId: 'urn:test:idp', ssoUrl: samlIdp.ssoUrl,
        signingCertificates: [createSelfSignedCredential('idp.lasting.test', 365).certificatePem] });
      const r = await report(lasting.id);
      expect(r.checks.map((c) => [c.check, c.status])).toEqual([
        ['PARTNER_STATUS', 'OK'], ['SAML_SETTINGS', 'OK'], ['SIGNING_CERTIFICATE', 'OK'], ['SSO_REACHABLE', 'OK'], ['CLOCK_SKEW', 'OK'],
      ]);
      expect(r.status).toBe('OK');
    });

    it('reports every check OK for the local OpenID provider: settings, discovery, endpoints, JWKS, clock', async () => {
      const r = await report(oidcPartner.id);
      expect(r.checks.map((c) => [c.check, c.status])).toEqual([
        ['PARTNER_STATUS', 'OK'], ['OIDC_SETTINGS', 'OK'], ['OIDC_DISCOVERY', 'OK'], ['OIDC_ENDPOINTS', 'OK'], ['OIDC_JWKS', 'OK'],
        ['CLOCK_SKEW', 'OK'],
      ]);
    });

    it('reports, without an error, a SAML partner nobody answers for and whose certificate has expired', async () => {
      const dead = await insertSamlPartner({ entityId: 'http://127.0.0.1:1/metadata', ssoUrl: 'http://127.0.0.1:1/sso',
        signingCertificates: [createSelfSignedCredential('idp.expired.test', -2).certificatePem] });
      const r = await report(dead.id);
      expect(r.status).toBe('FAILED');
      expect(statusOf(r, 'SIGNING_CERTIFICATE')).toEqual(['FAILED']);
      expect(r.checks.find((c) => c.check === 'SIGNING_CERTIFICATE')!.message).toContain('a expiré');
      expect(statusOf(r, 'SSO_REACHABLE')).toEqual(['FAILED']);
      expect(r.checks.find((c) => c.check === 'SSO_REACHABLE')!.message).toContain('127.0.0.1:1');
      expect(statusOf(r, 'SAML_METADATA')).toEqual(['WARNING']);
      expect(statusOf(r, 'CLOCK_SKEW')).toEqual(['WARNING']);
    });

    it('warns about a certificate that ends within 30 days', async () => {
      const soon = await insertSamlPartner({ entityId: samlIdp.entityId, ssoUrl: samlIdp.ssoUrl,
        signingCertificates: [createSelfSignedCredential('idp.soon.test', 365).certificatePem, createSelfSignedCredential('idp.soon.test', 10).certificatePem] });
      const r = await report(soon.id);
      expect(statusOf(r, 'SIGNING_CERTIFICATE')).toEqual(['OK', 'WARNING']);
      expect(statusOf(r, 'SAML_METADATA')).toEqual(['WARNING']);
      expect(r.status).toBe('WARNING');
    });

    it('reports an OpenID provider that does not answer', async () => {
      const r = await report(await insertOidcPartner('http://127.0.0.1:1'));
      expect(r.status).toBe('FAILED');
      expect(statusOf(r, 'OIDC_DISCOVERY')).toEqual(['FAILED']);
    });

    it('answers NOT_FOUND for an unknown partner', async () => {
      const result = await hub.gql(REPORT, { partnerId: randomUUID() }, admin);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('previewAssertion', () => {
    const spEntityId = () => `${hub.url}/auth/saml/${samlPartner.slug}/metadata`;
    const acsUrl = () => `${hub.url}/auth/saml/${samlPartner.slug}/acs`;

    async function footprint(conventionIds: string[]) {
      const guests = await hub.dataSource.query(
        `SELECT id, state, subject, bound_at FROM guest WHERE convention_id = ANY($1) ORDER BY id`, [conventionIds]);
      const [{ sessions }] = await hub.dataSource.query(`SELECT count(*)::int AS sessions FROM session WHERE principal_id = ANY($1)`,
        [guests.map((g: { id: string }) => g.id)]);
      const [{ people }] = await hub.dataSource.query(`SELECT count(*)::int AS people FROM person WHERE external_issuer = ANY($1)`,
        [[samlIdp.entityId, oidcIdp.issuer]]);
      return { guests, sessions, people };
    }
    async function audit(partnerId: string) {
      return hub.dataSource.query(`SELECT action, actor_kind, details FROM audit_event WHERE partner_id = $1 ORDER BY occurred_at, id`, [partnerId]);
    }
    async function preview(variables: Record<string, unknown>) {
      const result = await hub.gql<{ previewAssertion: Record<string, any> }>(PREVIEW, variables, admin);
      expect(result.errors).toBeUndefined();
      return result.data!.previewAssertion;
    }

    it('shows the identity and the convention of a genuine SAML response, and signs nobody in, binds nothing', async () => {
      const before = await footprint([samlPartner.conventionId, oidcPartner.conventionId]);
      const auditBefore = (await audit(samlPartner.id)).length;
      const forged = samlIdp.forge({ audience: spEntityId(), destination: acsUrl(), recipient: acsUrl(), inResponseTo: null });
      const p = await preview({ partnerId: samlPartner.id, samlResponse: forged.samlResponse });
      expect(p).toMatchObject({
        valid: true, problems: [],
        identity: { subject: 'cvh…', displayName: 'Lucas Moreau', profile: 'National_ELV', uai: samlIdp.uai, classCode: '6A' },
        admission: { conventionId: samlPartner.conventionId, version: 1 }, refusal: null,
      });
      expect(p.warnings).toEqual(expect.arrayContaining([expect.stringContaining('SAML_UNSOLICITED'), expect.stringContaining('Rejeu')]));
      expect(JSON.stringify(p)).not.toContain('cvh-3a7f19c2');
      expect(await footprint([samlPartner.conventionId, oidcPartner.conventionId])).toEqual(before);
      const events = await audit(samlPartner.id);
      expect(events).toHaveLength(auditBefore + 1);
      expect(events.at(-1)).toEqual({ action: 'partner.assertion-previewed', actor_kind: 'HUB_ADMIN',
        details: { protocol: 'SAML2', outcome: 'ADMITTED', code: null } });
      // The same response is still usable once: the preview kept nothing in the replay cache.
      const again = await preview({ partnerId: samlPartner.id, samlResponse: forged.samlResponse });
      expect(again.valid).toBe(true);
    });

    it('reports an expired SAML response as a warning and checks the rest', async () => {
      const issued = new Date(Date.now() - 3 * 3_600_000);
      const forged = samlIdp.forge({ audience: spEntityId(), destination: acsUrl(), recipient: acsUrl(), inResponseTo: null, issueInstant: issued,
        notOnOrAfter: new Date(issued.getTime() + 300_000), subjectNotOnOrAfter: new Date(issued.getTime() + 300_000),
        sessionNotOnOrAfter: new Date(issued.getTime() + 3_600_000) });
      const p = await preview({ partnerId: samlPartner.id, samlResponse: forged.samlResponse });
      expect(p.valid).toBe(true);
      expect(p.warnings).toEqual(expect.arrayContaining([expect.stringContaining('SAML_EXPIRED')]));
    });

    it('lists the problems of a SAML response for another SP, or signed by another key, and shows no identity', async () => {
      const wrongAudience = samlIdp.forge({ audience: 'https://other-sp.test/metadata', destination: acsUrl(), recipient: acsUrl(), inResponseTo: null });
      const p = await preview({ partnerId: samlPartner.id, samlResponse: wrongAudience.samlResponse });
      expect(p).toMatchObject({ valid: false, identity: null, admission: null });
      expect(p.problems).toEqual([expect.stringMatching(/^SAML_AUDIENCE_MISMATCH — .*attendu : http/)]);
      const otherKey = samlIdp.forge({ audience: spEntityId(), destination: acsUrl(), recipient: acsUrl(), inResponseTo: null,
        key: createSelfSignedCredential('evil.test', 30) });
      const q = await preview({ partnerId: samlPartner.id, samlResponse: otherKey.samlResponse });
      expect(q.problems).toEqual([expect.stringMatching(/^SAML_SIGNATURE_INVALID/)]);
      expect((await audit(samlPartner.id)).at(-1).details).toEqual({ protocol: 'SAML2', outcome: 'INVALID', code: 'SAML_SIGNATURE_INVALID' });
    });

    it('verifies an ID token against the JWKS and shows the convention that admits the person', async () => {
      const before = await footprint([samlPartner.conventionId, oidcPartner.conventionId]);
      const now = Math.floor(Date.now() / 1000);
      const claims = { ...claimsOf(COLLEGE_USERS[0]), iss: oidcIdp.issuer, aud: CLIENT_ID, iat: now, exp: now + 300 };
      const p = await preview({ partnerId: oidcPartner.id, idToken: signRs256(claims, oidcIdp.signingKey) });
      expect(p).toMatchObject({
        valid: true, problems: [],
        identity: { subject: 'cjm…', displayName: 'Léa Martin', profile: 'National_ELV', uai: '0931234L', classCode: '6e B' },
        admission: { conventionId: oidcPartner.conventionId },
      });
      expect(await footprint([samlPartner.conventionId, oidcPartner.conventionId])).toEqual(before);

      const forged = await preview({ partnerId: oidcPartner.id, idToken: signRs256(claims, { kid: oidcIdp.signingKey.kid, privateKey: generateSigningKey().privateKey }) });
      expect(forged).toMatchObject({ valid: false, identity: null });
      expect(forged.problems[0]).toContain('Signature du jeton refusée');
      const expired = await preview({ partnerId: oidcPartner.id, idToken: signRs256({ ...claims, iat: now - 7200, exp: now - 3600 }, oidcIdp.signingKey) });
      expect(expired.valid).toBe(true);
      expect(expired.warnings).toEqual(expect.arrayContaining([expect.stringContaining('expiré')]));
      const otherAudience = await preview({ partnerId: oidcPartner.id, idToken: signRs256({ ...claims, aud: 'someone-else' }, oidcIdp.signingKey) });
      expect(otherAudience.valid).toBe(false);
    });

    it('shows the refusal when no convention covers the school', async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { ...claimsOf(COLLEGE_USERS[0]), [ENT_CLAIMS.uai]: '0693456G', iss: oidcIdp.issuer, aud: CLIENT_ID, iat: now, exp: now + 300 };
      const p = await preview({ partnerId: oidcPartner.id, idToken: signRs256(claims, oidcIdp.signingKey) });
      expect(p).toMatchObject({ valid: true, admission: null, refusal: { code: 'STRUCTURE_NOT_COVERED' } });
    });

    it('takes exactly one of samlResponse and idToken (BAD_USER_INPUT naming the field)', async () => {
      const both = await hub.gql(PREVIEW, { partnerId: samlPartner.id, samlResponse: 'eA==', idToken: 'a.b.c' }, admin);
      expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['idToken'] });
      const none = await hub.gql(PREVIEW, { partnerId: samlPartner.id }, admin);
      expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['samlResponse'] });
    });
  });

  describe('access', () => {
    it('refuses both operations to a non-administrator (FORBIDDEN) and to an anonymous caller (UNAUTHENTICATED)', async () => {
      const teacher = await hub.personSession([Role.TEACHER]);
      const auditBefore = await hub.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE partner_id = $1`, [samlPartner.id]);
      for (const [query, variables] of [[REPORT, { partnerId: samlPartner.id }], [PREVIEW, { partnerId: samlPartner.id, idToken: 'a.b.c' }]] as const) {
        expect((await hub.gql(query, variables, teacher.cookie)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect((await hub.gql(query, variables)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
      expect(await hub.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE partner_id = $1`, [samlPartner.id])).toEqual(auditBefore);
    });
  });
});
