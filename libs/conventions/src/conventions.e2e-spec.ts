import { Role } from '@passerelle/access';
import { GraphqlResult, startTestApi, TestApi, unique } from '../../../test/harness';
import { validUai } from '../../../test/factories';
import { Clock } from './clock.js';
import { ConventionLifecycleService } from './convention-lifecycle.service.js';
import { ConventionWindowEndHandler } from './convention-window-end.handler.js';
import { ConventionsQueries } from './conventions.queries.js';
import { conventionInput, errorOf, expectNoErrors, givenDirector, givenPartner, givenStructure } from './testing/given.js';

const CONVENTION_FIELDS = `id code title purpose partnerId status allowedTransitions version schoolYear validFrom validUntil retentionDays
  contributionFate activatedAt suspendedAt endedAt`;
const DETAILS = `${CONVENTION_FIELDS} partner { id slug } hostingStructures { id uai } partnerStructures { uai name }
  quotas { profile quota } signatories { side fullName capacity signedAt } versions { version reason snapshot createdBy { kind id } }`;
const CREATE = `mutation($input: CreateConventionInput!) { createConvention(input: $input) { ${DETAILS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateConventionInput!) { updateConvention(id: $id, input: $input) { ${DETAILS} } }`;
const CONVENTION = `query($id: ID!) { convention(id: $id) { ${DETAILS} } }`;
const CONVENTIONS = `query($filter: ConventionsFilter, $first: Int, $after: String) { conventions(filter: $filter, first: $first, after: $after) {
  edges { node { id code status } } pageInfo { hasNextPage endCursor } totalCount } }`;
const ACTIVATE = `mutation($id: ID!) { activateConvention(id: $id) { ${CONVENTION_FIELDS} } }`;
const SUSPEND = `mutation($id: ID!, $reason: String!) { suspendConvention(id: $id, reason: $reason) { ${CONVENTION_FIELDS} } }`;
const RESUME = `mutation($id: ID!) { resumeConvention(id: $id) { ${CONVENTION_FIELDS} } }`;
const TERMINATE = `mutation($id: ID!, $reason: String!) { terminateConvention(id: $id, reason: $reason) { ${CONVENTION_FIELDS} } }`;
const AMEND = `mutation($id: ID!, $input: AmendConventionInput!, $reason: String!) { amendConvention(id: $id, input: $input, reason: $reason) { ${DETAILS} } }`;
const SET_QUOTA = `mutation($conventionId: ID!, $quotas: [ProfileQuotaInput!]!, $reason: String) {
  setGuestQuota(conventionId: $conventionId, quotas: $quotas, reason: $reason) { ${DETAILS} } }`;
const ESTIMATE = `query($input: EstimateGuestQuotaInput!) { estimateGuestQuota(input: $input) {
  profiles { profile base margin total } marginPercent breakdown } }`;
const AUDIT_OF = `query($id: ID!) { convention(id: $id) { auditEvents(first: 50) { edges { node { action actor { kind id } before after details } } } } }`;
const DAY = 86_400_000;

type Conv = Record<string, any>;

