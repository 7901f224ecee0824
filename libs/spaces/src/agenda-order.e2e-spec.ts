import { startTestApi, TestApi } from '../../../test/harness';
import { buildWorld, codeOf, ok, sharedSpace, SpaceWorld } from '../test/fixtures';

const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`;
const CREATE_HOMEWORK = `mutation($input: CreateHomeworkInput!) { createHomework(input: $input) { id } }`;
const EVENTS = `query($id: ID!, $from: DateTime, $to: DateTime, $first: Int, $after: String) { space(id: $id) {
  events(from: $from, to: $to, first: $first, after: $after) { totalCount edges { node { title } } pageInfo { hasNextPage endCursor } } } }`;
const HOMEWORK = `query($id: ID!, $dueFrom: String, $dueTo: String, $first: Int, $after: String) { space(id: $id) {
  homework(dueFrom: $dueFrom, dueTo: $dueTo, first: $first, after: $after) { totalCount edges { node { title } } pageInfo { hasNextPage endCursor } } } }`;

type Page = { totalCount: number; edges: { node: { title: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

/** The agenda by start and the cahier de textes by due day, soonest first, in stable Relay pages, within a period. */
describe('agenda and homework order and period', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
    // Written out of order; two share a start (and two homework a day): the id breaks the tie.
    for (const [title, startsAt, endsAt] of [
      ['Mai', '2027-05-10T08:00:00.000Z', '2027-05-10T09:00:00.000Z'],
      ['Janvier A', '2027-01-15T08:00:00.000Z', '2027-01-15T10:00:00.000Z'],
      ['Décembre', '2026-12-02T08:00:00.000Z', '2026-12-20T08:00:00.000Z'],
      ['Janvier B', '2027-01-15T08:00:00.000Z', '2027-01-15T09:00:00.000Z'],
      ['Mars', '2027-03-01T08:00:00.000Z', '2027-03-01T09:00:00.000Z'],
    ]) ok(await hub.gql(CREATE_EVENT, { input: { spaceId, title, startsAt, endsAt } }, world.teacher.cookie));
    for (const [title, dueOn] of [['Poésie', '2027-02-01'], ['Calcul A', '2026-12-14'], ['Exposé', '2027-01-20'], ['Calcul B', '2026-12-14']]) {
      ok(await hub.gql(CREATE_HOMEWORK, { input: { spaceId, title, dueOn } }, world.teacher.cookie));
    }
  });
  afterAll(() => hub?.close());

  async function all(query: string, field: 'events' | 'homework', variables: Record<string, unknown>, first = 2): Promise<string[]> {
    const titles: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = ok(await hub.gql<{ space: Record<string, Page> }>(query, { id: spaceId, first, after, ...variables }, world.pupil.cookie))
        .space[field];
      titles.push(...page.edges.map((edge) => edge.node.title));
      if (!page.pageInfo.hasNextPage) return titles;
      after = page.pageInfo.endCursor;
    }
  }

  it('lists events by start, earliest first, through pages of two without loss or repeat', async () => {
    const titles = await all(EVENTS, 'events', {});
    expect(titles.slice(0, 1)).toEqual(['Décembre']);
    expect(titles.slice(1, 3).sort()).toEqual(['Janvier A', 'Janvier B']);
    expect(titles.slice(3)).toEqual(['Mars', 'Mai']);
    expect(await all(EVENTS, 'events', {}, 100)).toEqual(titles);
  });

  it('keeps the events of a period: still going on at its start, starting before its end', async () => {
    expect(await all(EVENTS, 'events', { from: '2026-12-10T00:00:00.000Z', to: '2027-03-01T08:00:00.000Z' }))
      .toEqual(expect.arrayContaining(['Décembre', 'Janvier A', 'Janvier B']));
    const page = ok(await hub.gql<{ space: { events: Page } }>(EVENTS, { id: spaceId, from: '2027-02-01T00:00:00.000Z' }, world.pupil.cookie)).space.events;
    expect(page.edges.map((edge) => edge.node.title)).toEqual(['Mars', 'Mai']);
    expect(page.totalCount).toBe(2);
  });

  it('lists homework by due day, soonest first, in stable pages, within [dueFrom, dueTo]', async () => {
    const titles = await all(HOMEWORK, 'homework', {});
    expect(titles.slice(0, 2).sort()).toEqual(['Calcul A', 'Calcul B']);
    expect(titles.slice(2)).toEqual(['Exposé', 'Poésie']);
    expect(await all(HOMEWORK, 'homework', {}, 100)).toEqual(titles);
    expect(await all(HOMEWORK, 'homework', { dueFrom: '2026-12-15', dueTo: '2027-02-01' })).toEqual(['Exposé', 'Poésie']);
    expect(await all(HOMEWORK, 'homework', { dueTo: '2026-12-14' }, 1)).toEqual(titles.slice(0, 2));
  });

  it('refuses a period that ends before it starts, and a day that does not exist, in French', async () => {
    const events = await hub.gql(EVENTS, { id: spaceId, from: '2027-02-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' }, world.pupil.cookie);
    expect(codeOf(events)).toBe('BAD_USER_INPUT');
    expect(events.errors?.[0]?.message).toBe('La fin de la période doit suivre son début.');
    expect(codeOf(await hub.gql(HOMEWORK, { id: spaceId, dueFrom: '2027-02-01', dueTo: '2027-01-01' }, world.pupil.cookie))).toBe('BAD_USER_INPUT');
    const day = await hub.gql(HOMEWORK, { id: spaceId, dueFrom: '2027-02-30' }, world.pupil.cookie);
    expect(codeOf(day)).toBe('BAD_USER_INPUT');
    expect(day.errors?.[0]?.message).toBe('La date doit être un jour (AAAA-MM-JJ).');
  });
});
