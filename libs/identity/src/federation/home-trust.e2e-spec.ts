import { randomBytes } from 'node:crypto';
import { ATTRIBUTE_MAPPING_PRESETS, AttributeMappingPreset } from '@passerelle/conventions';
import { HomeSchoolsDroppedHandler } from '@passerelle/guests';
import { TestBrowser } from '../../../../federation/idp-oidc/test-browser';
import { attributesOf, RunningSamlIdp, startSamlIdp } from '../../../../federation/idp-saml';
import { startTestApi, TestApi } from '../../../../test/harness';
import { freePort } from '../../../../test/processes';
import { buildWorld, codeOf, CREATE_POST, CREATE_SPACE, ok, one, SpaceWorld } from '../../../spaces/test/fixtures';
import { SESSION_COOKIE } from '../sessions/session.service';

/*
 * The home ENT's trust is bounded (issue 11, finding 2): a HOME partner declares the schools it serves, signs in
 * nobody else, and never moves a person to another school. The review's case first: a home ENT registered for École
 * Jules Ferry signs in a National_DIR of École Pasteur → refused, nothing written but one audit event, and Pasteur's
 * private space stays unreadable. Real HTTP, a real SAML IdP, the hub's PostgreSQL and Redis.
 */
describe('home-ENT trust: the schools a home ENT serves', () => {
  let hub: TestApi;
  let idp: RunningSamlIdp;
  let world: SpaceWorld;
  let julesFerryUai: string;
  let pasteurUai: string;
  let partner: { id: string; slug: string };
  let pasteurSpaceId: string;

  const SPACE = `query($id: ID!) { space(id: $id) { id title posts(first: 10) { edges { node { bodyHtml } } } } }`;

  beforeAll(async () => {
    const port = await freePort();
    hub = await startTestApi({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    idp = await startSamlIdp();
    world = await buildWorld(hub);
    await hub.dataSource.query(`UPDATE structure SET name = 'École Pasteur' WHERE id = $1`, [world.otherSchoolId]);
    julesFerryUai = (await one<{ uai: string }>(hub, 'SELECT uai FROM structure WHERE id = $1', [world.schoolId])).uai;
    pasteurUai = (await one<{ uai: string }>(hub, 'SELECT uai FROM structure WHERE id = $1', [world.otherSchoolId])).uai;
    // Pasteur's private space, with a post only Pasteur's people may read.
    pasteurSpaceId = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE,
      { input: { structureId: world.otherSchoolId, title: 'Conseil des maîtres de Pasteur' } }, world.otherTeacher.cookie)).createSpace.id;
    ok(await hub.gql(CREATE_POST, { input: { spaceId: pasteurSpaceId, bodyHtml: '<p>Situation de Léo, confidentiel</p>' } },
      world.otherTeacher.cookie));
    // The home ENT of École Jules Ferry, through the administrators' mutation: it serves Jules Ferry only.
    const created = ok(await hub.gql<{ createPartner: { id: string; slug: string; servedUais: string[] } }>(
      `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id slug servedUais } }`,
      { input: {
        slug: `ent-jules-ferry-${randomBytes(3).toString('hex')}`, name: "ENT de l'école Jules Ferry", kind: 'ECOLE', protocol: 'SAML2',
        trust: 'HOME', servedUais: [julesFerryUai.toLowerCase()],
        saml: { entityId: idp.entityId, ssoUrl: idp.ssoUrl, sloUrl: idp.sloUrl, signingCertificates: [idp.certificatePem],
          nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' },
        attributeMapping: { preset: 'ENT_CORE' },
      } }, world.admin.cookie)).createPartner;
    expect(created.servedUais).toEqual([julesFerryUai]);
    expect(ATTRIBUTE_MAPPING_PRESETS[AttributeMappingPreset.ENT_CORE].uai).toBe('ENTPersonStructRattachUAI');
    partner = created;
  });
  afterAll(async () => {
    await idp?.stop();
    await hub?.close();
  });

  /** Signs `login` in through the home ENT, asserting `profile` and `uai`; returns the hub's answer and the browser. */
  async function signIn(login: string, profile: string, uai: string) {
    const browser = new TestBrowser();
    const started = await browser.navigate(`${hub.url}/auth/${partner.slug}/login?returnTo=/espaces`, { stopAt: idp.url });
    const request = idp.readAuthnRequest(started.url);
    const user = idp.users.find((u) => u.login === login)!;
    const attributes = { ...attributesOf(user, uai), ENTPersonProfils: [profile] };
    const { samlResponse } = idp.forge({ request, user: login, attributes });
    const answer = await browser.request(`${hub.url}/auth/saml/${partner.slug}/acs`, { method: 'POST', form: { SAMLResponse: samlResponse } });
    const session = browser.cookie(hub.url, SESSION_COOKIE);
    return { answer, cookie: session ? `${SESSION_COOKIE}=${session}` : null, nameId: user.nameId };
  }

  async function counts() {
    const [row] = await hub.dataSource.query(`SELECT
      (SELECT count(*)::int FROM person WHERE external_issuer = $1) AS people,
      (SELECT count(*)::int FROM audit_event WHERE partner_id = $2) AS audit,
      (SELECT count(*)::int FROM space_person WHERE space_id = $3) AS members`, [idp.entityId, partner.id, pasteurSpaceId]);
    return row as { people: number; audit: number; members: number };
  }

  async function lastAudit() {
    return one<{ action: string; reason: string; uai: string | null; person_id: string | null }>(hub,
      `SELECT action, details->>'reason' AS reason, details->>'uai' AS uai, details->>'personId' AS person_id
       FROM audit_event WHERE partner_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 1`, [partner.id]);
  }

  it('refuses a National_DIR of École Pasteur from the home ENT of Jules Ferry: French page, nothing written but one audit event', async () => {
    const before = await counts();
    const { answer, cookie } = await signIn('marc.lambert', 'National_DIR', pasteurUai);
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('<html lang="fr">');
    expect(answer.body).toContain('HOME_SCHOOL_NOT_SERVED');
    expect(answer.body).toContain('Passerelle n&#39;est pas ouvert à ton établissement depuis cet ENT.');
    expect(cookie).toBeNull();
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    expect(await lastAudit()).toEqual({ action: 'federation.sign-in-refused', reason: 'HOME_SCHOOL_NOT_SERVED', uai: pasteurUai, person_id: null });
    // Without a session, Pasteur's private space answers like a missing object to anyone who is not of Pasteur.
    expect(codeOf(await hub.gql(SPACE, { id: pasteurSpaceId }))).toBe('UNAUTHENTICATED');
  });

  it('admits the director of the school it serves, who still cannot read Pasteur\'s private space', async () => {
    const { answer, cookie } = await signIn('marc.lambert', 'National_DIR', julesFerryUai);
    expect(answer.status).toBe(302);
    expect(cookie).not.toBeNull();
    const person = await one<{ structure_id: string; profiles: string[]; seen: boolean }>(hub,
      `SELECT structure_id, profiles, last_seen_at > now() - interval '1 minute' AS seen FROM person WHERE external_issuer = $1`, [idp.entityId]);
    expect(person).toEqual({ structure_id: world.schoolId, profiles: ['National_DIR'], seen: true });
    expect(codeOf(await hub.gql(SPACE, { id: pasteurSpaceId }, cookie!))).toBe('NOT_FOUND');
  });

  it('refuses a returning person whose ENT now asserts another school, even a served one, and audits it; the administrator moves them', async () => {
    // Jules Ferry's home ENT now serves Pasteur too (audited like any partner change).
    const updated = ok(await hub.gql<{ updatePartner: { servedUais: string[] } }>(
      `mutation($id: ID!, $input: UpdatePartnerInput!) { updatePartner(id: $id, input: $input) { servedUais } }`,
      { id: partner.id, input: { servedUais: [julesFerryUai, pasteurUai] } }, world.admin.cookie)).updatePartner;
    expect(updated.servedUais).toEqual([julesFerryUai, pasteurUai].sort());
    const change = await one<{ before: string[]; after: string[] }>(hub,
      `SELECT before->'servedUais' AS before, after->'servedUais' AS after FROM audit_event
       WHERE partner_id = $1 AND action = 'partner.updated' ORDER BY occurred_at DESC LIMIT 1`, [partner.id]);
    expect(change).toEqual({ before: [julesFerryUai], after: [julesFerryUai, pasteurUai].sort() });

    const { id: personId } = await one<{ id: string }>(hub, `SELECT id FROM person WHERE external_issuer = $1`, [idp.entityId]);
    const before = await counts();
    const refused = await signIn('marc.lambert', 'National_DIR', pasteurUai);
    expect(refused.answer.status).toBe(403);
    expect(refused.answer.body).toContain('HOME_SCHOOL_CHANGED');
    expect(refused.cookie).toBeNull();
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    expect(await lastAudit()).toEqual({ action: 'federation.sign-in-refused', reason: 'HOME_SCHOOL_CHANGED', uai: pasteurUai, person_id: personId });
    expect((await one<{ structure_id: string }>(hub, 'SELECT structure_id FROM person WHERE id = $1', [personId])).structure_id).toBe(world.schoolId);

    // The legitimate path: a hub administrator moves the person (audited); the next sign-in from Pasteur is admitted.
    const MOVE = `mutation($personId: ID!, $structureId: ID!) { moveHomePerson(personId: $personId, structureId: $structureId) { id } }`;
    expect(codeOf(await hub.gql(MOVE, { personId, structureId: world.otherSchoolId }, world.director.cookie))).toBe('FORBIDDEN');
    ok(await hub.gql(MOVE, { personId, structureId: world.otherSchoolId }, world.admin.cookie));
    const moved = await one<{ action: string; before: unknown; after: unknown }>(hub,
      `SELECT action, before, after FROM audit_event WHERE subject_id = $1 AND action = 'person.school-changed'`, [personId]);
    expect(moved).toEqual({ action: 'person.school-changed', before: { structureId: world.schoolId }, after: { structureId: world.otherSchoolId } });
    const admitted = await signIn('marc.lambert', 'National_DIR', pasteurUai);
    expect(admitted.answer.status).toBe(302);
    expect(ok(await hub.gql<{ space: { id: string } }>(SPACE, { id: pasteurSpaceId }, admitted.cookie!)).space.id).toBe(pasteurSpaceId);
  });

  it('ends the open sessions of people of a school the home ENT no longer serves, through the outbox, and audits it', async () => {
    const teacher = await signIn('jade.girard', 'National_ENS', julesFerryUai);
    expect(teacher.answer.status).toBe(302);
    expect(ok(await hub.gql<{ me: { id: string } | null }>(`query { me { id } }`, {}, teacher.cookie!)).me).not.toBeNull();
    ok(await hub.gql(`mutation($id: ID!, $input: UpdatePartnerInput!) { updatePartner(id: $id, input: $input) { id } }`,
      { id: partner.id, input: { servedUais: [pasteurUai] } }, world.admin.cookie));
    const [job]: { job_id: string; payload: { partnerId: string; uais: string[] } }[] = await hub.dataSource.query(
      `SELECT job_id, payload FROM outbox_job WHERE name = 'home-schools-dropped' AND payload->>'partnerId' = $1`, [partner.id]);
    expect(job.payload).toEqual({ partnerId: partner.id, uais: [julesFerryUai] });
    await hub.api.app.get(HomeSchoolsDroppedHandler).handle(job.payload);
    expect((await hub.gql<{ me: { id: string } | null }>(`query { me { id } }`, {}, teacher.cookie!)).data?.me ?? null).toBeNull();
    const audit = await one<{ action: string; people: number }>(hub, `SELECT action, (details->>'people')::int AS people FROM audit_event
      WHERE partner_id = $1 AND action = 'partner.home-sessions-revoked'`, [partner.id]);
    expect(audit).toEqual({ action: 'partner.home-sessions-revoked', people: 1 });
    expect((await signIn('jade.girard', 'National_ENS', julesFerryUai)).answer.status).toBe(403);
  });

  it('refuses served schools for a PARTNER ENT and an invalid UAI, with the UAI rule\'s French reason', async () => {
    const CREATE = `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`;
    const base = { name: 'ENT du collège', kind: 'COLLEGE', protocol: 'SAML2' };
    const partnerOne = await hub.gql(CREATE, { input: { ...base, slug: `college-${randomBytes(3).toString('hex')}`, servedUais: [julesFerryUai] } },
      world.admin.cookie);
    expect(codeOf(partnerOne)).toBe('BAD_USER_INPUT');
    const wrongLetter = `${julesFerryUai.slice(0, 7)}${julesFerryUai[7] === 'A' ? 'B' : 'A'}`;
    const invalid = await hub.gql(`mutation($id: ID!, $input: UpdatePartnerInput!) { updatePartner(id: $id, input: $input) { id } }`,
      { id: partner.id, input: { servedUais: [wrongLetter] } }, world.admin.cookie);
    expect(codeOf(invalid)).toBe('BAD_USER_INPUT');
    expect(invalid.errors![0].message).toContain('La lettre clé');
  });
});
