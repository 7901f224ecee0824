import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Role } from '@passerelle/access';
import { GraphqlResult, startTestApi, TestApi, unique } from '../../../test/harness';
import { Clock } from './clock.js';
import { PartnersQueries } from './partners.queries.js';
import { errorOf, expectNoErrors, givenPartner, givenStructure, givenDirector } from './testing/given.js';
import { idpMetadata, selfSignedCertificate } from './testing/idp-fixtures.js';

const PARTNER_FIELDS = `id slug name kind protocol trust status createdAt updatedAt
  saml { entityId ssoUrl sloUrl signingCertificates nameIdFormat allowIdpInitiated signedPart }
  oidc { issuer clientId hasClientSecret scopes allowedAlgorithms endSessionEndpoint discoveredAt }
  attributeMapping { preset subject displayName profile uai classCode }`;
const CREATE = `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { ${PARTNER_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdatePartnerInput!) { updatePartner(id: $id, input: $input) { ${PARTNER_FIELDS} } }`;
const PARTNER = `query($id: ID!) { partner(id: $id) { ${PARTNER_FIELDS} } }`;
const PARTNERS = `query($first: Int, $after: String) { partners(first: $first, after: $after) {
  edges { node { id slug } } pageInfo { hasNextPage endCursor } totalCount } }`;
const IMPORT = `mutation($partnerId: ID!, $xml: String!) { importSamlMetadata(partnerId: $partnerId, xml: $xml) { ${PARTNER_FIELDS} } }`;
const DISCOVER = `mutation($partnerId: ID!, $url: String!) { discoverOidcIssuer(partnerId: $partnerId, url: $url) { ${PARTNER_FIELDS} } }`;
const DAY = 86_400_000;

type PartnerNode = Record<string, any>;

