import { startTestApi, TestApi } from '../../../test/harness';
import { ADD_MEMBERS, buildWorld, codeOf, convention, guest, one, ok, sharedSpace, SpaceWorld } from '../test/fixtures';

/**
 * Issue 12, « Membres »: an owner picks a class of their school or a guest cohort of a convention in force that hosts
 * it (`Space.memberCandidates`), never the rest of the directory; every candidate is one `addSpaceMembers` accepts.
 */
describe('classes and guest cohorts an owner may add to a space', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;
  let cm2bId: string;
  const CANDIDATES = `query($id: ID!) { space(id: $id) { memberCandidates {
    classes { id label levelLabel schoolYear alreadyMember }
    guestCohorts { conventionId conventionTitle partnerName classCode schools guestCount alreadyMember } } } }`;
  type Candidates = { space: { memberCandidates: {
    classes: { id: string; label: string; levelLabel: string; schoolYear: string; alreadyMember: boolean }[];
    guestCohorts: { conventionId: string; conventionTitle: string; partnerName: string; classCode: string | null; schools: string[]; guestCount: number;
      alreadyMember: boolean }[] } } };
  const candidatesOf = async (cookie: string) => ok(await hub.gql<Candidates>(CANDIDATES, { id: spaceId }, cookie)).space.memberCandidates;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
    const classOf = async (structureId: string, label: string, year: string) => (await one<{ id: string }>(hub,
      `INSERT INTO school_class (structure_id, level, label, school_year) VALUES ($1, 'CM2', $2, $3) RETURNING id`, [structureId, label, year])).id;
    cm2bId = await classOf(world.schoolId, 'CM2 B', '2026-2027');
    await classOf(world.schoolId, 'CM2 ancien', '2025-2026');
    await classOf(world.otherSchoolId, 'CM2 Curie', '2026-2027');
    const [{ partner_id: partnerId }] = await hub.dataSource.query('SELECT partner_id FROM convention WHERE id = $1', [world.conventionId]);
    // Not offered: a suspended convention, one past its window, one hosting another school only.
    const suspended = await convention(hub, partnerId, world.schoolId, { status: 'SUSPENDED' });
    await guest(hub, suspended, 'Zoé (6e C)', 'National_ELV', '6e C');
    const expired = await convention(hub, partnerId, world.schoolId);
    await hub.dataSource.query(`UPDATE convention SET valid_from = now() - interval '60 days', valid_until = now() - interval '1 day' WHERE id = $1`,
      [expired]);
    await guest(hub, expired, 'Luc (6e D)', 'National_ELV', '6e D');
    const elsewhere = await convention(hub, partnerId, world.otherSchoolId);
    await guest(hub, elsewhere, 'Max (6e E)', 'National_ELV', '6e E');
  });
  afterAll(() => hub?.close());

  it("offers the owner their school's classes of this year on and the cohorts of the conventions in force that host it", async () => {
    const candidates = await candidatesOf(world.teacher.cookie);
    expect(candidates.classes.map(({ label, levelLabel, schoolYear, alreadyMember }) => ({ label, levelLabel, schoolYear, alreadyMember }))).toEqual([
      { label: 'CM2 A', levelLabel: 'CM2', schoolYear: '2026-2027', alreadyMember: true },
      { label: 'CM2 B', levelLabel: 'CM2', schoolYear: '2026-2027', alreadyMember: false },
    ]);
    const cohorts = candidates.guestCohorts.map(({ conventionId, classCode, schools, guestCount, alreadyMember, partnerName }) =>
      ({ conventionId, classCode, schools, guestCount, alreadyMember, partnerName }));
    const base = { schools: ['Collège Jean Moulin'], partnerName: 'ENT du collège' };
    expect(cohorts).toHaveLength(4);
    expect(cohorts).toEqual(expect.arrayContaining([
      { ...base, conventionId: world.conventionId, classCode: null, guestCount: 2, alreadyMember: true },
      { ...base, conventionId: world.conventionId, classCode: '6e B', guestCount: 1, alreadyMember: false },
      { ...base, conventionId: world.otherConventionId, classCode: null, guestCount: 1, alreadyMember: false },
      { ...base, conventionId: world.otherConventionId, classCode: '6e A', guestCount: 1, alreadyMember: false },
    ]));
    expect(candidates.guestCohorts.every((cohort) => cohort.conventionTitle === 'Liaison CM2-6e')).toBe(true);
  });

  it('answers FORBIDDEN to members who are not owners and NOT_FOUND to everyone else (a guest of a convention not yet in the space)', async () => {
    for (const member of [world.pupil, world.guestTeacher, world.guestPupil, world.parent]) {
      expect(codeOf(await hub.gql(CANDIDATES, { id: spaceId }, member.cookie))).toBe('FORBIDDEN');
    }
    for (const outsider of [world.otherTeacher, world.otherGuest, world.admin]) {
      expect(codeOf(await hub.gql(CANDIDATES, { id: spaceId }, outsider.cookie))).toBe('NOT_FOUND');
    }
    expect(codeOf(await hub.gql(CANDIDATES, { id: spaceId }))).toBe('UNAUTHENTICATED');
  });
  it('offers only what addSpaceMembers accepts: each candidate added becomes a member', async () => {
    const before = await candidatesOf(world.teacher.cookie);
    const added = ok(await hub.gql<{ addSpaceMembers: { classes: { id: string }[]; guestCohorts: { conventionId: string; classCode: string | null }[] } }>(
      ADD_MEMBERS, { input: { spaceId,
        classIds: before.classes.filter((c) => !c.alreadyMember).map((c) => c.id),
        guestCohorts: before.guestCohorts.filter((c) => !c.alreadyMember).map((c) => ({ conventionId: c.conventionId, classCode: c.classCode })),
      } }, world.teacher.cookie)).addSpaceMembers;
    expect(added.classes.map((c) => c.id)).toContain(cm2bId);
    expect(added.guestCohorts).toHaveLength(4);
    const after = await candidatesOf(world.teacher.cookie);
    expect([...after.classes, ...after.guestCohorts].every((candidate) => candidate.alreadyMember)).toBe(true);
  });

});
