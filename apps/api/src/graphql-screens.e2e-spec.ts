import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, parse, print, visit } from 'graphql';
import { GRAPHQL_LIMITS, measureOperation } from '@passerelle/graphql-kit';
import { startTestApi, TestApi } from '../../../test/harness';
import { ROOT } from '../../../test/processes';
import { buildWorld, one, ok, sharedSpace, SpaceWorld } from '../../../libs/spaces/test/fixtures';

/**
 * Issue 12: the GraphQL limits admit every query the web app's screens make, one request per screen. The operations
 * are those of test/screen-operations.graphql (apps/web copies its operations from there); each is measured with the
 * largest variables its screen sends, then run through the real API against a space full of content, as the people
 * who use the screen. The hostile shapes of graphql-hostile.e2e-spec.ts stay refused.
 */

const document: DocumentNode = parse(readFileSync(join(ROOT, 'test', 'screen-operations.graphql'), 'utf8'));
const operations = new Map(document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  .map((operation) => [operation.name!.value, operation]));
const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
  .map((fragment) => [fragment.name.value, fragment]));

/** The text a screen sends: its operation and the fragments it spreads, directly or through other fragments. */
function textOf(operation: OperationDefinitionNode): string {
  const used = new Set<string>();
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) => visit(node, {
    FragmentSpread(spread) {
      if (used.has(spread.name.value)) return;
      used.add(spread.name.value);
      collect(fragments.get(spread.name.value)!);
    },
  });
  collect(operation);
  return [operation, ...[...used].map((name) => fragments.get(name)!)].map((node) => print(node)).join('\n\n');
}

/** The largest variables each screen sends (infinite scroll pages, the month view, « Voir plus » of comments). */
const LARGEST: Record<string, Record<string, unknown>> = {
  HomeScreen: { spacesFirst: 50, upcomingFirst: 10 },
  WallScreen: { first: 20, comments: 5 },
  PostCommentsScreen: { first: 50 },
  ModerationScreen: { first: 20, recent: 10 },
  ModerationQueuePageScreen: { first: 20 },
  DocumentsScreen: { first: 50 },
  AgendaMonthScreen: { first: 100 },
  HomeworkScreen: { first: 50 },
  HomeworkDoneByScreen: { first: 50 },
  ChatScreen: { first: 100 },
  ChatRecipientsScreen: {},
  MembersScreen: { first: 100 },
  MemberCandidatesScreen: {},
  SearchScreen: { first: 50 },
  NotificationsScreen: { first: 50 },
};

/** The wall as a client that knows only Relay pages would ask it: 10 posts with 5 comments each (refused before issue 12). */
const WALL_WITH_COMMENT_PAGES = `query($id: ID!) { space(id: $id) { posts(first: 10) { edges { node { id bodyHtml createdAt commentCount
  author { id displayName } reactions { emoji count reactedByMe }
  comments(first: 5) { edges { node { id bodyHtml createdAt author { id displayName } } } } } } } } }`;

/** graphql-hostile.e2e-spec.ts's nested pages. */
const HOSTILE_WALL = `query Wall($n: Int) { spaces(first: $n) { edges { node { posts(first: $n) { edges { node {
  comments(first: $n) { edges { node { id } } } } } } } } } }`;

function measure(text: string, variables: Record<string, unknown>) {
  const parsed = parse(text);
  return measureOperation(parsed.definitions[0] as OperationDefinitionNode, new Map(), variables);
}

describe('the limits admit every screen of the web app', () => {
  it('lists the screens of issue 12, each one named operation', () => {
    expect([...operations.keys()].sort()).toEqual(Object.keys(LARGEST).sort());
  });

  it.each(Object.keys(LARGEST))('measures %s within the cost, depth and alias limits, with its largest variables', (name) => {
    const operation = operations.get(name)!;
    for (const variables of [{}, LARGEST[name]]) {
      const measured = measureOperation(operation, fragments, variables);
      expect({ name, variables, within: measured.cost <= GRAPHQL_LIMITS.maxCost && measured.depth <= GRAPHQL_LIMITS.maxDepth
        && measured.aliases <= GRAPHQL_LIMITS.maxAliases, measured })
        .toEqual({ name, variables, within: true, measured });
    }
  });

  it('admits a wall page of 10 posts with 5 comments each asked as Relay pages, and still refuses the nested pages of the review', () => {
    expect(measure(WALL_WITH_COMMENT_PAGES, {}).cost).toBeLessThanOrEqual(GRAPHQL_LIMITS.maxCost);
    for (const n of [20, 100]) expect(measure(HOSTILE_WALL, { n }).cost).toBeGreaterThan(GRAPHQL_LIMITS.maxCost);
  });
});

