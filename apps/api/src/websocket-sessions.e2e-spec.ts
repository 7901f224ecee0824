import type { Client } from 'graphql-ws';
import { Role } from '@passerelle/access';
import { ChatStream } from '@passerelle/chat';
import { hashSessionId, REDIS_CLIENT, SESSION_COOKIE, SessionService } from '@passerelle/identity';
import type { Redis } from 'ioredis';
import { startTestApi, TestApi } from '../../../test/harness';
import { graphqlWsClient, GraphqlWsOptions } from '../../../test/graphql-ws';
import { waitFor } from '../../../test/processes';
import { buildWorld, ok, sharedSpace, SpaceWorld } from '../../../libs/spaces/test/fixtures';

/**
 * graphql-ws subscriptions and the sessions they were opened with, through two real API processes sharing one
 * database (and, in the first run, one Redis holding the sessions): the upgrade checks Origin and the session, and
 * every open subscription of a session ends (close code 4401) when the session ends, whichever process ended it.
 */

const SEND = `mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { id } }`;
const SUBSCRIBE = `subscription($spaceId: ID!) { chatMessageAdded(spaceId: $spaceId) { id text } }`;

interface Feed {
  readonly received: { id: string; text: string | null }[];
  readonly errors: unknown[];
  closedWith?: number;
}

describe.each([
  ['sessions in Redis', {}],
  ['sessions in the database', { REDIS_URL: undefined }],
])('WebSocket subscriptions and their session (%s)', (_label, env: Record<string, string | undefined>) => {
  let hub: TestApi;
  let other: TestApi;
  let world: SpaceWorld;
  let spaceId: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    hub = await startTestApi(env);
    other = await startTestApi(env);
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await other?.close();
    await hub?.close();
  });

  function follow(cookie: string | undefined, options: GraphqlWsOptions = {}): Feed {
    const feed: Feed = { received: [], errors: [] };
    const client = graphqlWsClient(hub.url, cookie, options);
    clients.push(client);
    client.on('closed', (event) => { feed.closedWith = (event as { code: number }).code; });
    client.subscribe<{ chatMessageAdded: { id: string; text: string | null } }>({ query: SUBSCRIBE, variables: { spaceId } }, {
      next: (value) => {
        if (value.data?.chatMessageAdded) feed.received.push(value.data.chatMessageAdded);
        if (value.errors) feed.errors.push(...value.errors);
      },
      error: (error) => feed.errors.push(error),
      complete: () => undefined,
    });
    return feed;
  }

  /** Subscribes each cookie and waits until the server follows the space for every one of them. */
  async function followAll(cookies: string[]): Promise<Feed[]> {
    const stream = hub.api.app.get(ChatStream);
    const before = stream.followers(spaceId);
    const feeds = cookies.map((cookie) => follow(cookie));
    await waitFor('every subscription in place', async () => stream.followers(spaceId) === before + cookies.length, 10_000, 20);
    await stream.ready();
    for (const feed of feeds) expect(feed.errors).toEqual([]);
    return feeds;
  }

  async function send(text: string): Promise<string> {
    return ok(await hub.gql<{ sendChatMessage: { id: string } }>(SEND, { input: { spaceId, text } }, world.teacher.cookie)).sendChatMessage.id;
  }

  const pupilSession = () => hub.personSession([Role.PUPIL], world.pupil.id);
  const arrived = (feed: Feed, id: string) => waitFor('the message over the WebSocket', async () => feed.received.some((m) => m.id === id), 10_000, 20);
  const closed = (feed: Feed) => waitFor('the socket closed by the server', async () => feed.closedWith !== undefined, 10_000, 20);

  it('closes a chat subscription opened before sign-out when the pupil signs out: no message is delivered after logout', async () => {
    const leaving = await pupilSession();
    const [pupil, classmate] = await followAll([leaving.cookie, (await hub.personSession([Role.PUPIL], world.pupil2.id)).cookie]);
    const before = await send('Avant la déconnexion');
    await arrived(pupil, before);
    // Signed out through the other API process: the news crosses processes.
    const logout = await other.http.post('/auth/logout').set('Origin', other.url).set('Cookie', leaving.cookie);
    expect(logout.status).toBe(204);
    const after = await send('Après la déconnexion');
    await arrived(classmate, after);
    expect(pupil.received.map((m) => m.id)).toEqual([before]);
    await closed(pupil);
    expect(pupil.closedWith).toBe(4401);
    expect(classmate.closedWith).toBeUndefined();
  });

  it('closes every subscription of a principal whose sessions are revoked (a suspended guest, a disabled account)', async () => {
    const first = await pupilSession();
    const second = await pupilSession();
    const feeds = await followAll([first.cookie, second.cookie]);
    expect(await other.api.app.get(SessionService).revokeAllOf(world.pupil.id)).toBeGreaterThanOrEqual(2);
    for (const feed of feeds) {
      await closed(feed);
      expect(feed.closedWith).toBe(4401);
    }
  });

  it('closes a subscription when its session expires, with no event needed', async () => {
    const sessions = hub.api.app.get(SessionService);
    const short = await sessions.open({ kind: 'PERSON', id: world.pupil2.id, displayName: 'Hugo P.', roles: [Role.PUPIL] }, {},
      new Date(Date.now() + 1_500));
    const [feed] = await followAll([`${SESSION_COOKIE}=${short.id}`]);
    await closed(feed);
    expect(feed.closedWith).toBe(4401);
    expect(await sessions.resolve(short.id)).toBeNull();
  });

  it('delivers nothing on a socket whose session is gone, even before the news of its end arrives', async () => {
    const leaving = await pupilSession();
    const [pupil, classmate] = await followAll([leaving.cookie, (await hub.personSession([Role.PUPIL], world.pupil2.id)).cookie]);
    // The session disappears from the store behind the hub's back (no announcement): the check before each event holds.
    const idHash = hashSessionId(leaving.cookie.slice(`${SESSION_COOKIE}=`.length));
    if (hub.config.REDIS_URL) await hub.api.app.get<Redis>(REDIS_CLIENT).del(`${hub.config.REDIS_KEY_PREFIX}:session:${idHash}`);
    else await hub.dataSource.query('DELETE FROM session WHERE id_hash = $1', [idHash]);
    const after = await send('Après la fin de la session');
    await arrived(classmate, after);
    await closed(pupil);
    expect(pupil.closedWith).toBe(4401);
    expect(pupil.received).toEqual([]);
  });

  it('refuses an upgrade from another origin (4403) or without Origin, and one without a live session (4401)', async () => {
    const session = await pupilSession();
    const foreign = follow(session.cookie, { origin: 'https://evil.example' });
    const none = follow(session.cookie, { origin: null });
    const anonymous = follow(undefined);
    const forged = follow(`${SESSION_COOKIE}=forged-session-id`);
    for (const feed of [foreign, none, anonymous, forged]) await closed(feed);
    expect([foreign.closedWith, none.closedWith, anonymous.closedWith, forged.closedWith]).toEqual([4403, 4403, 4401, 4401]);
    for (const feed of [foreign, none, anonymous, forged]) expect(feed.received).toEqual([]);
  });
});
