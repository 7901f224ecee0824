import { startTestApi, TestApi } from '../../../test/harness';
import { buildWorld, codeOf, one, ok, sharedSpace, SpaceWorld } from '../test/fixtures';

/**
 * Issue 12, the wall in one request: each post shows its latest comments without a click (`Post.latestComments`,
 * newest last), with `commentCount` for « Voir les N commentaires ». Held comments stay with their author and the
 * moderators, as in `Post.comments`; a page of posts reads all their comments in one query.
 */
describe('latest comments under each post of the wall', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceId: string;

  const WALL = `query($id: ID!, $first: Int, $comments: Int) { space(id: $id) { posts(first: $first) { edges { node { id commentCount
    latestComments(first: $comments) { id bodyHtml status author { displayName } } } } } } }`;
  type Wall = { space: { posts: { edges: { node: { id: string; commentCount: number;
    latestComments: { bodyHtml: string; status: string; author: { displayName: string } }[] } }[] } } };

  async function post(body: string, minutesAgo: number): Promise<string> {
    return (await one<{ id: string }>(hub, `INSERT INTO post (space_id, author_kind, author_id, body_html, body_text, status, created_at)
      VALUES ($1, 'PERSON', $2, $3, $3, 'PUBLISHED', now() - make_interval(mins => $4)) RETURNING id`, [spaceId, world.teacher.id, body, minutesAgo])).id;
  }
  async function comment(postId: string, authorId: string, body: string, minutesAgo: number, status = 'PUBLISHED', deleted = false): Promise<void> {
    await hub.dataSource.query(`INSERT INTO post_comment (space_id, post_id, author_kind, author_id, body_html, body_text, status, created_at, deleted_at)
      VALUES ($1, $2, 'PERSON', $3, $4, $4, $5, now() - make_interval(secs => CAST($6 AS float8) * 60), CASE WHEN $7 THEN now() END)`,
    [spaceId, postId, authorId, body, status, minutesAgo, deleted]);
  }
  const wallOf = async (cookie: string, comments?: number, first = 10) =>
    ok(await hub.gql<Wall>(WALL, { id: spaceId, first, comments }, cookie)).space.posts.edges.map((edge) => edge.node);

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: true });
  });
  afterAll(() => hub?.close());

  it('shows the three latest comments, newest last, and the count for the rest; held ones to their author and moderators only', async () => {
    const busy = await post('<p>Notre défi</p>', 60);
    for (let index = 1; index <= 5; index++) await comment(busy, world.teacher.id, `c${index}`, 50 - index);
    await comment(busy, world.pupil.id, 'en attente', 30, 'PENDING');
    await comment(busy, world.pupil2.id, 'effacé', 20, 'PUBLISHED', true);

    const [forPupil2] = await wallOf(world.pupil2.cookie);
    expect(forPupil2.commentCount).toBe(5);
    expect(forPupil2.latestComments.map((c) => c.bodyHtml)).toEqual(['c3', 'c4', 'c5']);
    expect(forPupil2.latestComments[0].author.displayName).toBe('Mme Martin');

    // Its author sees their held comment where it belongs; so does a moderator, never the other pupils.
    expect((await wallOf(world.pupil.cookie))[0].latestComments.map((c) => [c.bodyHtml, c.status]))
      .toEqual([['c4', 'PUBLISHED'], ['c5', 'PUBLISHED'], ['en attente', 'PENDING']]);
    expect((await wallOf(world.guestTeacher.cookie))[0].latestComments.map((c) => c.bodyHtml)).toEqual(['c4', 'c5', 'en attente']);
    expect((await wallOf(world.guestPupil.cookie))[0].latestComments.map((c) => c.bodyHtml)).toEqual(['c3', 'c4', 'c5']);

    // More on demand, up to 20; out of range is the client's mistake.
    expect((await wallOf(world.pupil2.cookie, 10))[0].latestComments.map((c) => c.bodyHtml)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect((await wallOf(world.pupil2.cookie, 0))[0].latestComments).toEqual([]);
    expect(codeOf(await hub.gql(WALL, { id: spaceId, first: 1, comments: 21 }, world.pupil2.cookie))).toBe('BAD_USER_INPUT');
  });

  it('reads a page of ten posts with their latest comments and authors in as many queries as a page of two', async () => {
    for (let index = 0; index < 10; index++) {
      const id = await post(`<p>Message ${index}</p>`, 40 - index);
      for (const [n, author] of [world.teacher, world.pupil, world.pupil2].entries()) await comment(id, author.id, `r${n}`, 30 - index - n / 10);
    }
    const measure = async (first: number) => {
      const queries: string[] = [];
      const spy = jest.spyOn(hub.dataSource.logger, 'logQuery').mockImplementation((query: string) => {
        if (!/outbox_job|"?session"?\b/.test(query)) queries.push(query);
      });
      try {
        const posts = await wallOf(world.pupil2.cookie, 3, first);
        expect(posts).toHaveLength(first);
        expect(posts.every((node) => node.latestComments.length === 3)).toBe(true);
      } finally {
        spy.mockRestore();
      }
      return { all: queries.length, comments: queries.filter((query) => /LATERAL/.test(query) && /post_comment/.test(query)).length };
    };
    const forTwo = await measure(2);
    const forTen = await measure(10);
    expect(forTen.all).toBe(forTwo.all);
    // One statement reads the latest comments of the whole page.
    expect(forTen.comments).toBe(1);
  });
});
