import type { Client } from 'graphql-ws';
import { StructuresService, StructureType } from '@passerelle/directory';
import { startTestApi, TestApi } from '../../../test/harness';
import { graphqlWsClient } from '../../../test/graphql-ws';
import { validUai } from '../../../test/factories';
import { waitFor } from '../../../test/processes';
import { buildWorld, codeOf, CREATE_POST, ok, sharedSpace, SpaceWorld } from '../../spaces/test/fixtures';
import { NotificationStream } from './notification-stream.js';

/** Inboxes through the real API, and their live delivery over graphql-ws. */
describe('notifications API', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  const clients: Client[] = [];

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await hub?.close();
  });

  function connect(cookie?: string): Client {
    const client = graphqlWsClient(hub.url, cookie);
    clients.push(client);
    return client;
  }

  function follow(client: Client): { received: Record<string, unknown>[]; errors: unknown[]; stop: () => void } {
    const received: Record<string, unknown>[] = [];
    const errors: unknown[] = [];
    const stop = client.subscribe<{ notificationAdded: Record<string, unknown> }>(
      { query: 'subscription { notificationAdded { id kind postId spaceId message } }' },
      { next: (value) => { if (value.data) received.push(value.data.notificationAdded); if (value.errors) errors.push(...value.errors); },
        error: (error) => errors.push(error), complete: () => undefined });
    return { received, errors, stop };
  }

  it('gives hub administrators their inbox (a school joined the directory)', async () => {
    const structure = await hub.api.app.get(StructuresService).createStructure({ uai: validUai(), name: 'École des Tilleuls', type: StructureType.ECOLE });
    await hub.drainOutbox();
    const inbox = ok(await hub.gql<{ notifications: { edges: { node: { kind: string; message: string } }[] }; unreadNotificationsCount: number }>(
      `{ notifications(first: 100) { edges { node { kind message } } } unreadNotificationsCount }`, {}, world.admin.cookie));
    expect(inbox.notifications.edges.map((edge) => edge.node)).toContainEqual({
      kind: 'STRUCTURE_CREATED', message: `Nouvel établissement dans l'annuaire : École des Tilleuls (${structure.uai}).` });
    expect(inbox.unreadNotificationsCount).toBeGreaterThanOrEqual(1);
  });

  it('pages an inbox newest first and counts only unread ones', async () => {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    for (const text of ['un', 'deux', 'trois']) {
      ok(await hub.gql(CREATE_POST, { input: { spaceId, bodyHtml: text } }, world.teacher.cookie));
    }
    await hub.drainOutbox();
    const PAGE = `query($after: String) { notifications(first: 2, after: $after) { edges { node { id createdAt } } pageInfo { hasNextPage endCursor } } }`;
    const first = ok(await hub.gql<{ notifications: { edges: { node: { id: string; createdAt: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      PAGE, {}, world.pupil2.cookie)).notifications;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = ok(await hub.gql<{ notifications: { edges: { node: { id: string; createdAt: string } }[] } }>(
      PAGE, { after: first.pageInfo.endCursor }, world.pupil2.cookie)).notifications;
    expect(second.edges.length).toBeGreaterThanOrEqual(1);
    const all = [...first.edges, ...second.edges].map((edge) => edge.node);
    expect(new Set(all.map((n) => n.id)).size).toBe(all.length);
    expect([...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt))).toEqual(all);
  });

  it('pushes a new notification to its recipient over graphql-ws, and to nobody else', async () => {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    const stream = hub.api.app.get(NotificationStream);
    await stream.ready();
    const before = stream.subscriberCount();
    const pupil = follow(connect(world.pupil.cookie));
    // The outsider: a hub administrator (no member of the space), who is notified of something else afterwards.
    const outsider = follow(connect(world.admin.cookie));
    // Both subscriptions reached the server before anything happens.
    await waitFor('both subscriptions on the server', async () => stream.subscriberCount() === before + 2, 10_000, 20);
    const post = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'En direct !' } }, world.teacher.cookie)).createPost;
    await hub.drainOutbox();
    const pushed = await waitFor('the notification over the WebSocket', async () => pupil.received.find((n) => n.postId === post.id), 10_000, 50);
    expect(pushed).toMatchObject({ kind: 'POST_PUBLISHED', spaceId, message: expect.stringMatching(/^Nouveau message dans « /) });
    expect(pupil.errors).toEqual([]);
    // A barrier rather than a pause: a school joins the directory after the post; notifications reach a socket in the
    // order the outbox delivered them, so once the outsider has that one, the post's would have come before it.
    const structure = await hub.api.app.get(StructuresService).createStructure({ uai: validUai(), name: 'École des Marronniers', type: StructureType.ECOLE });
    await hub.drainOutbox();
    await waitFor('the later notification to reach the outsider', async () =>
      outsider.received.find((n) => n.kind === 'STRUCTURE_CREATED' && String(n.message).includes(structure.uai)), 10_000, 50);
    expect(outsider.received.filter((n) => n.postId === post.id)).toEqual([]);
    expect(outsider.errors).toEqual([]);
    pupil.stop();
    outsider.stop();
    // Unsubscribing lets go of the server side at once, not at the recipient's next notification.
    await waitFor('the subscriptions released', async () => stream.subscriberCount() === before, 10_000, 20);
  });

  it('refuses an anonymous subscription (the socket is closed at connection_init with 4401)', async () => {
    const anonymous = follow(connect());
    const error = await waitFor('a refusal', async () => anonymous.errors[0] as { code: number; reason: string } | undefined, 10_000, 50);
    expect({ code: error.code, reason: error.reason }).toEqual({ code: 4401, reason: 'Vous devez être connecté pour faire cela.' });
    expect(anonymous.received).toEqual([]);
  });

  it('answers for the caller only: hub administrators, people and guests each see their own inbox', async () => {
    expect(codeOf(await hub.gql(`{ unreadNotificationsCount }`))).toBe('UNAUTHENTICATED');
    for (const who of [world.admin, world.guestPupil, world.parent]) {
      const result = await hub.gql<{ unreadNotificationsCount: number }>(`{ unreadNotificationsCount }`, {}, who.cookie);
      expect(result.errors).toBeUndefined();
      expect(typeof result.data!.unreadNotificationsCount).toBe('number');
    }
  });
});
