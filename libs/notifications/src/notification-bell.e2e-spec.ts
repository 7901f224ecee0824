import type { Client } from 'graphql-ws';
import { startTestApi, TestApi } from '../../../test/harness';
import { graphqlWsClient } from '../../../test/graphql-ws';
import { waitFor } from '../../../test/processes';
import { buildWorld, CREATE_COMMENT, CREATE_POST, ok, sharedSpace, SpaceWorld } from '../../spaces/test/fixtures';
import { NotificationStream } from './notification-stream.js';

/**
 * Issue 12, the home screen's bell (« Notifications, N non lues ») and the moderators' counts: the unread count kept
 * live by `notificationAdded`, « tout marquer comme lu » up to what the list showed, and `Space.pendingModerationCount`.
 */
describe('the bell and the moderation counts of the home screen', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let client: Client | undefined;
  const COUNT = `{ unreadNotificationsCount }`;
  const MARK_ALL = `mutation($before: DateTime) { markAllNotificationsRead(before: $before) { markedCount unreadCount } }`;
  const unread = async (cookie: string) => ok(await hub.gql<{ unreadNotificationsCount: number }>(COUNT, {}, cookie)).unreadNotificationsCount;

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
  });
  afterAll(async () => {
    await client?.dispose();
    await hub?.close();
  });

  it('keeps the count live: each notificationAdded is one more unread; marking all read empties it, up to what the list showed', async () => {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    await hub.drainOutbox();
    const stream = hub.api.app.get(NotificationStream);
    const before = stream.subscriberCount();
    const received: { id: string; read: boolean; createdAt: string }[] = [];
    client = graphqlWsClient(hub.url, world.pupil2.cookie);
    const stop = client.subscribe<{ notificationAdded: { id: string; read: boolean; createdAt: string } }>(
      { query: 'subscription { notificationAdded { id read createdAt } }' },
      { next: (value) => { if (value.data) received.push(value.data.notificationAdded); }, error: () => undefined, complete: () => undefined });
    await waitFor('the subscription on the server', async () => stream.subscriberCount() === before + 1, 10_000, 20);
    const start = await unread(world.pupil2.cookie);

    ok(await hub.gql(CREATE_POST, { input: { spaceId, bodyHtml: 'Un' } }, world.teacher.cookie));
    await hub.drainOutbox();
    await waitFor('the first notification', async () => received.length >= 1, 10_000, 20);
    expect(received[0].read).toBe(false);
    expect(await unread(world.pupil2.cookie)).toBe(start + received.length);

    // What the list showed ends with the last notification received; one that comes later stays unread.
    const shownUpTo = received[received.length - 1].createdAt;
    ok(await hub.gql(CREATE_POST, { input: { spaceId, bodyHtml: 'Deux' } }, world.teacher.cookie));
    await hub.drainOutbox();
    await waitFor('the later notification', async () => received.length >= 2, 10_000, 20);
    const later = received.filter((n) => n.createdAt > shownUpTo).length;
    expect(later).toBe(1);
    expect(await unread(world.pupil2.cookie)).toBe(start + received.length);

    const marked = ok(await hub.gql<{ markAllNotificationsRead: { markedCount: number; unreadCount: number } }>(MARK_ALL,
      { before: shownUpTo }, world.pupil2.cookie)).markAllNotificationsRead;
    expect(marked).toEqual({ markedCount: start + received.length - later, unreadCount: later });
    const all = ok(await hub.gql<{ markAllNotificationsRead: { markedCount: number; unreadCount: number } }>(MARK_ALL, {}, world.pupil2.cookie));
    expect(all.markAllNotificationsRead).toEqual({ markedCount: later, unreadCount: 0 });
    expect(await unread(world.pupil2.cookie)).toBe(0);
    // Someone else's inbox is untouched.
    expect(await unread(world.pupil.cookie)).toBeGreaterThan(0);
    stop();
  });

  it('tells moderators how much waits in each space (posts, comments, uploads), in one query for the list; null for the others', async () => {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: true });
    const published = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'Du maître' } },
      world.teacher.cookie)).createPost;
    ok(await hub.gql(CREATE_POST, { input: { spaceId, bodyHtml: 'De Léa' } }, world.pupil.cookie));
    ok(await hub.gql(CREATE_COMMENT, { input: { postId: published.id, bodyHtml: 'Bravo' } }, world.guestPupil.cookie));
    await hub.dataSource.query(`INSERT INTO post (space_id, author_kind, author_id, body_html, body_text, status, deleted_at)
      VALUES ($1, 'PERSON', $2, '', '', 'PENDING', now())`, [spaceId, world.pupil2.id]);
    const LIST = `{ spaces(first: 50) { edges { node { id myRole pendingModerationCount } } } }`;
    type List = { spaces: { edges: { node: { id: string; myRole: string; pendingModerationCount: number | null } }[] } };
    const of = async (cookie: string) => ok(await hub.gql<List>(LIST, {}, cookie)).spaces.edges.map((e) => e.node).find((n) => n.id === spaceId);
    expect(await of(world.teacher.cookie)).toMatchObject({ myRole: 'OWNER', pendingModerationCount: 2 });
    expect(await of(world.guestTeacher.cookie)).toMatchObject({ myRole: 'MODERATOR', pendingModerationCount: 2 });
    expect(await of(world.pupil.cookie)).toMatchObject({ myRole: 'CONTRIBUTOR', pendingModerationCount: null });
    expect(await of(world.parent.cookie)).toMatchObject({ myRole: 'READER', pendingModerationCount: null });

    const queries: string[] = [];
    const spy = jest.spyOn(hub.dataSource.logger, 'logQuery').mockImplementation((query: string) => {
      if (/document_version/.test(query) && /PENDING/.test(query)) queries.push(query);
    });
    try {
      const list = ok(await hub.gql<List>(LIST, {}, world.teacher.cookie)).spaces.edges;
      expect(list.length).toBeGreaterThanOrEqual(2);
    } finally {
      spy.mockRestore();
    }
    expect(queries).toHaveLength(1);
  });
});
