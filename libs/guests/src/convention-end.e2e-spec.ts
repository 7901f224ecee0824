import { Role } from '@passerelle/access';
import { Clock, ConventionWindowEndHandler } from '@passerelle/conventions';
import { SessionService, SESSION_COOKIE } from '@passerelle/identity';
import { conventionInput, expectNoErrors, givenPartner, givenStructure } from '../../conventions/src/testing/given';
import { startTestApi, TestApi } from '../../../test/harness';
import { ConventionDeprovisionHandler } from './convention-deprovision.handler.js';
import { GuestClaimService } from './guest-claim.service.js';

const DAY = 86_400_000;
const ME = '{ me { id kind } }';

/**
 * The whole end of a convention, from the convention's own mutations to the guest's data: jobs run in this process
 * from the outbox (no REDIS_URL), time is the conventions' Clock, simulated.
 */
describe('the end of a convention, for its guests', () => {
  let hub: TestApi;
  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
  });
  afterAll(() => hub?.close());
  afterEach(() => jest.restoreAllMocks());

  it('refuses the guests\' sessions at their next request when the window ends, then erases their personal data after retention', async () => {
    const admin = await hub.adminSession();
    const host = await givenStructure(hub, admin.cookie);
    const partner = await givenPartner(hub, admin.cookie);
    const input = conventionInput(partner.id, [host.id], { retentionDays: 10 });
    const { createConvention } = expectNoErrors(await hub.gql<{ createConvention: { id: string; validUntil: string } }>(
      `mutation($input: CreateConventionInput!) { createConvention(input: $input) { id validUntil } }`, { input }, admin.cookie));
    const conventionId = createConvention.id;
    expectNoErrors(await hub.gql(`mutation($id: ID!) { activateConvention(id: $id) { id status } }`, { id: conventionId }, admin.cookie));
    await hub.drainOutbox(); // provisioning, in this process

    const uai = (input.partnerStructures as { uai: string }[])[0].uai;
    const claimed = await hub.api.app.get(GuestClaimService).claimGuest({
      partnerId: partner.id, issuer: 'https://ent.college.example', subject: 'eleve-42', profile: 'National_ELV', uai,
      classCode: '6e B', displayName: 'Nina R.',
    });
    const session = await hub.api.app.get(SessionService).open(
      { kind: 'GUEST', id: claimed.guestId, displayName: claimed.displayName, roles: [Role.GUEST, Role.PUPIL] }, { conventionId });
    const cookie = `${SESSION_COOKIE}=${session.id}`;
    expect((await hub.gql<{ me: { kind: string } }>(ME, {}, cookie)).data?.me).toMatchObject({ kind: 'GUEST' });

    // The window ends: the convention's job (here run by hand at the simulated instant) ends it; its jobs follow.
    const validUntil = new Date(createConvention.validUntil);
    const endedAt = new Date(validUntil.getTime() + 60_000);
    jest.spyOn(hub.api.app.get(Clock), 'now').mockReturnValue(endedAt);
    await hub.api.app.get(ConventionWindowEndHandler).handle({ conventionId, validUntil: validUntil.toISOString() });
    await hub.drainOutbox();
    expect((await hub.gql(ME, {}, cookie)).data).toEqual({ me: null });
    const [suspended] = await hub.dataSource.query('SELECT state, display_name FROM guest WHERE id = $1', [claimed.guestId]);
    expect(suspended).toEqual({ state: 'SUSPENDED', display_name: 'Nina R.' });

    // Deprovisioning is scheduled at the end + retention; when it runs (simulated clock), personal data is gone.
    const [scheduled] = await hub.dataSource.query(
      `SELECT run_at FROM outbox_job WHERE job_id = $1`, [`convention-deprovision.${conventionId}`]);
    expect(new Date(scheduled.run_at).getTime()).toBe(endedAt.getTime() + 10 * DAY);
    jest.spyOn(hub.api.app.get(Clock), 'now').mockReturnValue(new Date(endedAt.getTime() + 10 * DAY + 1000));
    await hub.api.app.get(ConventionDeprovisionHandler).handle({ conventionId });
    const [erased] = await hub.dataSource.query(
      'SELECT state, issuer, subject, display_name, uai, class_code FROM guest WHERE id = $1', [claimed.guestId]);
    expect(erased).toEqual({ state: 'DEPROVISIONED', issuer: null, subject: null, display_name: null, uai: null, class_code: null });

    const steps: { action: string }[] = await hub.dataSource.query(
      'SELECT action FROM audit_event WHERE convention_id = $1 ORDER BY occurred_at, id', [conventionId]);
    expect(steps.map((s) => s.action)).toEqual(expect.arrayContaining([
      'convention.created', 'convention.activated', 'guest-pool.provisioned', 'guest.bound', 'convention.ended', 'guest.suspended',
      'guest.deprovisioned']));
    const text = JSON.stringify(await hub.dataSource.query('SELECT before, after, details FROM audit_event WHERE convention_id = $1',
      [conventionId]));
    expect(text).not.toContain('Nina');
    expect(text).not.toContain('eleve-42');
  });
});
