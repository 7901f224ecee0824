import type { FastifyReply, FastifyRequest } from 'fastify';
import { Role } from '@passerelle/access';
import { GuestClaimService } from '@passerelle/guests';
import { SIGN_IN_TITLE } from '../../../portal/src/portal-pages';
import { given } from '../../../guests/src/test-fixtures';
import { startTestApi, TestApi, unique } from '../../../../test/harness';
import { FederationSignInService } from '../federation/federation-sign-in.service.js';
import { FederationPartner } from '../federation/protocol.js';
import { SESSION_COOKIE, SessionService } from './session.service.js';

const ME = '{ me { id kind } }';

/**
 * Issue 11, finding 7: a guest's session lives only while the guest is admitted, whatever the worker does. The API runs
 * with the database session store and nothing relays jobs to a worker here: every change below is written by SQL, as a
 * suspension (or an amendment) leaves the database before its job has run.
 */
describe('a guest session lives only while the guest is admitted', () => {
  let hub: TestApi;
  let sessions: SessionService;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    sessions = hub.api.app.get(SessionService);
  });
  afterAll(() => hub?.close());
  afterEach(() => jest.restoreAllMocks());

  const rowsOf = async (guestId: string) =>
    (await hub.dataSource.query(`SELECT count(*)::int AS n FROM session WHERE principal_id = $1`, [guestId]))[0].n as number;

  async function boundGuest(): Promise<{ guestId: string; conventionId: string; cookie: string; sessionId: string }> {
    const convention = await given(hub.dataSource).convention({ quota: { ELV: 5 } });
    const guest = await given(hub.dataSource).guest({ conventionId: convention.id, state: 'BOUND', displayName: 'Nina R.' });
    const session = await sessions.open({ kind: 'GUEST', id: guest.id, displayName: 'Nina R.', roles: [Role.GUEST, Role.PUPIL] });
    const cookie = `${SESSION_COOKIE}=${session.id}`;
    expect((await hub.gql<{ me: { kind: string } }>(ME, {}, cookie)).data?.me).toMatchObject({ kind: 'GUEST' });
    return { guestId: guest.id, conventionId: convention.id, cookie, sessionId: session.id };
  }

  async function expectSignedOut(cookie: string): Promise<void> {
    expect((await hub.gql(ME, {}, cookie)).data).toEqual({ me: null });
    expect((await hub.http.get('/auth/session').set('Cookie', cookie)).status).toBe(401);
    const home = await hub.http.get('/').set('Cookie', cookie);
    expect(home.status).toBe(200);
    expect(home.text).not.toContain('Bonjour Nina');
    expect(home.text).toContain(SIGN_IN_TITLE);
    // Refused every time, not only the first.
    expect((await hub.gql(ME, {}, cookie)).data).toEqual({ me: null });
  }

  it('refuses at once the session of a guest whose convention was suspended, before the job that suspends its guests', async () => {
    const { conventionId, cookie } = await boundGuest();
    await hub.dataSource.query(`UPDATE convention SET status = 'SUSPENDED', suspended_at = now() WHERE id = $1`, [conventionId]);
    await expectSignedOut(cookie);
  });

  it('refuses at once the session of a guest SUSPENDED whose sessions the worker could not revoke', async () => {
    const { guestId, cookie } = await boundGuest();
    await hub.dataSource.query(`UPDATE guest SET state = 'SUSPENDED', suspended_at = now(), suspension_reason = 'CONVENTION' WHERE id = $1`,
      [guestId]);
    await expectSignedOut(cookie);
  });

  it('refuses at once the session of a guest whose school or profile is no longer admitted', async () => {
    const dropped = await boundGuest();
    await hub.dataSource.query(`DELETE FROM convention_partner_structure WHERE convention_id = $1`, [dropped.conventionId]);
    await expectSignedOut(dropped.cookie);
    const zero = await boundGuest();
    await hub.dataSource.query(`UPDATE convention_profile_quota SET quota = 0 WHERE convention_id = $1`, [zero.conventionId]);
    await expectSignedOut(zero.cookie);
  });

  it('keeps the session of an admitted guest', async () => {
    const { cookie, guestId } = await boundGuest();
    expect((await hub.gql<{ me: { kind: string } }>(ME, {}, cookie)).data?.me).toMatchObject({ kind: 'GUEST', id: guestId });
    expect(await rowsOf(guestId)).toBe(1);
  });

  it('closes the session of a guest suspended between its claim and the session (the claim/session race)', async () => {
    const convention = await given(hub.dataSource).convention({ quota: { ELV: 5 } });
    await given(hub.dataSource).pool(convention.id, 'ELV', 5);
    const claims = hub.api.app.get(GuestClaimService);
    const claim = claims.claimGuest.bind(claims);
    let guestId = '';
    // The suspension commits right after the claim, before the session exists: the worker's revocation finds nothing.
    jest.spyOn(claims, 'claimGuest').mockImplementation(async (command) => {
      const claimed = await claim(command);
      guestId = claimed.guestId;
      await hub.dataSource.query(`UPDATE convention SET status = 'SUSPENDED', suspended_at = now() WHERE id = $1`, [convention.id]);
      await hub.dataSource.query(`UPDATE guest SET state = 'SUSPENDED', suspended_at = now(), suspension_reason = 'CONVENTION' WHERE id = $1`,
        [claimed.guestId]);
      return claimed;
    });

    const cookiesSet: string[] = [];
    let status = 0;
    let redirectedTo: string | null = null;
    const reply = {
      setCookie: (name: string) => { cookiesSet.push(name); return reply; },
      clearCookie: () => reply,
      header: () => reply,
      headers: () => reply,
      status: (code: number) => { status = code; return reply; },
      redirect: (url: string, code: number) => { redirectedTo = url; status = code; return reply; },
      send: () => reply,
    } as unknown as FastifyReply;
    const request = { cookies: {} } as unknown as FastifyRequest;
    const partner: FederationPartner = {
      id: convention.partnerId, slug: unique('ent-'), name: 'ENT du collège', kind: 'COLLEGE', protocol: 'OIDC', trust: 'PARTNER', status: 'ACTIVE',
      attributeMapping: {} as FederationPartner['attributeMapping'],
    };
    await hub.api.app.get(FederationSignInService).completeSignIn({
      partnerId: convention.partnerId, issuer: 'https://ent.college.example', subject: unique('eleve-'), displayName: 'Nina R.',
      profile: 'National_ELV', uai: convention.uai, classCode: '6e B',
    }, partner, { returnTo: '/' } as never, request, reply);

    expect(guestId).not.toBe('');
    expect(await rowsOf(guestId)).toBe(0);
    expect(cookiesSet).not.toContain(SESSION_COOKIE);
    expect(redirectedTo).toBeNull();
    expect(status).toBe(403);
    const [event] = await hub.dataSource.query(
      `SELECT action, details FROM audit_event WHERE partner_id = $1 AND action = 'guest.claim-refused'`, [convention.partnerId]);
    expect(event).toMatchObject({ details: { reason: 'CONVENTION_NOT_ACTIVE' } });
  });
});