describe('conventions API', () => {
  let hub: TestApi;
  let admin: { cookie: string; id: string };
  let school: { id: string; uai: string };
  let otherSchool: { id: string; uai: string };
  let partner: { id: string; slug: string };
  let director: { cookie: string; id: string };
  let foreignDirector: { cookie: string; id: string };
  let teacher: string;
  let pupil: string;

  beforeAll(async () => {
    hub = await startTestApi();
    admin = await hub.adminSession();
    school = await givenStructure(hub, admin.cookie);
    otherSchool = await givenStructure(hub, admin.cookie);
    partner = await givenPartner(hub, admin.cookie);
    director = await givenDirector(hub, school.id);
    foreignDirector = await givenDirector(hub, otherSchool.id);
    teacher = (await hub.personSession([Role.TEACHER])).cookie;
    pupil = (await hub.personSession([Role.PUPIL])).cookie;
  });
  afterAll(() => hub?.close());
  afterEach(() => jest.restoreAllMocks());

  async function create(overrides: Record<string, unknown> = {}, cookie = admin.cookie): Promise<Conv> {
    return expectNoErrors(await hub.gql<{ createConvention: Conv }>(CREATE, { input: conventionInput(partner.id, [school.id], overrides) }, cookie))
      .createConvention;
  }
  async function run(query: string, variables: Record<string, unknown>, cookie = admin.cookie): Promise<Conv> {
    const data = expectNoErrors(await hub.gql<Record<string, Conv>>(query, variables, cookie));
    return Object.values(data)[0];
  }
  const activate = (id: string) => run(ACTIVATE, { id });

  /** What a refused change must leave untouched. */
  async function footprint(id: string) {
    const [row] = await hub.dataSource.query(
      'SELECT status, version, pool_revision, updated_at, ended_at, suspended_at FROM convention WHERE id = $1', [id]);
    const [counts] = await hub.dataSource.query(`SELECT
      (SELECT count(*)::int FROM audit_event WHERE convention_id = $1) AS audit,
      (SELECT count(*)::int FROM outbox_job WHERE payload->>'conventionId' = $1::text) AS jobs,
      (SELECT count(*)::int FROM convention_version WHERE convention_id = $1) AS versions`, [id]);
    return { row, counts };
  }
  async function jobsOf(id: string): Promise<{ name: string; job_id: string; payload: Record<string, unknown>; run_at: Date }[]> {
    return hub.dataSource.query(`SELECT name, job_id, payload, run_at FROM outbox_job WHERE payload->>'conventionId' = $1::text
      ORDER BY created_at, job_id`, [id]);
  }

  describe('createConvention', () => {
    it('creates a DRAFT, version 1 with its snapshot, with every child, and audits it', async () => {
      const input = conventionInput(partner.id, [school.id], { code: undefined, title: `École Jaurès ${unique('')}` });
      const created = expectNoErrors(await hub.gql<{ createConvention: Conv }>(CREATE, { input }, admin.cookie)).createConvention;
      expect(created).toMatchObject({
        code: expect.stringMatching(/^ecolejaures[0-9a-f]{0,9}/), title: input.title, status: 'DRAFT', version: 1, allowedTransitions: ['ACTIVATE'],
        partner: { id: partner.id }, hostingStructures: [{ id: school.id, uai: school.uai }], retentionDays: 30, contributionFate: 'KEEP_PSEUDONYMIZED',
        partnerStructures: input.partnerStructures, quotas: [{ profile: 'ELV', quota: 60 }, { profile: 'ENS', quota: 4 }],
        signatories: expect.arrayContaining([expect.objectContaining({ side: 'HOST', signedAt: '2026-06-15' })]),
      });
      expect(created.versions).toHaveLength(1);
      expect(created.versions[0]).toMatchObject({ version: 1, reason: 'Création', createdBy: { kind: 'HUB_ADMIN', id: admin.id },
        snapshot: { code: created.code, title: input.title, quotas: [{ profile: 'National_ELV', quota: 60 }, { profile: 'National_ENS', quota: 4 }],
          hostingStructureIds: [school.id], retentionDays: 30 } });
      const [event] = await hub.dataSource.query('SELECT action, actor_kind, partner_id, before, after FROM audit_event WHERE convention_id = $1', [created.id]);
      expect(event).toMatchObject({ action: 'convention.created', actor_kind: 'HUB_ADMIN', partner_id: partner.id, before: null,
        after: { status: 'DRAFT', version: 1 } });
    });

    it.each([
      ['a retention of 93 days', { retentionDays: 93 }, ['input', 'retentionDays'], 'La durée de conservation doit être un nombre entier de jours entre 0 et 92.'],
      ['an invalid partner UAI', { partnerStructures: [{ uai: '0750001A' }] }, ['input', 'partnerStructures', 0, 'uai'], "La lettre clé de l'UAI 0750001A devrait être U."],
      ['a window over 400 days', { validUntil: new Date(Date.now() + 401 * DAY).toISOString() }, ['input', 'validUntil'], 'Une convention dure 400 jours au plus.'],
      ['a window that ends before it starts', { validUntil: new Date(Date.now() - 2 * DAY).toISOString() }, ['input', 'validUntil'],
        'La date de fin doit suivre la date de début.'],
      ['a quota over 100000', { quotas: [{ profile: 'ELV', quota: 100_001 }] }, ['input', 'quotas', 0, 'quota'], 'Le quota doit être un nombre entier entre 0 et 100000.'],
      ['a profile twice', { quotas: [{ profile: 'ELV', quota: 1 }, { profile: 'ELV', quota: 2 }] }, ['input', 'quotas', 1, 'profile'],
        'Le profil National_ELV figure deux fois.'],
      ['a signature date that does not exist', { signatories: [{ side: 'HOST', fullName: 'A', capacity: 'B', signedAt: '2026-02-30' }] },
        ['input', 'signatories', 0, 'signedAt'], "La date de signature doit s'écrire AAAA-MM-JJ (par exemple 2026-09-01)."],
      ['a code with capitals and spaces', { code: 'Mon Code' }, ['input', 'code'],
        'Le code doit comporter de 3 à 20 lettres minuscules ou chiffres, sans espace ni accent.'],
    ])('refuses %s, naming the field, and writes nothing', async (_what, override, field, message) => {
      const title = unique('Refus ');
      const result = await hub.gql(CREATE, { input: conventionInput(partner.id, [school.id], { title, ...override }) }, admin.cookie);
      expect(errorOf(result)).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
      expect((await hub.dataSource.query('SELECT count(*)::int AS n FROM convention WHERE title = $1', [title]))[0].n).toBe(0);
    });

    it('refuses an unknown partner or hosting structure (NOT_FOUND) and a code already taken', async () => {
      expect(errorOf(await hub.gql(CREATE, { input: conventionInput('00000000-0000-4000-8000-000000000000', [school.id]) }, admin.cookie))
        .extensions?.code).toBe('NOT_FOUND');
      expect(errorOf(await hub.gql(CREATE, { input: conventionInput(partner.id, ['00000000-0000-4000-8000-000000000000']) }, admin.cookie)))
        .toMatchObject({ extensions: { code: 'NOT_FOUND', field: ['input', 'hostingStructureIds'] } });
      const first = await create();
      expect(errorOf(await hub.gql(CREATE, { input: conventionInput(partner.id, [school.id], { code: first.code }) }, admin.cookie)))
        .toMatchObject({ extensions: { code: 'CONVENTION_CODE_TAKEN', field: ['input', 'code'] } });
    });

    it('gives a free code when the title code is taken', async () => {
      const title = `Doublon ${unique('')}`;
      const a = await create({ title, code: null });
      const b = await create({ title, code: null });
      expect(a.code).not.toBe(b.code);
      expect(b.code).toMatch(/^[a-z0-9]{3,20}$/);
    });
  });

  describe('updateConvention', () => {
    it('edits a DRAFT in place: still version 1, whose snapshot follows the edit', async () => {
      const draft = await create();
      const updated = await run(UPDATE, { id: draft.id, input: { title: 'Titre corrigé', quotas: [{ profile: 'ELV', quota: 50 }] } });
      expect(updated).toMatchObject({ title: 'Titre corrigé', version: 1, quotas: [{ profile: 'ELV', quota: 50 }] });
      expect(updated.versions).toHaveLength(1);
      expect(updated.versions[0].snapshot).toMatchObject({ title: 'Titre corrigé', quotas: [{ profile: 'National_ELV', quota: 50 }] });
    });

    it('refuses to edit an agreed convention (CONVENTION_NOT_EDITABLE) and writes nothing', async () => {
      const convention = await create();
      await activate(convention.id);
      const before = await footprint(convention.id);
      expect(errorOf(await hub.gql(UPDATE, { id: convention.id, input: { title: 'Non' } }, admin.cookie)).extensions?.code).toBe('CONVENTION_NOT_EDITABLE');
      expect(await footprint(convention.id)).toEqual(before);
    });
  });

  describe('activateConvention', () => {
    it('activates without a new version, writes the provisioning job of every profile and the window-end job, and audits it', async () => {
      const convention = await create();
      const active = await activate(convention.id);
      expect(active).toMatchObject({ status: 'ACTIVE', version: 1, activatedAt: expect.any(String), allowedTransitions: ['SUSPEND', 'END'] });
      const jobs = await jobsOf(convention.id);
      const validUntil = new Date(convention.validUntil);
      expect(jobs.map((job) => [job.name, job.job_id])).toEqual(expect.arrayContaining([
        ['guest-pool-provision', `guest-pool-provision.${convention.id}.National_ELV.1`],
        ['guest-pool-provision', `guest-pool-provision.${convention.id}.National_ENS.1`],
        ['convention-window-end', `convention-window-end.${convention.id}.${validUntil.getTime()}`],
      ]));
      expect(jobs).toHaveLength(3);
      expect(jobs.find((job) => job.name === 'guest-pool-provision')!.payload).toEqual({ conventionId: convention.id, profile: 'National_ELV', revision: 1 });
      const windowEnd = jobs.find((job) => job.name === 'convention-window-end')!;
      expect(new Date(windowEnd.run_at).getTime()).toBe(validUntil.getTime());
      expect(windowEnd.payload).toEqual({ conventionId: convention.id, validUntil: validUntil.toISOString() });
      const [event] = await hub.dataSource.query(`SELECT actor_kind, before->>'status' AS before, after->>'status' AS after
        FROM audit_event WHERE convention_id = $1 AND action = 'convention.activated'`, [convention.id]);
      expect(event).toEqual({ actor_kind: 'HUB_ADMIN', before: 'DRAFT', after: 'ACTIVE' });
      expect((await hub.dataSource.query('SELECT count(*)::int AS n FROM convention_version WHERE convention_id = $1', [convention.id]))[0].n).toBe(1);
    });

    it('refuses an incomplete convention (CONVENTION_NOT_READY) saying what is missing, and writes nothing', async () => {
      const convention = await create({
        partnerStructures: [], quotas: [{ profile: 'ELV', quota: 0 }],
        signatories: [{ side: 'HOST', fullName: 'Claire Dupont', capacity: 'Directrice', signedAt: null }],
      });
      const before = await footprint(convention.id);
      const error = errorOf(await hub.gql(ACTIVATE, { id: convention.id }, admin.cookie));
      expect(error).toMatchObject({ extensions: { code: 'CONVENTION_NOT_READY' } });
      expect(error.message).toBe('La convention ne peut pas être activée : aucun établissement partenaire (UAI) ; aucun profil admis avec un quota ; '
        + "aucune signature côté établissement d'accueil ; aucune signature côté partenaire.");
      expect(await footprint(convention.id)).toEqual(before);
    });

    it('refuses a convention whose window is over or whose partner is disabled', async () => {
      const convention = await create();
      jest.spyOn(hub.api.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 201 * DAY));
      expect(errorOf(await hub.gql(ACTIVATE, { id: convention.id }, admin.cookie)).message).toContain('la période de validité est déjà passée');
      jest.restoreAllMocks();
      const disabled = await givenPartner(hub, admin.cookie, { status: 'DISABLED' });
      const other = expectNoErrors(await hub.gql<{ createConvention: Conv }>(CREATE, { input: conventionInput(disabled.id, [school.id]) }, admin.cookie))
        .createConvention;
      expect(errorOf(await hub.gql(ACTIVATE, { id: other.id }, admin.cookie)).message).toContain("l'ENT partenaire est désactivé");
    });
  });

  describe('status moves', () => {
    it('suspends, resumes and terminates, each with its jobs and audit event', async () => {
      const convention = await create({ retentionDays: 10 });
      await activate(convention.id);
      const suspended = await run(SUSPEND, { id: convention.id, reason: 'Incident de sécurité chez le partenaire' });
      expect(suspended).toMatchObject({ status: 'SUSPENDED', suspendedAt: expect.any(String), allowedTransitions: ['RESUME', 'END'] });
      const resumed = await run(RESUME, { id: convention.id });
      expect(resumed).toMatchObject({ status: 'ACTIVE', suspendedAt: null });
      const ended = await run(TERMINATE, { id: convention.id, reason: 'Fin du projet' });
      expect(ended).toMatchObject({ status: 'ENDED', endedAt: expect.any(String), allowedTransitions: [] });
      const jobs = await jobsOf(convention.id);
      expect(jobs.map((job) => job.job_id)).toEqual(expect.arrayContaining([
        `convention-guests-suspend.${convention.id}.2`,
        `convention-guests-resume.${convention.id}.3`, `guest-pool-provision.${convention.id}.National_ELV.3`,
        `convention-guests-suspend.${convention.id}.4`, `convention-deprovision.${convention.id}`,
      ]));
      const deprovision = jobs.find((job) => job.name === 'convention-deprovision')!;
      expect(new Date(deprovision.run_at).getTime()).toBe(new Date(ended.endedAt).getTime() + 10 * DAY);
      const events = await hub.dataSource.query(`SELECT action, details->>'reason' AS reason, after->>'status' AS status FROM audit_event
        WHERE convention_id = $1 ORDER BY occurred_at`, [convention.id]);
      expect(events).toEqual([
        { action: 'convention.created', reason: null, status: 'DRAFT' },
        { action: 'convention.activated', reason: null, status: 'ACTIVE' },
        { action: 'convention.suspended', reason: 'Incident de sécurité chez le partenaire', status: 'SUSPENDED' },
        { action: 'convention.resumed', reason: null, status: 'ACTIVE' },
        { action: 'convention.ended', reason: 'Fin du projet', status: 'ENDED' },
      ]);
    });

    it('refuses every illegal move with ILLEGAL_TRANSITION naming both states, and writes nothing', async () => {
      const draft = await create();
      const suspended = await create();
      await activate(suspended.id);
      await run(SUSPEND, { id: suspended.id, reason: 'Pause' });
      const ended = await create();
      await activate(ended.id);
      await run(TERMINATE, { id: ended.id, reason: 'Fin' });
      const active = await create();
      await activate(active.id);
      const cases: [Conv, string, Record<string, unknown>, string][] = [
        [draft, SUSPEND, { reason: 'x' }, 'Une convention brouillon ne peut pas devenir suspendue.'],
        [draft, RESUME, {}, 'Une convention brouillon ne peut pas devenir active.'],
        [draft, TERMINATE, { reason: 'x' }, 'Une convention brouillon ne peut pas devenir terminée.'],
        [active, ACTIVATE, {}, 'Une convention active ne peut pas devenir active.'],
        [active, RESUME, {}, 'Une convention active ne peut pas devenir active.'],
        [suspended, SUSPEND, { reason: 'x' }, 'Une convention suspendue ne peut pas devenir suspendue.'],
        [suspended, ACTIVATE, {}, 'Une convention suspendue ne peut pas devenir active.'],
        [ended, ACTIVATE, {}, 'Une convention terminée ne peut pas devenir active.'],
        [ended, SUSPEND, { reason: 'x' }, 'Une convention terminée ne peut pas devenir suspendue.'],
        [ended, RESUME, {}, 'Une convention terminée ne peut pas devenir active.'],
        [ended, TERMINATE, { reason: 'x' }, 'Une convention terminée ne peut pas devenir terminée.'],
        [draft, AMEND, { input: { title: 'x' }, reason: 'x' }, "Une convention brouillon ne peut pas être amendée : seule une convention active ou suspendue peut l'être."],
        [ended, AMEND, { input: { title: 'x' }, reason: 'x' }, "Une convention terminée ne peut pas être amendée : seule une convention active ou suspendue peut l'être."],
      ];
      for (const [convention, mutation, variables, message] of cases) {
        const before = await footprint(convention.id);
        const result = await hub.gql(mutation, { id: convention.id, ...variables }, admin.cookie);
        expect(errorOf(result)).toMatchObject({ message, extensions: { code: 'ILLEGAL_TRANSITION' } });
        expect(await footprint(convention.id)).toEqual(before);
      }
    });

    it('requires a reason to suspend or terminate', async () => {
      const convention = await create();
      await activate(convention.id);
      expect(errorOf(await hub.gql(SUSPEND, { id: convention.id, reason: '' }, admin.cookie)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['reason'] });
    });
  });

  describe('amendConvention', () => {
    it('creates version 2 and keeps version 1, re-provisions every profile (a removed one at 0), and schedules the new window end', async () => {
      const convention = await create();
      await activate(convention.id);
      const newEnd = new Date(Date.now() + 300 * DAY);
      const amended = await run(AMEND, { id: convention.id, reason: 'Deux classes de plus',
        input: { quotas: [{ profile: 'ELV', quota: 80 }], validUntil: newEnd.toISOString() } });
      expect(amended).toMatchObject({ status: 'ACTIVE', version: 2, quotas: [{ profile: 'ELV', quota: 80 }, { profile: 'ENS', quota: 0 }] });
      expect(amended.versions.map((v: Conv) => [v.version, v.reason, v.snapshot.quotas])).toEqual([
        [1, 'Création', [{ profile: 'National_ELV', quota: 60 }, { profile: 'National_ENS', quota: 4 }]],
        [2, 'Deux classes de plus', [{ profile: 'National_ELV', quota: 80 }, { profile: 'National_ENS', quota: 0 }]],
      ]);
      expect(amended.versions[1].snapshot.validUntil).toBe(newEnd.toISOString());
      expect(amended.versions[0].snapshot.validUntil).toBe(new Date(convention.validUntil).toISOString());
      const jobIds = (await jobsOf(convention.id)).map((job) => job.job_id);
      expect(jobIds).toEqual(expect.arrayContaining([
        `guest-pool-provision.${convention.id}.National_ELV.2`, `guest-pool-provision.${convention.id}.National_ENS.2`,
        `convention-window-end.${convention.id}.${newEnd.getTime()}`,
      ]));
      const [event] = await hub.dataSource.query(`SELECT before, after, details FROM audit_event WHERE convention_id = $1 AND action = 'convention.amended'`,
        [convention.id]);
      expect(event.before).toMatchObject({ version: 1, quotas: [{ profile: 'National_ELV', quota: 60 }, { profile: 'National_ENS', quota: 4 }] });
      expect(event.after).toMatchObject({ version: 2, quotas: [{ profile: 'National_ELV', quota: 80 }, { profile: 'National_ENS', quota: 0 }] });
      expect(event.details).toMatchObject({ reason: 'Deux classes de plus', quotasChanged: true, windowChanged: true });
    });

    it('amends a SUSPENDED convention without provisioning (resume does it)', async () => {
      const convention = await create();
      await activate(convention.id);
      await run(SUSPEND, { id: convention.id, reason: 'Pause' });
      const amended = await run(AMEND, { id: convention.id, reason: 'Titre', input: { title: 'Nouveau titre', quotas: [{ profile: 'ELV', quota: 70 }] } });
      expect(amended).toMatchObject({ status: 'SUSPENDED', version: 2, title: 'Nouveau titre' });
      const provisioning = (await jobsOf(convention.id)).filter((job) => job.name === 'guest-pool-provision').map((job) => job.job_id);
      expect(provisioning).toEqual([`guest-pool-provision.${convention.id}.National_ELV.1`, `guest-pool-provision.${convention.id}.National_ENS.1`]);
    });
  });

  describe('quotas', () => {
    it('estimates the guests needed per profile with the breakdown', async () => {
      const estimate = await run(ESTIMATE, { input: { partnerClasses: [{ level: 'SIXIEME', label: '6e A', pupils: 26 },
        { level: 'SIXIEME', label: '6e B', pupils: 24 }], teachers: 3, margin: 10 } }, director.cookie);
      expect(estimate).toEqual({
        profiles: [{ profile: 'ELV', base: 50, margin: 5, total: 55 }, { profile: 'ENS', base: 3, margin: 1, total: 4 }],
        marginPercent: 10, breakdown: ['6e A : 26 élèves', '6e B : 24 élèves', 'Enseignants : 3', 'Marge de 10 % : +5 élèves, +1 enseignants'],
      });
      expect(errorOf(await hub.gql(ESTIMATE, { input: { partnerClasses: [], teachers: 1, margin: 60 } }, admin.cookie)).extensions)
        .toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'margin'] });
    });

    it('setGuestQuota on a DRAFT just stores the quotas (version 1, no job)', async () => {
      const draft = await create();
      const updated = await run(SET_QUOTA, { conventionId: draft.id, quotas: [{ profile: 'ELV', quota: 55 }, { profile: 'DOC', quota: 1 }] });
      expect(updated).toMatchObject({ version: 1, quotas: [{ profile: 'DOC', quota: 1 }, { profile: 'ELV', quota: 55 }, { profile: 'ENS', quota: 4 }] });
      expect(updated.versions[0].snapshot.quotas).toEqual([{ profile: 'National_DOC', quota: 1 }, { profile: 'National_ELV', quota: 55 },
        { profile: 'National_ENS', quota: 4 }]);
      expect(await jobsOf(draft.id)).toEqual([]);
    });

    it('setGuestQuota on an ACTIVE convention makes a new version and re-provisions every profile', async () => {
      const convention = await create();
      await activate(convention.id);
      const updated = await run(SET_QUOTA, { conventionId: convention.id, quotas: [{ profile: 'ENS', quota: 6 }], reason: 'Un enseignant de plus' });
      expect(updated).toMatchObject({ version: 2, quotas: [{ profile: 'ELV', quota: 60 }, { profile: 'ENS', quota: 6 }] });
      expect(updated.versions.map((v: Conv) => v.reason)).toEqual(['Création', 'Un enseignant de plus']);
      expect((await jobsOf(convention.id)).map((job) => job.job_id)).toEqual(expect.arrayContaining([
        `guest-pool-provision.${convention.id}.National_ELV.2`, `guest-pool-provision.${convention.id}.National_ENS.2`]));
    });
  });

  describe('end of the validity window', () => {
    it('ends the convention when the (simulated) clock passes valid_until, as SYSTEM, with its jobs and audit event', async () => {
      const convention = await create({ retentionDays: 5 });
      await activate(convention.id);
      const validUntil = new Date(convention.validUntil);
      const at = new Date(validUntil.getTime() + 60_000);
      jest.spyOn(hub.api.app.get(Clock), 'now').mockReturnValue(at);
      await hub.api.app.get(ConventionWindowEndHandler).handle({ conventionId: convention.id, validUntil: validUntil.toISOString() });
      const [row] = await hub.dataSource.query('SELECT status, ended_at FROM convention WHERE id = $1', [convention.id]);
      expect(row).toEqual({ status: 'ENDED', ended_at: at });
      const [event] = await hub.dataSource.query(`SELECT actor_kind, actor_id, details FROM audit_event WHERE convention_id = $1 AND action = 'convention.ended'`,
        [convention.id]);
      expect(event).toMatchObject({ actor_kind: 'SYSTEM', actor_id: null, details: { cause: 'WINDOW_END', reason: 'Fin de la période de validité' } });
      const deprovision = (await jobsOf(convention.id)).find((job) => job.name === 'convention-deprovision')!;
      expect(new Date(deprovision.run_at).getTime()).toBe(at.getTime() + 5 * DAY);
      // Idempotent: a second run changes nothing.
      const before = await footprint(convention.id);
      await hub.api.app.get(ConventionWindowEndHandler).handle({ conventionId: convention.id, validUntil: validUntil.toISOString() });
      expect(await footprint(convention.id)).toEqual(before);
    });

    it('leaves a convention whose window an amendment pushed back, and ends a SUSPENDED one at its end', async () => {
      const convention = await create();
      await activate(convention.id);
      const oldEnd = new Date(convention.validUntil);
      await run(AMEND, { id: convention.id, reason: 'Prolongation', input: { validUntil: new Date(oldEnd.getTime() + 30 * DAY).toISOString() } });
      jest.spyOn(hub.api.app.get(Clock), 'now').mockReturnValue(new Date(oldEnd.getTime() + DAY));
      const lifecycle = hub.api.app.get(ConventionLifecycleService);
      expect(await lifecycle.endAtWindow(convention.id, oldEnd.toISOString())).toBe('WINDOW_MOVED');
      expect((await hub.dataSource.query('SELECT status FROM convention WHERE id = $1', [convention.id]))[0].status).toBe('ACTIVE');
      jest.restoreAllMocks();
      await run(SUSPEND, { id: convention.id, reason: 'Pause' });
      jest.spyOn(hub.api.app.get(Clock), 'now').mockReturnValue(new Date(oldEnd.getTime() + 31 * DAY));
      expect(await lifecycle.endAtWindow(convention.id, new Date(oldEnd.getTime() + 30 * DAY).toISOString())).toBe('ENDED');
    });
  });

  describe('admission (ConventionsQueries.findAdmittingConvention)', () => {
    it('admits through the active convention, and refuses with the codes in their order', async () => {
      const partnerOfTest = await givenPartner(hub, admin.cookie);
      const queries = hub.api.app.get(ConventionsQueries);
      const ask = async (uai: string, profile: string, at = new Date()) => {
        try {
          return await queries.findAdmittingConvention(hub.dataSource.manager, { partnerId: partnerOfTest.id, uai, profile, at });
        } catch (error) {
          return (error as { code: string }).code;
        }
      };
      const uai = validUai();
      expect(await ask(uai, 'National_ELV')).toBe('NO_CONVENTION');
      const convention = expectNoErrors(await hub.gql<{ createConvention: Conv }>(CREATE, { input: conventionInput(partnerOfTest.id, [school.id],
        { partnerStructures: [{ uai }], quotas: [{ profile: 'ELV', quota: 30 }, { profile: 'ENS', quota: 0 }] }) }, admin.cookie)).createConvention;
      expect(await ask(validUai(), 'National_ELV')).toBe('STRUCTURE_NOT_COVERED');
      expect(await ask(uai, 'National_ENS')).toBe('PROFILE_NOT_ALLOWED');
      expect(await ask(uai, 'National_TUT')).toBe('PROFILE_NOT_ALLOWED');
      expect(await ask(uai, 'National_ELV')).toBe('CONVENTION_NOT_ACTIVE');
      await activate(convention.id);
      expect(await ask(uai.toLowerCase(), 'national_elv')).toEqual({
        convention: { id: convention.id, code: convention.code, version: 1, status: 'ACTIVE',
          validFrom: new Date(convention.validFrom), validUntil: new Date(convention.validUntil) },
        profile: 'National_ELV', quota: 30,
      });
      expect(await ask(uai, 'National_ELV', new Date(Date.now() + 201 * DAY))).toBe('CONVENTION_NOT_ACTIVE');
      const locked = await hub.dataSource.transaction((manager) =>
        queries.findAdmittingConvention(manager, { partnerId: partnerOfTest.id, uai, profile: 'National_ELV', at: new Date(), lock: true }));
      expect(locked.convention.id).toBe(convention.id);
    });
  });

  describe('reading', () => {
    it('lists conventions with filters and pages, and reads one with its audit trail', async () => {
      const convention = await create();
      await activate(convention.id);
      const list = await run(CONVENTIONS, { filter: { status: 'ACTIVE', partnerId: partner.id, hostingStructureId: school.id }, first: 100 });
      expect(list.edges.map((edge: Conv) => edge.node.id)).toContain(convention.id);
      expect(list.edges.every((edge: Conv) => edge.node.status === 'ACTIVE')).toBe(true);
      const audit = await run(AUDIT_OF, { id: convention.id });
      expect(audit.auditEvents.edges.map((edge: Conv) => edge.node.action)).toEqual(['convention.created', 'convention.activated']);
      expect(errorOf(await hub.gql(CONVENTION, { id: '00000000-0000-4000-8000-000000000000' }, admin.cookie)).extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('access', () => {
    it('lets the director of a hosting structure create, read, activate, amend and see the audit trail of its conventions', async () => {
      const mine = await create({}, director.cookie);
      expect(mine.status).toBe('DRAFT');
      expect((await run(CONVENTION, { id: mine.id }, director.cookie)).id).toBe(mine.id);
      expect((await run(ACTIVATE, { id: mine.id }, director.cookie)).status).toBe('ACTIVE');
      expect((await run(AMEND, { id: mine.id, reason: 'x', input: { title: 'Amendée' } }, director.cookie)).version).toBe(2);
      const audit = await run(AUDIT_OF, { id: mine.id }, director.cookie);
      expect(audit.auditEvents.edges[0].node.actor).toEqual({ kind: 'PERSON', id: director.id });
      const list = await run(CONVENTIONS, { first: 100 }, director.cookie);
      expect(list.edges.map((edge: Conv) => edge.node.id)).toContain(mine.id);
    });

    it('hides a convention of another school from a director (NOT_FOUND), and refuses to host it elsewhere (FORBIDDEN)', async () => {
      const theirs = await create();
      for (const [query, variables] of [
        [CONVENTION, {}], [ACTIVATE, {}], [SUSPEND, { reason: 'x' }], [RESUME, {}], [TERMINATE, { reason: 'x' }],
        [UPDATE, { input: { title: 'x' } }], [AMEND, { input: { title: 'x' }, reason: 'x' }],
      ] as [string, Record<string, unknown>][]) {
        const before = await footprint(theirs.id);
        expect(errorOf(await hub.gql(query, { id: theirs.id, ...variables }, foreignDirector.cookie)).extensions?.code).toBe('NOT_FOUND');
        expect(await footprint(theirs.id)).toEqual(before);
      }
      expect(errorOf(await hub.gql(SET_QUOTA, { conventionId: theirs.id, quotas: [{ profile: 'ELV', quota: 1 }] }, foreignDirector.cookie))
        .extensions?.code).toBe('NOT_FOUND');
      const list = await run(CONVENTIONS, { first: 100 }, foreignDirector.cookie);
      expect(list.edges.map((edge: Conv) => edge.node.id)).not.toContain(theirs.id);
      const result = await hub.gql(CREATE, { input: conventionInput(partner.id, [school.id]) }, foreignDirector.cookie);
      expect(errorOf(result).extensions?.code).toBe('FORBIDDEN');
      const lonely = await givenDirector(hub, null);
      expect(errorOf(await hub.gql(CREATE, { input: conventionInput(partner.id, [school.id]) }, lonely.cookie)).extensions?.code).toBe('FORBIDDEN');
    });

    const operations: [string, string, () => Record<string, unknown>][] = [
      ['conventions', CONVENTIONS, () => ({})],
      ['convention', CONVENTION, () => ({ id: '00000000-0000-4000-8000-000000000000' })],
      ['createConvention', CREATE, () => ({ input: conventionInput('00000000-0000-4000-8000-000000000000', []) })],
      ['updateConvention', UPDATE, () => ({ id: '00000000-0000-4000-8000-000000000000', input: { title: 'x' } })],
      ['activateConvention', ACTIVATE, () => ({ id: '00000000-0000-4000-8000-000000000000' })],
      ['suspendConvention', SUSPEND, () => ({ id: '00000000-0000-4000-8000-000000000000', reason: 'x' })],
      ['resumeConvention', RESUME, () => ({ id: '00000000-0000-4000-8000-000000000000' })],
      ['terminateConvention', TERMINATE, () => ({ id: '00000000-0000-4000-8000-000000000000', reason: 'x' })],
      ['amendConvention', AMEND, () => ({ id: '00000000-0000-4000-8000-000000000000', input: {}, reason: 'x' })],
      ['setGuestQuota', SET_QUOTA, () => ({ conventionId: '00000000-0000-4000-8000-000000000000', quotas: [{ profile: 'ELV', quota: 1 }] })],
      ['estimateGuestQuota', ESTIMATE, () => ({ input: { partnerClasses: [], teachers: 1, margin: 0 } })],
    ];

    it.each(operations)('%s: teacher and pupil FORBIDDEN, anonymous UNAUTHENTICATED', async (_name, query, variables) => {
      for (const cookie of [teacher, pupil]) expect(errorOf(await hub.gql(query, variables(), cookie)).extensions?.code).toBe('FORBIDDEN');
      expect(errorOf(await hub.gql(query, variables())).extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
});
