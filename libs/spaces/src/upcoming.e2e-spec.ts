import { startTestApi, TestApi } from '../../../test/harness';
import { ADD_MEMBERS, buildWorld, codeOf, CREATE_SPACE, one, ok, sharedSpace, SpaceWorld } from '../test/fixtures';

/**
 * Issue 12, the home screen's « À venir »: `Query.upcoming` gives the next homework due and the next events across
 * the caller's open spaces in one request, with the rules of each space (a class's homework to that class and to those
 * who run the space; completion counts to them only).
 */
describe('upcoming homework and events across my spaces', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;
  let foreignId: string;
  let archivedId: string;
  const UPCOMING = `query($first: Int) { upcoming(first: $first) { homework { id spaceId title dueOn doneByMe doneCount } events { id spaceId title } } }`;
  type Upcoming = { upcoming: { homework: { id: string; spaceId: string; title: string; dueOn: string; doneByMe: boolean; doneCount: number | null }[];
    events: { id: string; spaceId: string; title: string }[] } };
  const upcomingOf = async (cookie: string, first?: number) => ok(await hub.gql<Upcoming>(UPCOMING, { first }, cookie)).upcoming;

  async function homework(space: string, title: string, inDays: number, classId: string | null = null): Promise<string> {
    return (await one<{ id: string }>(hub, `INSERT INTO homework (space_id, school_class_id, author_kind, author_id, title, details_html, details_text, due_on)
      VALUES ($1, $2, 'PERSON', $3, $4, '', '', (now() AT TIME ZONE 'Europe/Paris')::date + CAST($5 AS int)) RETURNING id`,
    [space, classId, world.teacher.id, title, inDays])).id;
  }
  async function event(space: string, title: string, startsInHours: number, hoursLong = 1): Promise<void> {
    await hub.dataSource.query(`INSERT INTO space_event (space_id, author_kind, author_id, title, starts_at, ends_at)
      VALUES ($1, 'PERSON', $2, $3, now() + make_interval(hours => $4), now() + make_interval(hours => $4 + $5))`,
    [space, world.teacher.id, title, startsInHours, hoursLong]);
  }

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
    const { id: cm2bId } = await one<{ id: string }>(hub,
      `INSERT INTO school_class (structure_id, level, label, school_year) VALUES ($1, 'CM2', 'CM2 B', '2026-2027') RETURNING id`, [world.schoolId]);
    ok(await hub.gql(ADD_MEMBERS, { input: { spaceId, classIds: [cm2bId] } }, world.teacher.cookie));
    foreignId = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: { structureId: world.otherSchoolId, title: 'Ailleurs' } },
      world.otherTeacher.cookie)).createSpace.id;
    archivedId = await sharedSpace(hub, world);
    await hub.dataSource.query(`UPDATE space SET status = 'ARCHIVED', archived_at = now() WHERE id = $1`, [archivedId]);

    await homework(spaceId, 'Hier', -1);
    await homework(spaceId, 'Lire le chapitre 2', 0);
    await homework(spaceId, 'Exercices du CM2 A', 1, world.cm2aId);
    await homework(spaceId, 'Exercices du CM2 B', 2, cm2bId);
    await homework(spaceId, 'Poésie', 3);
    await homework(foreignId, 'Ailleurs', 0);
    await homework(archivedId, 'Archivé', 0);
    await event(spaceId, 'Passé', -5);
    await event(spaceId, 'En cours', -1, 3);
    await event(spaceId, 'Visite du collège', 24);
    await event(spaceId, 'Spectacle', 48);
    await event(foreignId, 'Ailleurs', 1);
    await event(archivedId, 'Archivé', 1);
  });
  afterAll(() => hub?.close());

  it("gives a pupil the whole space's homework and their class's, soonest first, and the events not over yet", async () => {
    const mine = await upcomingOf(world.pupil.cookie);
    expect(mine.homework.map((h) => h.title)).toEqual(['Lire le chapitre 2', 'Exercices du CM2 A', 'Poésie']);
    expect(mine.homework.every((h) => h.spaceId === spaceId && h.doneCount === null && !h.doneByMe)).toBe(true);
    expect(mine.events.map((e) => e.title)).toEqual(['En cours', 'Visite du collège', 'Spectacle']);

    // A tick shows at once; a guest pupil sees no homework of a home class.
    ok(await hub.gql(`mutation($id: ID!) { markHomeworkDone(id: $id, done: true) { id } }`, { id: mine.homework[1].id }, world.pupil.cookie));
    expect((await upcomingOf(world.pupil.cookie)).homework[1]).toMatchObject({ title: 'Exercices du CM2 A', doneByMe: true, doneCount: null });
    expect((await upcomingOf(world.guestPupil.cookie)).homework.map((h) => h.title)).toEqual(['Lire le chapitre 2', 'Poésie']);
  });

  it('gives those who run the space every class\'s homework with how many did it, up to `first`', async () => {
    const teacher = await upcomingOf(world.teacher.cookie, 10);
    expect(teacher.homework.map((h) => [h.title, h.doneCount])).toEqual([
      ['Lire le chapitre 2', 0], ['Exercices du CM2 A', 1], ['Exercices du CM2 B', 0], ['Poésie', 0]]);
    const two = await upcomingOf(world.teacher.cookie, 2);
    expect([two.homework.length, two.events.length]).toEqual([2, 2]);
    expect(codeOf(await hub.gql(UPCOMING, { first: 21 }, world.teacher.cookie))).toBe('BAD_USER_INPUT');
  });

  it("shows nothing of other people's spaces, and needs a session", async () => {
    const other = await upcomingOf(world.otherTeacher.cookie);
    expect(other.homework.map((h) => h.title)).toEqual(['Ailleurs']);
    expect(other.events.map((e) => e.title)).toEqual(['Ailleurs']);
    const outsider = await upcomingOf(world.otherGuest.cookie);
    expect(outsider).toEqual({ homework: [], events: [] });
    expect(codeOf(await hub.gql(UPCOMING, {}))).toBe('UNAUTHENTICATED');
  });
});
