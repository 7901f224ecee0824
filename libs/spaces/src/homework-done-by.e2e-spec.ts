import { startTestApi, TestApi } from '../../../test/harness';
import { buildWorld, codeOf, ok, sharedSpace, SpaceWorld } from '../test/fixtures';
import { DONE_BY_FOR_TEACHERS } from './homework.resolver.js';

const CREATE_HOMEWORK = `mutation($input: CreateHomeworkInput!) { createHomework(input: $input) { id doneBy { id displayName } } }`;
const MARK_DONE = `mutation($id: ID!, $done: Boolean!) { markHomeworkDone(id: $id, done: $done) { id doneByMe } }`;
const DONE_BY = `query($id: ID!) { space(id: $id) { homework(first: 50) { edges { node { id title doneCount doneBy { id displayName doneAt } } } } } }`;

type Listed = { space: { homework: { edges: { node: { id: string; title: string; doneCount: number | null;
  doneBy: { id: string; displayName: string; doneAt: string }[] | null } }[] } } };

/**
 * The teacher's « Voir qui a fini » (issue 12, cahier de textes): Homework.doneBy names the pupils who ticked « Fait »
 * (display names only, as everywhere for minors), to those who run the space; pupils, guests and parents are refused.
 */
describe('who did a homework (Homework.doneBy)', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;
  let forAll: string;
  let forCm2a: string;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
    const create = async (title: string, dueOn: string, schoolClassId?: string) => ok(await hub.gql<{ createHomework: { id: string; doneBy: unknown[] } }>(
      CREATE_HOMEWORK, { input: { spaceId, title, dueOn, schoolClassId } }, world.teacher.cookie)).createHomework;
    const created = await create('Lecture pour tous', '2026-12-10');
    expect(created.doneBy).toEqual([]);
    forAll = created.id;
    forCm2a = (await create('Exposé CM2 A', '2026-12-11', world.cm2aId)).id;
  });
  afterAll(() => hub?.close());

  const listed = async (cookie: string) => ok(await hub.gql<Listed>(DONE_BY, { id: spaceId }, cookie)).space.homework.edges.map((e) => e.node);

  it('names the home and guest pupils who ticked « Fait », first done first, to the teachers, the director and the guest teacher', async () => {
    ok(await hub.gql(MARK_DONE, { id: forAll, done: true }, world.guestPupil.cookie));
    ok(await hub.gql(MARK_DONE, { id: forAll, done: true }, world.pupil.cookie));
    ok(await hub.gql(MARK_DONE, { id: forCm2a, done: true }, world.pupil2.cookie));
    ok(await hub.gql(MARK_DONE, { id: forCm2a, done: true }, world.pupil.cookie));
    ok(await hub.gql(MARK_DONE, { id: forCm2a, done: false }, world.pupil.cookie));
    for (const who of [world.teacher, world.director, world.guestTeacher]) {
      const [all, cm2a] = await listed(who.cookie);
      expect(all.doneBy?.map((d) => [d.id, d.displayName])).toEqual([[world.guestPupil.id, 'Nina (6e B)'], [world.pupil.id, 'Léa D.']]);
      expect(all.doneCount).toBe(2);
      expect(cm2a.doneBy?.map((d) => d.displayName)).toEqual(['Hugo P.']);
      expect(Object.keys(all.doneBy![0]).sort()).toEqual(['displayName', 'doneAt', 'id']);
    }
  });

  it('shows a guest whose data was erased under their pseudonym, never a former name', async () => {
    await hub.dataSource.query(`UPDATE guest SET display_name = NULL WHERE id = $1`, [world.guestPupil.id]);
    const [all] = await listed(world.teacher.cookie);
    expect(all.doneBy?.[0]).toMatchObject({ id: world.guestPupil.id, displayName: `Invité·e élève n°${world.guestPupil.seq}` });
  });

  it('refuses the names to pupils, guest pupils and parents (FORBIDDEN, null), whatever they ticked', async () => {
    for (const who of [world.pupil, world.pupil2, world.guestPupil, world.parent]) {
      const result = await hub.gql<Listed>(DONE_BY, { id: spaceId }, who.cookie);
      expect(codeOf(result)).toBe('FORBIDDEN');
      expect(result.errors?.[0]?.message).toBe(DONE_BY_FOR_TEACHERS);
      expect(result.data?.space.homework.edges.every((e) => e.node.doneBy === null)).toBe(true);
    }
    const marked = await hub.gql<{ markHomeworkDone: { doneBy: unknown } }>(`mutation($id: ID!) { markHomeworkDone(id: $id, done: true) { doneBy { id } } }`,
      { id: forAll }, world.pupil2.cookie);
    expect(codeOf(marked)).toBe('FORBIDDEN');
    expect(marked.data?.markHomeworkDone.doneBy).toBeNull();
  });

  it('names done pupils with one query for a whole page of homework', async () => {
    const statements: string[] = [];
    const original = hub.dataSource.query.bind(hub.dataSource);
    const spy = jest.spyOn(hub.dataSource, 'query').mockImplementation((...args: Parameters<typeof original>) => {
      statements.push(args[0]);
      return original(...args);
    });
    try {
      await listed(world.teacher.cookie);
    } finally {
      spy.mockRestore();
    }
    expect(statements.filter((sql) => sql.includes('homework_completion hc')).length).toBe(1);
  });
});