describe('partner ENTs API', () => {
  let hub: TestApi;
  let admin: string;
  let director: string;
  let teacher: string;
  let pupil: string;

  beforeAll(async () => {
    hub = await startTestApi();
    admin = (await hub.adminSession()).cookie;
    director = (await givenDirector(hub, (await givenStructure(hub, admin)).id)).cookie;
    teacher = (await hub.personSession([Role.TEACHER])).cookie;
    pupil = (await hub.personSession([Role.PUPIL])).cookie;
  });
  afterAll(() => hub?.close());
  afterEach(() => jest.restoreAllMocks());

  const auditCount = async (partnerId: string) =>
    Number((await hub.dataSource.query('SELECT count(*) AS n FROM audit_event WHERE partner_id = $1', [partnerId]))[0].n);

  describe('createPartner', () => {
    it('registers a SAML partner with defaults (PARTNER, ACTIVE, ASSERTION signed, generic SAML mapping) and audits it', async () => {
      const slug = unique('ent-core-');
      const partner = expectNoErrors(await hub.gql<{ createPartner: PartnerNode }>(CREATE,
        { input: { slug: ` ${slug.toUpperCase()} `, name: ' ENT Collèges 75 ', kind: 'COLLEGE', protocol: 'SAML2' } }, admin)).createPartner;
      expect(partner).toMatchObject({
        slug, name: 'ENT Collèges 75', kind: 'COLLEGE', protocol: 'SAML2', trust: 'PARTNER', status: 'ACTIVE', oidc: null,
        saml: { entityId: null, ssoUrl: null, sloUrl: null, signingCertificates: [], nameIdFormat: null, allowIdpInitiated: false, signedPart: 'ASSERTION' },
        attributeMapping: { preset: 'GENERIC_SAML', subject: 'NameID', profile: 'ENTPersonProfils', uai: 'ENTPersonStructRattachUAI' },
      });
      const [event] = await hub.dataSource.query('SELECT action, actor_kind, subject_id, after FROM audit_event WHERE partner_id = $1', [partner.id]);
      expect(event).toMatchObject({ action: 'partner.created', actor_kind: 'HUB_ADMIN', subject_id: partner.id, after: { slug } });
    });

    it('registers an OIDC partner: the client secret is stored encrypted, shown only as hasClientSecret, and decrypted for federation', async () => {
      const secret = `secret-${unique()}`;
      const partner = expectNoErrors(await hub.gql<{ createPartner: PartnerNode }>(CREATE, { input: {
        slug: unique('oidc-'), name: 'ENT OIDC', kind: 'OTHER', protocol: 'OIDC',
        oidc: { issuer: 'https://idp.example.fr', clientId: 'passerelle', clientSecret: secret, allowedAlgorithms: ['RS256', 'EDDSA'] },
        attributeMapping: { preset: 'ENT_CORE', classCode: 'classes' },
      } }, admin)).createPartner;
      expect(partner.oidc).toEqual({ issuer: 'https://idp.example.fr', clientId: 'passerelle', hasClientSecret: true, scopes: ['openid', 'profile'],
        allowedAlgorithms: ['RS256', 'EDDSA'], endSessionEndpoint: null, discoveredAt: null });
      expect(partner.attributeMapping).toEqual({ preset: 'ENT_CORE', subject: 'NameID', displayName: 'displayName', profile: 'ENTPersonProfils',
        uai: 'ENTPersonStructRattachUAI', classCode: 'classes' });
      const [row] = await hub.dataSource.query('SELECT oidc_settings::text AS settings FROM partner_ent WHERE id = $1', [partner.id]);
      expect(row.settings).not.toContain(secret);
      const audit = await hub.dataSource.query('SELECT after::text AS after FROM audit_event WHERE partner_id = $1', [partner.id]);
      expect(audit[0].after).not.toContain(secret);
      const config = await hub.api.app.get(PartnersQueries).findById(partner.id);
      expect(config?.oidc).toMatchObject({ clientSecret: secret, allowedAlgorithms: ['RS256', 'EdDSA'] });
      expect((await hub.api.app.get(PartnersQueries).findBySlug(partner.slug))?.id).toBe(partner.id);
      expect((await hub.api.app.get(PartnersQueries).listEnabled()).map((p) => p.id)).toContain(partner.id);
    });

    it('gives a null client secret (and keeps the partner listed) when its box no longer opens', async () => {
      const created = await givenPartner(hub, admin, { protocol: 'OIDC', oidc: { issuer: 'https://idp.example.fr', clientId: 'x', clientSecret: 'abc' } });
      const donor = await givenPartner(hub, admin, { protocol: 'OIDC', oidc: { issuer: 'https://idp.example.fr', clientId: 'y', clientSecret: 'def' } });
      // A box sealed for another partner: the context binds each box to its row.
      const [other] = await hub.dataSource.query(`SELECT oidc_settings->>'clientSecretBox' AS box FROM partner_ent WHERE id = $1`, [donor.id]);
      await hub.dataSource.query(`UPDATE partner_ent SET oidc_settings = jsonb_set(oidc_settings, '{clientSecretBox}', to_jsonb($2::text))
        WHERE id = $1`, [created.id, other.box]);
      const queries = hub.api.app.get(PartnersQueries);
      expect((await queries.findById(created.id))?.oidc?.clientSecret).toBeNull();
      expect((await queries.listEnabled()).map((p) => p.id)).toContain(created.id);
    });

    it.each([
      ['a slug with capitals inside and spaces', { slug: 'ent collège' }, ['input', 'slug'], 'BAD_USER_INPUT'],
      ['an OIDC partner without issuer', { protocol: 'OIDC', oidc: { clientId: 'x' } }, ['input', 'oidc', 'issuer'], 'BAD_USER_INPUT'],
      ['an OIDC issuer over plain http', { protocol: 'OIDC', oidc: { issuer: 'http://idp.example.fr', clientId: 'x' } }, ['input', 'oidc', 'issuer'], 'BAD_USER_INPUT'],
      ['an OIDC partner with SAML settings', { protocol: 'OIDC', saml: {}, oidc: { issuer: 'https://i', clientId: 'x' } }, ['input', 'saml'], 'BAD_USER_INPUT'],
      ['a scope list without openid', { protocol: 'OIDC', oidc: { issuer: 'https://i.example.fr', clientId: 'x', scopes: ['profile'] } },
        ['input', 'oidc', 'scopes'], 'BAD_USER_INPUT'],
    ])('refuses %s, naming the field, and writes nothing', async (_what, override, field, code) => {
      const slug = unique('bad-');
      const result = await hub.gql(CREATE, { input: { slug, name: 'ENT', kind: 'OTHER', protocol: 'SAML2', ...override } }, admin);
      expect(errorOf(result).extensions).toMatchObject({ code, field });
      expect((await hub.dataSource.query('SELECT count(*)::int AS n FROM partner_ent WHERE slug = $1', [slug]))[0].n).toBe(0);
    });

    it('refuses none and HS256 as signing algorithms at the schema', async () => {
      const result = await hub.gql(CREATE, { input: { slug: unique('alg-'), name: 'ENT', kind: 'OTHER', protocol: 'OIDC',
        oidc: { issuer: 'https://idp.example.fr', clientId: 'x', allowedAlgorithms: ['HS256'] } } }, admin);
      expect(errorOf(result).extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses a slug already taken (PARTNER_SLUG_TAKEN)', async () => {
      const existing = await givenPartner(hub, admin);
      const result = await hub.gql(CREATE, { input: { slug: existing.slug, name: 'Autre', kind: 'OTHER', protocol: 'SAML2' } }, admin);
      expect(errorOf(result)).toMatchObject({ extensions: { code: 'PARTNER_SLUG_TAKEN', field: ['input', 'slug'] } });
    });

    it('refuses an expired signing certificate given by hand', async () => {
      const certificate = selfSignedCertificate('manual.test', 1);
      jest.spyOn(hub.api.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 3 * DAY));
      const result = await hub.gql(CREATE, { input: { slug: unique('cert-'), name: 'ENT', kind: 'OTHER', protocol: 'SAML2',
        saml: { signingCertificates: [certificate] } } }, admin);
      expect(errorOf(result)).toMatchObject({ extensions: { code: 'CERTIFICATE_EXPIRED', field: ['input', 'saml', 'signingCertificates', 0] } });
      expect(errorOf(result).message).toMatch(/^Le certificat « manual.test » a expiré le \d{2}\/\d{2}\/\d{4}\.$/);
    });
  });

  describe('updatePartner', () => {
    it('changes only the fields given, keeps the secret when absent, removes it with null, and audits before/after', async () => {
      const created = expectNoErrors(await hub.gql<{ createPartner: PartnerNode }>(CREATE, { input: {
        slug: unique('upd-'), name: 'ENT', kind: 'OTHER', protocol: 'OIDC',
        oidc: { issuer: 'https://idp.example.fr', clientId: 'one', clientSecret: 'first-secret' } } }, admin)).createPartner;
      const renamed = expectNoErrors(await hub.gql<{ updatePartner: PartnerNode }>(UPDATE,
        { id: created.id, input: { name: 'ENT renommé', status: 'DISABLED', oidc: { clientId: 'two' } } }, admin)).updatePartner;
      expect(renamed).toMatchObject({ name: 'ENT renommé', status: 'DISABLED', slug: created.slug, oidc: { clientId: 'two', hasClientSecret: true } });
      expect((await hub.api.app.get(PartnersQueries).findById(created.id))?.oidc?.clientSecret).toBe('first-secret');
      expect((await hub.api.app.get(PartnersQueries).listEnabled()).map((p) => p.id)).not.toContain(created.id);
      const cleared = expectNoErrors(await hub.gql<{ updatePartner: PartnerNode }>(UPDATE,
        { id: created.id, input: { oidc: { clientSecret: null } } }, admin)).updatePartner;
      expect(cleared.oidc.hasClientSecret).toBe(false);
      const events = await hub.dataSource.query(
        `SELECT action, before->>'name' AS before_name, after->>'name' AS after_name FROM audit_event WHERE partner_id = $1 ORDER BY occurred_at`, [created.id]);
      expect(events.map((e: { action: string }) => e.action)).toEqual(['partner.created', 'partner.updated', 'partner.updated']);
      expect(events[1]).toMatchObject({ before_name: 'ENT', after_name: 'ENT renommé' });
    });

    it('refuses SAML settings on an OIDC partner and answers NOT_FOUND for an unknown partner', async () => {
      const oidc = await givenPartner(hub, admin, { protocol: 'OIDC', oidc: { issuer: 'https://idp.example.fr', clientId: 'x' } });
      expect(errorOf(await hub.gql(UPDATE, { id: oidc.id, input: { saml: { allowIdpInitiated: true } } }, admin)).extensions)
        .toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'saml'] });
      expect(errorOf(await hub.gql(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { name: 'x' } }, admin)))
        .toMatchObject({ message: "Cet ENT partenaire n'existe pas.", extensions: { code: 'NOT_FOUND' } });
    });
  });

  describe('partner and partners', () => {
    it('reads a partner by id, and pages through partners', async () => {
      const created = await givenPartner(hub, admin);
      expect(expectNoErrors(await hub.gql<{ partner: PartnerNode }>(PARTNER, { id: created.id }, admin)).partner.slug).toBe(created.slug);
      expect(errorOf(await hub.gql(PARTNER, { id: 'nope' }, admin)).extensions?.code).toBe('NOT_FOUND');
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 1000; i++) {
        const page: GraphqlResult<{ partners: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }> =
          await hub.gql(PARTNERS, { first: 50, after }, admin);
        const data = expectNoErrors(page).partners;
        seen.push(...data.edges.map((edge) => edge.node.id));
        if (!data.pageInfo.hasNextPage) break;
        after = data.pageInfo.endCursor;
      }
      expect(seen).toContain(created.id);
      expect(new Set(seen).size).toBe(seen.length);
    });
  });

  describe('importSamlMetadata', () => {
    it('fills the SAML settings from metadata, keeping the options set by hand, and audits it', async () => {
      const partner = await givenPartner(hub, admin, { saml: { allowIdpInitiated: true, signedPart: 'RESPONSE' } });
      const certificate = selfSignedCertificate('idp.import.test', 30);
      const imported = expectNoErrors(await hub.gql<{ importSamlMetadata: PartnerNode }>(IMPORT,
        { partnerId: partner.id, xml: idpMetadata({ entityId: 'https://idp.import.test/saml', certificates: [certificate] }) }, admin)).importSamlMetadata;
      expect(imported.saml).toEqual({
        entityId: 'https://idp.import.test/saml', ssoUrl: 'https://idp.partenaire.test/sso/redirect', sloUrl: 'https://idp.partenaire.test/slo',
        signingCertificates: [expect.stringContaining('-----BEGIN CERTIFICATE-----')],
        nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', allowIdpInitiated: true, signedPart: 'RESPONSE',
      });
      const [event] = await hub.dataSource.query(`SELECT details FROM audit_event WHERE partner_id = $1 AND action = 'partner.saml-metadata-imported'`,
        [partner.id]);
      expect(event.details).toEqual({ entityId: 'https://idp.import.test/saml', certificates: 1 });
    });

    it('rejects metadata whose certificate has expired, with the French message, and writes nothing', async () => {
      const partner = await givenPartner(hub, admin);
      const before = await auditCount(partner.id);
      const certificate = selfSignedCertificate('idp.expire.test', 1);
      jest.spyOn(hub.api.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 2 * DAY));
      const result = await hub.gql(IMPORT, { partnerId: partner.id, xml: idpMetadata({ certificates: [certificate] }) }, admin);
      expect(errorOf(result).extensions).toMatchObject({ code: 'CERTIFICATE_EXPIRED', field: ['xml'] });
      expect(errorOf(result).message).toMatch(/^Le certificat « idp.expire.test » a expiré le \d{2}\/\d{2}\/\d{4}\.$/);
      const [row] = await hub.dataSource.query(`SELECT saml_settings->>'entityId' AS entity_id FROM partner_ent WHERE id = $1`, [partner.id]);
      expect(row.entity_id).toBeNull();
      expect(await auditCount(partner.id)).toBe(before);
    });

    it('refuses a DOCTYPE, and refuses metadata for an OIDC partner', async () => {
      const partner = await givenPartner(hub, admin);
      const doctype = await hub.gql(IMPORT, { partnerId: partner.id, xml: '<!DOCTYPE x [<!ENTITY a "b">]><x/>' }, admin);
      expect(errorOf(doctype).extensions?.code).toBe('SAML_METADATA_INVALID');
      const oidc = await givenPartner(hub, admin, { protocol: 'OIDC', oidc: { issuer: 'https://idp.example.fr', clientId: 'x' } });
      const certificate = selfSignedCertificate('idp.mismatch.test', 30);
      const mismatch = await hub.gql(IMPORT, { partnerId: oidc.id, xml: idpMetadata({ certificates: [certificate] }) }, admin);
      expect(errorOf(mismatch).extensions?.code).toBe('PARTNER_PROTOCOL_MISMATCH');
    });
  });

  describe('discoverOidcIssuer', () => {
    let server: Server;
    let issuer: string;
    let document: Record<string, unknown>;

    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/realm/.well-known/openid-configuration') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realm`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const goodDocument = () => ({
      issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
      userinfo_endpoint: `${issuer}/me`, end_session_endpoint: `${issuer}/logout`, response_types_supported: ['code'],
      id_token_signing_alg_values_supported: ['HS256', 'none', 'RS256', 'ES256'],
    });

    it('reads the discovery document: issuer, endpoints, and only the allowed algorithms it offers', async () => {
      document = goodDocument();
      const partner = await givenPartner(hub, admin, { protocol: 'OIDC', oidc: { issuer: 'https://old.example.fr', clientId: 'x', clientSecret: 'kept' } });
      const discovered = expectNoErrors(await hub.gql<{ discoverOidcIssuer: PartnerNode }>(DISCOVER, { partnerId: partner.id, url: issuer }, admin))
        .discoverOidcIssuer;
      expect(discovered.oidc).toMatchObject({ issuer, clientId: 'x', hasClientSecret: true, allowedAlgorithms: ['RS256', 'ES256'],
        endSessionEndpoint: `${issuer}/logout`, discoveredAt: expect.any(String) });
      const config = await hub.api.app.get(PartnersQueries).findById(partner.id);
      expect(config?.oidc).toMatchObject({ clientSecret: 'kept', discovered: { authorizationEndpoint: `${issuer}/auth`, tokenEndpoint: `${issuer}/token`,
        jwksUri: `${issuer}/jwks`, userinfoEndpoint: `${issuer}/me` } });
    });

    it.each([
      ['another issuer', { issuer: 'https://evil.example.fr' }, 'OIDC_ISSUER_MISMATCH'],
      ['no token endpoint', { token_endpoint: undefined }, 'OIDC_DISCOVERY_FAILED'],
      ['only symmetric algorithms', { id_token_signing_alg_values_supported: ['HS256', 'none'] }, 'OIDC_NO_ACCEPTABLE_ALGORITHM'],
    ])('refuses a document with %s and writes nothing', async (_what, change, code) => {
      document = { ...goodDocument(), ...change };
      const partner = await givenPartner(hub, admin, { protocol: 'OIDC', oidc: { issuer: 'https://old.example.fr', clientId: 'x' } });
      const before = await auditCount(partner.id);
      const result = await hub.gql(DISCOVER, { partnerId: partner.id, url: issuer }, admin);
      expect(errorOf(result).extensions?.code).toBe(code);
      const [row] = await hub.dataSource.query(`SELECT oidc_settings->>'issuer' AS issuer FROM partner_ent WHERE id = $1`, [partner.id]);
      expect(row.issuer).toBe('https://old.example.fr');
      expect(await auditCount(partner.id)).toBe(before);
    });

    it('reports an issuer that does not answer', async () => {
      const partner = await givenPartner(hub, admin, { protocol: 'OIDC', oidc: { issuer: 'https://old.example.fr', clientId: 'x' } });
      const result = await hub.gql(DISCOVER, { partnerId: partner.id, url: `${issuer}/missing` }, admin);
      expect(errorOf(result)).toMatchObject({ extensions: { code: 'OIDC_DISCOVERY_FAILED' } });
      expect(errorOf(result).message).toContain('a répondu 404');
    });
  });

  describe('access', () => {
    const operations: [string, string, () => Record<string, unknown>][] = [
      ['partners', PARTNERS, () => ({})],
      ['partner', PARTNER, () => ({ id: '00000000-0000-4000-8000-000000000000' })],
      ['createPartner', CREATE, () => ({ input: { slug: unique('x-'), name: 'x', kind: 'OTHER', protocol: 'SAML2' } })],
      ['updatePartner', UPDATE, () => ({ id: '00000000-0000-4000-8000-000000000000', input: { name: 'x' } })],
      ['importSamlMetadata', IMPORT, () => ({ partnerId: '00000000-0000-4000-8000-000000000000', xml: '<x/>' })],
      ['discoverOidcIssuer', DISCOVER, () => ({ partnerId: '00000000-0000-4000-8000-000000000000', url: 'https://x.example.fr' })],
    ];

    it.each(operations)('%s: hub administrators only (director, teacher and pupil FORBIDDEN, anonymous UNAUTHENTICATED)', async (_name, query, variables) => {
      for (const cookie of [director, teacher, pupil]) {
        expect(errorOf(await hub.gql(query, variables(), cookie)).extensions?.code).toBe('FORBIDDEN');
      }
      expect(errorOf(await hub.gql(query, variables())).extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
});
