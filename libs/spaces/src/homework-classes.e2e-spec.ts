import { Role } from '@passerelle/access';
import { startTestApi, TestApi } from '../../../test/harness';
import { ADD_MEMBERS, buildWorld, codeOf, ok, one, person, Session, sharedSpace, SpaceWorld } from '../test/fixtures';

const CREATE_HOMEWORK = `mutation($input: CreateHomeworkInput!) { createHomework(input: $input) { id schoolClassId } }`;
const MARK_DONE = `mutation($id: ID!, $done: Boolean!) { markHomeworkDone(id: $id, done: $done) { id doneByMe } }`;
const HOMEWORK = `query($id: ID!) { space(id: $id) { homework(first: 50) { totalCount edges { node { id } } } } }`;

type HomeworkList = { space: { homework: { totalCount: number; edges: { node: { id: string } }[] } } };

/** Homework for one class of a space: only that class's pupils (and those who run the space) see it and mark it done. */
describe('homework for one class', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;
  let cm2bId: string;
  let cm2bPupil: Session;
  let forCm2a: string;
  let forAll: string;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
    cm2bId = (await one<{ id: string }>(hub, `INSERT INTO school_class (structure_id, level, label, school_year)
      VALUES ($1, 'CM2', 'CM2 B', '2026-2027') RETURNING id`, [world.schoolId])).id;
    cm2bPupil = await person(hub, 'Zoé M.', ['National_ELV'], world.schoolId, [Role.PUPIL]);
    await hub.dataSource.query(`INSERT INTO class_membership (school_class_id, person_id) VALUES ($1, $2)`, [cm2bId, cm2bPupil.id]);
    ok(await hub.gql(ADD_MEMBERS, { input: { spaceId, classIds: [cm2bId] } }, world.teacher.cookie));
    forCm2a = ok(await hub.gql<{ createHomework: { id: string } }>(CREATE_HOMEWORK, { input: {
      spaceId, title: 'Exposé CM2 A', dueOn: '2026-12-11', schoolClassId: world.cm2aId } }, world.teacher.cookie)).createHomework.id;
    forAll = ok(await hub.gql<{ createHomework: { id: string } }>(CREATE_HOMEWORK, { input: {
      spaceId, title: 'Lecture pour tous', dueOn: '2026-12-12' } }, world.teacher.cookie)).createHomework.id;
  });
  afterAll(() => hub?.close());

  const listed = async (cookie: string) => {
    const homework = ok(await hub.gql<HomeworkList>(HOMEWORK, { id: spaceId }, cookie)).space.homework;
    return { ids: homework.edges.map((edge) => edge.node.id).sort(), total: homework.totalCount };
  };

  it('lists a class\'s homework to its pupils and to the teachers, not to pupils of another class, guests or parents', async () => {
    for (const who of [world.pupil, world.teacher, world.guestTeacher, world.director]) {
      expect(await listed(who.cookie)).toEqual({ ids: [forCm2a, forAll].sort(), total: 2 });
    }
    for (const who of [cm2bPupil, world.guestPupil, world.parent]) {
      expect(await listed(who.cookie)).toEqual({ ids: [forAll], total: 1 });
    }
  });

  it('lets only the class\'s pupils mark it done; a pupil of another class gets NOT_FOUND, as for a missing homework', async () => {
    expect(ok(await hub.gql<{ markHomeworkDone: { doneByMe: boolean } }>(MARK_DONE, { id: forCm2a, done: true }, world.pupil.cookie))
      .markHomeworkDone.doneByMe).toBe(true);
    const refused = await hub.gql(MARK_DONE, { id: forCm2a, done: true }, cm2bPupil.cookie);
    const missing = await hub.gql(MARK_DONE, { id: '00000000-0000-4000-8000-000000000000', done: true }, cm2bPupil.cookie);
    expect(codeOf(refused)).toBe('NOT_FOUND');
    expect(refused.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    expect(codeOf(await hub.gql(MARK_DONE, { id: forCm2a, done: true }, world.guestPupil.cookie))).toBe('NOT_FOUND');
    expect(ok(await hub.gql<{ markHomeworkDone: { doneByMe: boolean } }>(MARK_DONE, { id: forAll, done: true }, cm2bPupil.cookie))
      .markHomeworkDone.doneByMe).toBe(true);
  });

  it('removes a class\'s homework with the class: it never becomes homework of the whole space', async () => {
    const classId = (await one<{ id: string }>(hub, `INSERT INTO school_class (structure_id, level, label, school_year)
      VALUES ($1, 'CM2', 'CM2 C', '2026-2027') RETURNING id`, [world.schoolId])).id;
    ok(await hub.gql(ADD_MEMBERS, { input: { spaceId, classIds: [classId] } }, world.teacher.cookie));
    const forCm2c = ok(await hub.gql<{ createHomework: { id: string } }>(CREATE_HOMEWORK, { input: {
      spaceId, title: 'Exposé CM2 C', dueOn: '2026-12-13', schoolClassId: classId } }, world.teacher.cookie)).createHomework.id;
    await hub.dataSource.query(`DELETE FROM school_class WHERE id = $1`, [classId]);
    expect(await hub.dataSource.query(`SELECT 1 FROM homework WHERE id = $1`, [forCm2c])).toEqual([]);
    expect((await listed(world.guestPupil.cookie)).ids).toEqual([forAll]);
  });

  it('refuses a class that is not a member of the space', async () => {
    const outside = (await one<{ id: string }>(hub, `INSERT INTO school_class (structure_id, level, label, school_year)
      VALUES ($1, 'CM1', 'CM1', '2026-2027') RETURNING id`, [world.schoolId])).id;
    const result = await hub.gql(CREATE_HOMEWORK, { input: { spaceId, title: 'Hors espace', dueOn: '2026-12-11', schoolClassId: outside } },
      world.teacher.cookie);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toBe("Cette classe n'est pas membre de l'espace.");
  });

  it('tells only the class\'s pupils (and the other teachers) of a homework for that class', async () => {
    await hub.drainOutbox();
    const told: { recipient_id: string }[] = await hub.dataSource.query(
      `SELECT recipient_id FROM notification WHERE dedupe_key = $1`, [`HOMEWORK_CREATED.${forCm2a}`]);
    const ids = told.map((row) => row.recipient_id);
    expect(ids).toEqual(expect.arrayContaining([world.pupil.id, world.pupil2.id, world.guestTeacher.id]));
    for (const left of [cm2bPupil.id, world.guestPupil.id, world.parent.id, world.teacher.id]) expect(ids).not.toContain(left);
    const all: { n: number }[] = await hub.dataSource.query(
      `SELECT count(*)::int AS n FROM notification WHERE dedupe_key = $1 AND recipient_id = $2`, [`HOMEWORK_CREATED.${forAll}`, cm2bPupil.id]);
    expect(all[0].n).toBe(1);
  });
});
