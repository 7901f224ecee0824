import { Role } from '@passerelle/access';
import { DomainError } from '@passerelle/errors';
import { hashSessionId, SESSION_COOKIE, SessionService, SessionStore } from '@passerelle/identity';
import { JobHandlerRegistry } from '@passerelle/jobs';
import { validUai } from '../../../test/factories';
import { startTestApi, TestApi, unique } from '../../../test/harness';
import { conventionInput, expectNoErrors, givenPartner, givenStructure } from '../../conventions/src/testing/given';
import { ClaimedGuest, ClaimGuestCommand, GuestClaimService } from './guest-claim.service.js';
import { given } from './test-fixtures.js';

const ME = '{ me { id kind } }';
const SPACE = 'query($id: ID!) { space(id: $id) { id myRole posts { edges { node { id } } } } }';
const CREATE_POST = 'mutation($input: CreatePostInput!) { createPost(input: $input) { id } }';
const AMEND = 'mutation($id: ID!, $input: AmendConventionInput!, $reason: String!) { amendConvention(id: $id, input: $input, reason: $reason) { id version } }';

/**
 * Finding 1 of issue 11, reproduced as the review did it: an amendment that drops a collège (its UAI) or a profile
 * (quota 0) reaches the guests already bound. The API runs with Redis and no worker (the worker is down): the refusals
 * must hold at once, before any job runs; the job the amendment wrote (outbox, same transaction) is then run as the
 * worker would, and must suspend those guests, end their sessions and write one audit event each.
 */