describe('each screen in one request through the real API', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;
  let postId: string;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: true });
    for (let index = 0; index < 12; index++) {
      const { id } = await one<{ id: string }>(hub, `INSERT INTO post (space_id, author_kind, author_id, body_html, body_text, status)
        VALUES ($1, 'PERSON', $2, $3, $3, $4) RETURNING id`, [spaceId, world.pupil.id, `Défi lecture ${index}`, index === 0 ? 'PENDING' : 'PUBLISHED']);
      postId = id;
      for (let n = 0; n < 6; n++) {
        await hub.dataSource.query(`INSERT INTO post_comment (space_id, post_id, author_kind, author_id, body_html, body_text, status)
          VALUES ($1, $2, 'GUEST', $3, 'Bravo', 'Bravo', $4)`, [spaceId, id, world.guestPupil.id, n === 5 ? 'PENDING' : 'PUBLISHED']);
      }
      await hub.dataSource.query(`INSERT INTO post_reaction (space_id, post_id, reactor_kind, reactor_id, emoji) VALUES ($1, $2, 'PERSON', $3, 'CLAP')`,
        [spaceId, id, world.pupil2.id]);
    }
    await hub.dataSource.query(`INSERT INTO announcement (space_id, author_kind, author_id, title, body_html, body_text, pinned)
      VALUES ($1, 'PERSON', $2, 'Sortie au musée', 'Vendredi', 'Vendredi', true)`, [spaceId, world.teacher.id]);
    await hub.dataSource.query(`INSERT INTO space_event (space_id, author_kind, author_id, title, starts_at, ends_at)
      SELECT $1, 'PERSON', $2, 'Rencontre ' || n, now() + make_interval(days => n), now() + make_interval(days => n, hours => 1)
      FROM generate_series(1, 30) AS n`, [spaceId, world.teacher.id]);
    await hub.dataSource.query(`INSERT INTO homework (space_id, author_kind, author_id, title, details_html, details_text, due_on)
      SELECT $1, 'PERSON', $2, 'Lecture ' || n, '', '', current_date + n FROM generate_series(1, 10) AS n`, [spaceId, world.teacher.id]);
    await hub.dataSource.query(`INSERT INTO chat_message (space_id, author_kind, author_id, text)
      SELECT $1, 'PERSON', $2, 'Salut ' || n FROM generate_series(1, 60) AS n`, [spaceId, world.pupil.id]);
  });
  afterAll(() => hub?.close());

  const variablesOf = (name: string): Record<string, unknown> => ({
    ...LARGEST[name], spaceId, postId, query: 'défi lecture',
    ...(name === 'AgendaMonthScreen' ? { now: new Date().toISOString(), from: new Date().toISOString(), to: new Date(Date.now() + 31 * 86_400_000).toISOString() } : {}),
  });

  it.each(Object.keys(LARGEST))('answers %s to the teacher who runs the space, without error', async (name) => {
    const operation = operations.get(name)!;
    const variables = Object.fromEntries(Object.entries(variablesOf(name))
      .filter(([key]) => operation.variableDefinitions?.some((definition) => definition.variable.name.value === key)));
    const result = await hub.gql(textOf(operation), variables, world.teacher.cookie);
    expect({ name, status: result.status, errors: result.errors }).toEqual({ name, status: 200, errors: undefined });
  });

  it('gives a pupil the wall page of 10 posts, each with its 3 latest comments, in one request', async () => {
    const wall = ok(await hub.gql<{ space: { posts: { edges: { node: { commentCount: number; latestComments: unknown[] } }[] } } }>(
      textOf(operations.get('WallScreen')!), { spaceId }, world.pupil2.cookie));
    expect(wall.space.posts.edges).toHaveLength(10);
    expect(wall.space.posts.edges.every((edge) => edge.node.latestComments.length === 3 && edge.node.commentCount === 5)).toBe(true);
  });

  it('admits the wall asked with Relay pages of comments (10 posts, 5 comments each) through the API', async () => {
    const result = await hub.gql(WALL_WITH_COMMENT_PAGES, { id: spaceId }, world.teacher.cookie);
    expect(result.errors).toBeUndefined();
  });
});