describe('an amendment reaches the guests already bound', () => {
  let hub: TestApi;
  let admin: { cookie: string };
  let claims: GuestClaimService;
  let sessions: SessionService;
  const issuer = 'https://ent.college.example';

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_KEY_PREFIX: unique('amend') });
    admin = await hub.adminSession();
    claims = hub.api.app.get(GuestClaimService);
    sessions = hub.api.app.get(SessionService);
  });
  afterAll(() => hub?.close());

  interface World {
    conventionId: string;
    partnerId: string;
    spaceId: string;
    collegeA: string;
    collegeB: string;
    input: Record<string, unknown>;
  }

  /** A convention ACTIVE with collèges A and B (ELV 60, ENS 4), its pools, and a space of the host école with its guests. */
  async function world(): Promise<World> {
    const host = await givenStructure(hub, admin.cookie);
    const partner = await givenPartner(hub, admin.cookie);
    const collegeA = validUai();
    let collegeB = validUai();
    while (collegeB === collegeA) collegeB = validUai();
    const input = conventionInput(partner.id, [host.id], {
      partnerStructures: [{ uai: collegeA, name: 'Collège Jean Moulin' }, { uai: collegeB, name: 'Collège Victor Hugo' }],
    });
    const { createConvention } = expectNoErrors(await hub.gql<{ createConvention: { id: string } }>(
      `mutation($input: CreateConventionInput!) { createConvention(input: $input) { id } }`, { input }, admin.cookie));
    const conventionId = createConvention.id;
    expectNoErrors(await hub.gql(`mutation($id: ID!) { activateConvention(id: $id) { id } }`, { id: conventionId }, admin.cookie));
    // The worker is down: the pools are provisioned here.
    await given(hub.dataSource).pool(conventionId, 'ELV', 10);
    await given(hub.dataSource).pool(conventionId, 'ENS', 2);
    // Hub administrators do not run spaces (ADR 0019): the host école's director creates it.
    const [director] = await hub.dataSource.query(
      `INSERT INTO person (display_name, profiles, origin, structure_id) VALUES ('Directrice Test', ARRAY['National_DIR'], 'HOME', $1)
       RETURNING id`, [host.id]) as { id: string }[];
    const directorSession = await hub.personSession([Role.DIRECTOR], director.id);
    const { createSpace } = expectNoErrors(await hub.gql<{ createSpace: { id: string } }>(
      `mutation($input: CreateSpaceInput!) { createSpace(input: $input) { id } }`,
      { input: { structureId: host.id, title: unique('Défi lecture ') } }, directorSession.cookie));
    expectNoErrors(await hub.gql(`mutation($input: AddSpaceMembersInput!) { addSpaceMembers(input: $input) { id } }`,
      { input: { spaceId: createSpace.id, guestCohorts: [{ conventionId }] } }, directorSession.cookie));
    return { conventionId, partnerId: partner.id, spaceId: createSpace.id, collegeA, collegeB, input };
  }

  const identity = (w: World, uai: string, profile = 'National_ELV'): ClaimGuestCommand => ({
    partnerId: w.partnerId, issuer, subject: unique('eleve-'), profile, uai, classCode: '6e B', displayName: 'Nina R.',
  });

  /** Claims and opens a session as the federation does; returns the claim and the cookie. */
  async function signIn(command: ClaimGuestCommand): Promise<{ claimed: ClaimedGuest; cookie: string; sessionId: string }> {
    const claimed = await claims.claimGuest(command);
    const role = claimed.profile === 'National_ELV' ? Role.PUPIL : Role.TEACHER;
    const session = await sessions.open({ kind: 'GUEST', id: claimed.guestId, displayName: claimed.displayName, roles: [Role.GUEST, role] },
      { conventionId: claimed.conventionId });
    return { claimed, cookie: `${SESSION_COOKIE}=${session.id}`, sessionId: session.id };
  }

  async function refusalCode(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }

  const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.[0]?.extensions?.code ?? 'OK';

  async function amend(w: World, input: Record<string, unknown>): Promise<number> {
    return expectNoErrors(await hub.gql<{ amendConvention: { version: number } }>(AMEND, { id: w.conventionId, input, reason: 'Avenant' },
      admin.cookie)).amendConvention.version;
  }

  /** Runs the admission job the amendment wrote to the outbox, as the worker would. */
  async function runAdmissionJob(w: World, version: number): Promise<void> {
    const [job] = await hub.dataSource.query(`SELECT name, payload FROM outbox_job WHERE job_id = $1`,
      [`convention-guests-admission.${w.conventionId}.${version}`]);
    expect(job).toMatchObject({ name: 'convention-guests-admission', payload: { conventionId: w.conventionId, version } });
    await hub.api.app.get(JobHandlerRegistry).run(job.name, job.payload, { jobId: 'test', attempt: 1 });
  }

  const stateOf = async (guestId: string) => (await hub.dataSource.query(`SELECT state FROM guest WHERE id = $1`, [guestId]))[0].state;
  const stored = (sessionId: string) => hub.api.app.get(SessionStore).find(hashSessionId(sessionId));
  const auditOf = (guestId: string) => hub.dataSource.query(
    `SELECT action, actor_kind, details FROM audit_event WHERE guest_id = $1 AND action IN ('guest.suspended', 'guest.resumed', 'guest.readmitted')
     ORDER BY occurred_at, id`, [guestId]);

  async function canReadAndPost(w: World, cookie: string): Promise<[string, string, string]> {
    const read = await hub.gql(SPACE, { id: w.spaceId }, cookie);
    const post = await hub.gql(CREATE_POST, { input: { spaceId: w.spaceId, bodyHtml: 'Bonjour les CM2' } }, cookie);
    const me = await hub.gql<{ me: { kind: string } | null }>(ME, {}, cookie);
    return [codeOf(read), codeOf(post), me.data?.me?.kind ?? 'NOBODY'];
  }

  it('refuses the guests of a dropped collège at once (read, post, sign-in: the code a new pupil of that collège gets), '
    + 'then suspends them with one audit event each and ends their sessions; restoring the collège brings them back', async () => {
    const w = await world();
    const pupil = identity(w, w.collegeA);
    const first = await signIn(pupil);
    const teacher = await signIn(identity(w, w.collegeA, 'National_ENS'));
    const stays = await signIn(identity(w, w.collegeB));
    // A second session of the pupil, never used: only the revocation can end it.
    const idle = await sessions.open({ kind: 'GUEST', id: first.claimed.guestId, displayName: 'Nina R.', roles: [Role.GUEST, Role.PUPIL] });
    expect(await canReadAndPost(w, first.cookie)).toEqual(['OK', 'OK', 'GUEST']);

    // The amendment drops collège A.
    const version = await amend(w, { partnerStructures: [{ uai: w.collegeB, name: 'Collège Victor Hugo' }] });

    // Worker down: refused at once, every way in.
    expect(await canReadAndPost(w, first.cookie)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'NOBODY']);
    expect(await canReadAndPost(w, teacher.cookie)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'NOBODY']);
    const home = await hub.http.get('/').set('Cookie', first.cookie);
    expect(home.text).not.toContain('Bonjour Nina');
    expect((await hub.http.get('/auth/session').set('Cookie', teacher.cookie)).status).toBe(401);
    const newcomer = await refusalCode(claims.claimGuest(identity(w, w.collegeA)));
    expect(newcomer).toBe('STRUCTURE_NOT_COVERED');
    expect(await refusalCode(claims.claimGuest(pupil))).toBe(newcomer);
    expect(await stateOf(first.claimed.guestId)).toBe('BOUND');
    // Collège B is untouched.
    expect(await canReadAndPost(w, stays.cookie)).toEqual(['OK', 'OK', 'GUEST']);

    // The worker runs the job the amendment wrote: the guests of collège A are suspended, their sessions gone.
    await runAdmissionJob(w, version);
    expect(await stateOf(first.claimed.guestId)).toBe('SUSPENDED');
    expect(await stateOf(teacher.claimed.guestId)).toBe('SUSPENDED');
    expect(await stateOf(stays.claimed.guestId)).toBe('BOUND');
    expect(await stored(idle.id)).toBeNull();
    expect(await stored(stays.sessionId)).not.toBeNull();
    for (const guest of [first, teacher]) {
      expect(await auditOf(guest.claimed.guestId)).toEqual([
        { action: 'guest.suspended', actor_kind: 'SYSTEM', details: expect.objectContaining({ reason: 'STRUCTURE_NOT_COVERED' }) }]);
    }
    expect(await auditOf(stays.claimed.guestId)).toEqual([]);
    // The convention's administrators see why.
    const listed = expectNoErrors(await hub.gql<{ guests: { edges: { node: { id: string; state: string; suspensionReason: string | null } }[] } }>(
      `query($conventionId: ID!) { guests(conventionId: $conventionId, first: 50) { edges { node { id state suspensionReason } } } }`,
      { conventionId: w.conventionId }, admin.cookie)).guests.edges.map((edge) => edge.node);
    expect(listed.find((guest) => guest.id === first.claimed.guestId)).toEqual({ id: first.claimed.guestId, state: 'SUSPENDED', suspensionReason: 'NOT_ADMITTED' });
    expect(listed.find((guest) => guest.id === stays.claimed.guestId)).toEqual({ id: stays.claimed.guestId, state: 'BOUND', suspensionReason: null });
    // Run again (a retry): nothing more.
    await runAdmissionJob(w, version);
    expect(await auditOf(first.claimed.guestId)).toHaveLength(1);

    // Restoring collège A brings its guests back: the same guest at the next sign-in, reading and posting again.
    const restored = await amend(w, { partnerStructures: [{ uai: w.collegeA, name: 'Collège Jean Moulin' }, { uai: w.collegeB, name: 'Collège Victor Hugo' }] });
    await runAdmissionJob(w, restored);
    expect(await stateOf(first.claimed.guestId)).toBe('BOUND');
    expect((await auditOf(first.claimed.guestId)).map((e: { action: string }) => e.action)).toEqual(['guest.suspended', 'guest.resumed']);
    const again = await signIn(pupil);
    expect(again.claimed.guestId).toBe(first.claimed.guestId);
    expect(await canReadAndPost(w, again.cookie)).toEqual(['OK', 'OK', 'GUEST']);
  });

  it('refuses the guests of a profile set to quota 0 like a new person of that profile, and brings them back with the quota', async () => {
    const w = await world();
    const teacherIdentity = identity(w, w.collegeA, 'National_ENS');
    const teacher = await signIn(teacherIdentity);
    const pupil = await signIn(identity(w, w.collegeA));
    expect(await canReadAndPost(w, teacher.cookie)).toEqual(['OK', 'OK', 'GUEST']);

    const version = await amend(w, { quotas: [{ profile: 'ELV', quota: 60 }, { profile: 'ENS', quota: 0 }] });
    expect(await canReadAndPost(w, teacher.cookie)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'NOBODY']);
    const newcomer = await refusalCode(claims.claimGuest(identity(w, w.collegeA, 'National_ENS')));
    expect(newcomer).toBe('PROFILE_NOT_ALLOWED');
    expect(await refusalCode(claims.claimGuest(teacherIdentity))).toBe(newcomer);
    expect(await canReadAndPost(w, pupil.cookie)).toEqual(['OK', 'OK', 'GUEST']);

    await runAdmissionJob(w, version);
    expect(await stateOf(teacher.claimed.guestId)).toBe('SUSPENDED');
    expect(await stateOf(pupil.claimed.guestId)).toBe('BOUND');
    expect(await stored(teacher.sessionId)).toBeNull();
    expect(await auditOf(teacher.claimed.guestId)).toEqual([
      { action: 'guest.suspended', actor_kind: 'SYSTEM', details: expect.objectContaining({ reason: 'PROFILE_NOT_ALLOWED' }) }]);

    const restored = await amend(w, { quotas: [{ profile: 'ELV', quota: 60 }, { profile: 'ENS', quota: 4 }] });
    await runAdmissionJob(w, restored);
    expect(await stateOf(teacher.claimed.guestId)).toBe('BOUND');
    const again = await signIn(teacherIdentity);
    expect(again.claimed.guestId).toBe(teacher.claimed.guestId);
    expect(await canReadAndPost(w, again.cookie)).toEqual(['OK', 'OK', 'GUEST']);
  });

  it('keeps why a guest is suspended: resuming the convention does not bring back a dropped collège, '
    + 'and restoring the collège while the convention is suspended waits for the convention', async () => {
    const w = await world();
    const dropped = await signIn(identity(w, w.collegeA));
    const kept = await signIn(identity(w, w.collegeB));
    const version = await amend(w, { partnerStructures: [{ uai: w.collegeB, name: 'Collège Victor Hugo' }] });
    await runAdmissionJob(w, version);

    const run = async (name: 'convention-guests-suspend' | 'convention-guests-resume') => {
      const [job] = await hub.dataSource.query(`SELECT name, payload FROM outbox_job WHERE name = $1 AND payload->>'conventionId' = $2
        ORDER BY created_at DESC LIMIT 1`, [name, w.conventionId]);
      await hub.api.app.get(JobHandlerRegistry).run(job.name, job.payload, { jobId: 'test', attempt: 1 });
    };
    expectNoErrors(await hub.gql(`mutation($id: ID!) { suspendConvention(id: $id, reason: "Pause") { id } }`, { id: w.conventionId }, admin.cookie));
    await run('convention-guests-suspend');
    expect([await stateOf(dropped.claimed.guestId), await stateOf(kept.claimed.guestId)]).toEqual(['SUSPENDED', 'SUSPENDED']);
    expectNoErrors(await hub.gql(`mutation($id: ID!) { resumeConvention(id: $id) { id } }`, { id: w.conventionId }, admin.cookie));
    await run('convention-guests-resume');
    // The convention is back, collège A is still not covered.
    expect([await stateOf(dropped.claimed.guestId), await stateOf(kept.claimed.guestId)]).toEqual(['SUSPENDED', 'BOUND']);

    // Suspended again; collège A restored meanwhile: its guest waits for the convention.
    expectNoErrors(await hub.gql(`mutation($id: ID!) { suspendConvention(id: $id, reason: "Pause") { id } }`, { id: w.conventionId }, admin.cookie));
    await run('convention-guests-suspend');
    const restored = await amend(w, { partnerStructures: [{ uai: w.collegeA, name: 'Collège Jean Moulin' }, { uai: w.collegeB, name: 'Collège Victor Hugo' }] });
    await runAdmissionJob(w, restored);
    expect([await stateOf(dropped.claimed.guestId), await stateOf(kept.claimed.guestId)]).toEqual(['SUSPENDED', 'SUSPENDED']);
    expectNoErrors(await hub.gql(`mutation($id: ID!) { resumeConvention(id: $id) { id } }`, { id: w.conventionId }, admin.cookie));
    await run('convention-guests-resume');
    expect([await stateOf(dropped.claimed.guestId), await stateOf(kept.claimed.guestId)]).toEqual(['BOUND', 'BOUND']);
  });
});
