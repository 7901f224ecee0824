import { createHash, randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import request from 'supertest';
import type { Client, SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '@passerelle/access';
import { forbiddenCharacterIn, forbiddenCharacterMessage } from '@passerelle/errors';
import { GRAPHQL_LIMIT_MESSAGES, GRAPHQL_WS_MAX_PAYLOAD } from '@passerelle/graphql-kit';
import { buildWorld, ok, sharedSpace, SpaceWorld } from '../../../libs/spaces/test/fixtures';
import { graphqlWsClient } from '../../../test/graphql-ws';
import { startTestApi, TestApi, testEnv } from '../../../test/harness';
import { freePort, HubProcess, waitFor } from '../../../test/processes';

/**
 * What the security review sent to /graphql and /metrics: the cost limit bypassed with variables, hostile documents
 * (a chain of 10,000 fragments, deep nesting, too many tokens), persisted-query mistakes and subscriptions POSTed over
 * HTTP, and 3,000 random operation names growing the metrics. Each is a client mistake: 400 (or a protocol answer), a
 * French message, and nothing at error level in the log.
 */

const WALL = `spaces(first: $n) { edges { node { posts(first: $n) { edges { node {
  comments(first: $n) { edges { node { id } } } } } } } } }`;

/** `query { ...F0 } fragment F0 on Query { ...F1 } … fragment F9999 on Query { me { id } }`: about 400 KB. */
function fragmentChain(length: number, root: 'query' | 'subscription' = 'query'): string {
  const name = (i: number) => `Fragment${String(i).padStart(5, '0')}`;
  const [type, leaf] = root === 'query' ? ['Query', 'me { id }'] : ['Subscription', 'notificationAdded { id }'];
  const lines = [`${root} { ...Fragment00000 }`];
  for (let i = 0; i < length; i++) lines.push(`fragment ${name(i)} on ${type} { ${i < length - 1 ? `...${name(i + 1)}` : leaf} }`);
  return lines.join('\n');
}

describe('GraphQL cost with the request\'s variables', () => {
  let hub: TestApi;
  beforeAll(async () => {
    hub = await startTestApi();
  });
  afterAll(() => hub?.close());

  it('refuses `first: $n` with a large n exactly as it refuses `first: 100` written in the document', async () => {
    const admin = await hub.adminSession();
    const literal = await hub.gql(`query Wall { ${WALL.replaceAll('$n', '100')} }`, {}, admin.cookie);
    expect(literal.errors?.[0]).toMatchObject({ message: 'La requête demande trop de données à la fois : découpez-la.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    for (const n of [100, 1_000_000]) {
      const variables = await hub.gql(`query Wall($n: Int) { ${WALL} }`, { n }, admin.cookie);
      expect(variables.status).toBe(400);
      expect(variables.data ?? null).toBeNull();
      expect(variables.errors?.[0]).toMatchObject({ message: 'La requête demande trop de données à la fois : découpez-la.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    }
    // A variable's default value counts too; a small page of the same shape passes.
    const defaulted = await hub.gql(`query Wall($n: Int = 100) { ${WALL} }`, {}, admin.cookie);
    expect(defaulted.errors?.[0]?.message).toBe('La requête demande trop de données à la fois : découpez-la.');
    const small = await hub.gql(`query Wall($n: Int) { ${WALL} }`, { n: 2 }, admin.cookie);
    expect(small.errors).toBeUndefined();
  });
});

describe('hostile GraphQL bodies (the real api process, its log read back)', () => {
  let api: HubProcess;
  let http: ReturnType<typeof request>;
  const post = (body: unknown) => http.post('/graphql').set('Content-Type', 'application/json').send(body as object);

  beforeAll(async () => {
    const port = await freePort();
    api = HubProcess.start('api', testEnv({ PORT: String(port), LOG_LEVEL: 'info' }));
    http = request(`http://127.0.0.1:${port}`);
    await Promise.race([
      waitFor(() => `the api (${api.text.slice(-1500)})`, async () => (await http.get('/health/ready')).status === 200, 90_000, 200),
      api.exited().then((code) => { throw new Error(`api exited with ${code}: ${api.text.slice(-1500)}`); }),
    ]);
  }, 120_000);
  afterAll(() => api?.stop());

  /** Every JSON log line the process wrote since `from`, and those at error level (pino: 50) or carrying a stack. */
  function logSince(from: number): { all: string[]; errors: string[] } {
    const all = api.text.slice(from).split('\n').filter((line) => line.trim() !== '');
    return { all, errors: all.filter((line) => /"level":(5|6)\d|"stack"|RangeError|Maximum call stack|\n\s+at /.test(line)
      || !line.startsWith('{')) };
  }

  it('answers a chain of 10,000 fragments (400 KB, anonymous) 400 with a French message, 23 times, and logs no error', async () => {
    const chain = fragmentChain(10_000);
    expect(chain.length).toBeGreaterThan(390_000);
    const from = api.text.length;
    for (let i = 0; i < 23; i++) {
      const res = await post({ query: chain });
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(res.body.errors?.[0]?.message).toMatch(/^La requête GraphQL est trop longue/);
    }
    expect(logSince(from).errors).toEqual([]);
  }, 120_000);

  it('refuses, before parsing, a document over the token limit and one nested too deep; the depth rule survives a chain within the limits', async () => {
    const from = api.text.length;
    const tokens = await post({ query: fragmentChain(1_000) });
    expect(tokens.status).toBe(400);
    expect(tokens.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(tokens.body.errors[0].message).toMatch(/^La requête GraphQL est trop longue/);
    const nested = await post({ query: `{ ${'me { '.repeat(3_000)} id ${'} '.repeat(3_000)} }` });
    expect(nested.status).toBe(400);
    expect(nested.body.errors?.[0]).toMatchObject({ message: 'La requête GraphQL est trop imbriquée.', extensions: { code: 'BAD_REQUEST' } });
    // 400 fragments fit in the token limit: the depth rule refuses them without overflowing the stack.
    const chain = await post({ query: fragmentChain(400) });
    expect(chain.status).toBe(400);
    expect(chain.body.errors?.[0]).toMatchObject({ message: 'La requête est trop profonde (au plus 10 niveaux).',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(logSince(from).errors).toEqual([]);
  });

  it('answers persisted-query mistakes as client errors, never INTERNAL_SERVER_ERROR, and logs no error', async () => {
    const query = '{ me { id } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const from = api.text.length;
    // An unknown hash is the protocol's normal answer: the client sends the query with it next.
    const unknown = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: randomBytes(32).toString('hex') } } });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const cases: unknown[] = [
      { query, extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }, // hash mismatch
      { query, extensions: { persistedQuery: { version: 2, sha256Hash } } }, // unknown version
      { query, extensions: { persistedQuery: 'yes' } }, // not an object
      { extensions: { persistedQuery: { version: 1, sha256Hash: 42 } } }, // a hash that is not a string
      { extensions: { persistedQuery: { version: 1 } } }, // no hash at all
      { query, extensions: 'persisted' },
    ];
    for (const body of cases) {
      const res = await post(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect({ body, code: res.body.errors?.[0]?.extensions?.code }).toEqual({ body, code: 'BAD_REQUEST' });
      expect(res.body.errors[0].message).not.toMatch(/[Ii]nternal|interne/);
    }
    expect(logSince(from).errors).toEqual([]);
  });

  it('answers a subscription POSTed over HTTP 400 BAD_REQUEST in French (subscriptions go over the WebSocket) and logs no error', async () => {
    const from = api.text.length;
    for (const query of ['subscription { notificationAdded { id } }',
      'subscription Chat($id: ID!) { chatMessageAdded(spaceId: $id) { id } }']) {
      const res = await post({ query, variables: { id: '00000000-0000-4000-8000-000000000000' } });
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
      expect(res.body.errors[0].message).toMatch(/WebSocket/);
    }
    expect(logSince(from).errors).toEqual([]);
  });
});

describe('hostile operations over the WebSocket (graphql-ws, the real api process, its log read back)', () => {
  const SEND = `mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { id } }`;
  const CHAT = `subscription($spaceId: ID!) { chatMessageAdded(spaceId: $spaceId) { id text } }`;
  /** Two nested pages of `$n` under the notification's space: over the cost limit with n = 100, well within with n = 2. */
  const COSTLY = `subscription($n: Int) { notificationAdded { space { posts(first: $n) { edges { node {
    comments(first: $n) { edges { node { id } } } } } } } } }`;
  let hub: TestApi;
  let api: HubProcess;
  let url: string;
  let world: SpaceWorld;
  let spaceId: string;
  let pupilCookie: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    hub = await startTestApi();
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
    pupilCookie = (await hub.personSession([Role.PUPIL], world.pupil.id)).cookie;
    const port = await freePort();
    api = HubProcess.start('api', testEnv({ PORT: String(port), LOG_LEVEL: 'info' }));
    url = `http://127.0.0.1:${port}`;
    await Promise.race([
      waitFor(() => `the api (${api.text.slice(-1500)})`, async () => (await request(url).get('/health/ready')).status === 200, 90_000, 200),
      api.exited().then((code) => { throw new Error(`api exited with ${code}: ${api.text.slice(-1500)}`); }),
    ]);
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await api?.stop();
    await hub?.close();
  });

  /**
   * A socket of the pupil's, signed in, and how the server closed it (if it did). The lazy client closes it itself
   * with 1000 once its last subscription ends; the server never closes with 1000 (4xxx, or 1009 for a large message).
   */
  function socket(): { client: Client; closedWith?: number } {
    const client = graphqlWsClient(url, pupilCookie);
    clients.push(client);
    const state: { client: Client; closedWith?: number } = { client };
    client.on('closed', (event) => {
      const { code } = event as { code: number };
      if (code !== 1000) state.closedWith ??= code;
    });
    return state;
  }

  /** What the server answers first to an operation on `client`: its refusal (the errors), or {} if it runs and yields. */
  async function answerTo(client: Client, payload: SubscribePayload): Promise<{ errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
    let answer: { errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined;
    const unsubscribe = client.subscribe(payload, {
      next: () => { answer ??= {}; },
      error: (error) => { answer ??= { errors: Array.isArray(error) ? error : [{ message: String(error) }] }; },
      complete: () => { answer ??= {}; },
    });
    await waitFor(`an answer to ${payload.query.slice(0, 80)}`, async () => answer !== undefined, 10_000, 20);
    unsubscribe();
    return answer!;
  }

  /** Follows the space's chat on `client` and waits until a message sent by the teacher arrives (sending until one does). */
  async function chatStillArrives(client: Client, query = CHAT): Promise<void> {
    const received: string[] = [];
    const errors: unknown[] = [];
    const unsubscribe = client.subscribe<{ chatMessageAdded: { id: string } }>({ query, variables: { spaceId } }, {
      next: (value) => { if (value.data?.chatMessageAdded) received.push(value.data.chatMessageAdded.id); },
      error: (error) => errors.push(error),
      complete: () => undefined,
    });
    const sent: string[] = [];
    await waitFor('a chat message over the WebSocket', async () => {
      if (errors.length > 0) throw new Error(`the chat subscription failed: ${JSON.stringify(errors)}`);
      if (received.some((id) => sent.includes(id))) return true;
      const res = await request(url).post('/graphql').set('Content-Type', 'application/json').set('Cookie', world.teacher.cookie)
        .send({ query: SEND, variables: { input: { spaceId, text: 'Toujours là ?' } } });
      sent.push(ok<{ sendChatMessage: { id: string } }>({ status: res.status, data: res.body.data, errors: res.body.errors }).sendChatMessage.id);
      return false;
    }, 15_000, 200);
    unsubscribe();
  }

  /** Every log line since `from` at error level, carrying a stack, or not JSON (graphql-ws's console.error). */
  function errorLinesSince(from: number): string[] {
    return api.text.slice(from).split('\n').filter((line) => line.trim() !== '')
      .filter((line) => /"level":(5|6)\d|"stack"|RangeError|Maximum call stack|\n\s+at /.test(line) || !line.startsWith('{'));
  }

  it('refuses a fragment chain, an oversize document, a too deep and a too costly subscription with the codes and French messages of HTTP; the socket keeps serving', async () => {
    const pupil = socket();
    const from = api.text.length;
    const refusals = {
      tokens: await answerTo(pupil.client, { query: fragmentChain(1_000, 'subscription') }),
      chain: await answerTo(pupil.client, { query: fragmentChain(400, 'subscription') }),
      length: await answerTo(pupil.client, { query: `# ${'x'.repeat(100_000)}\nsubscription { notificationAdded { id } }` }),
      nesting: await answerTo(pupil.client, { query: `subscription { ${'notificationAdded { '.repeat(100)} id ${'} '.repeat(100)} }` }),
      deep: await answerTo(pupil.client, { query: `subscription { notificationAdded { ${'... on Notification { '.repeat(12)} id ${'} '.repeat(12)} } }` }),
      costly: await answerTo(pupil.client, { query: COSTLY, variables: { n: 100 } }),
      defaulted: await answerTo(pupil.client, { query: COSTLY.replace('$n: Int', '$n: Int = 100') }),
    };
    const http = await request(url).post('/graphql').set('Content-Type', 'application/json').set('Cookie', pupilCookie)
      .send({ query: `query Wall($n: Int) { spaces(first: $n) { edges { node { posts(first: $n) { edges { node {
        comments(first: $n) { edges { node { id } } } } } } } } } }`, variables: { n: 100 } });
    expect(http.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refusals).toEqual({
      tokens: { errors: [{ message: GRAPHQL_LIMIT_MESSAGES.tokens, extensions: { code: 'BAD_REQUEST' } }] },
      chain: { errors: [expect.objectContaining({ message: GRAPHQL_LIMIT_MESSAGES.depth, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })] },
      length: { errors: [{ message: GRAPHQL_LIMIT_MESSAGES.length, extensions: { code: 'BAD_REQUEST' } }] },
      nesting: { errors: [{ message: GRAPHQL_LIMIT_MESSAGES.nesting, extensions: { code: 'BAD_REQUEST' } }] },
      deep: { errors: [expect.objectContaining({ message: GRAPHQL_LIMIT_MESSAGES.depth, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })] },
      costly: { errors: [{ message: http.body.errors[0].message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
      defaulted: { errors: [{ message: http.body.errors[0].message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
    });
    // A subscription through a short chain of fragments runs, on the same socket.
    await chatStillArrives(pupil.client, `subscription Chat($spaceId: ID!) { ...Outer } fragment Outer on Subscription { ...Inner }
      fragment Inner on Subscription { chatMessageAdded(spaceId: $spaceId) { id text } }`);
    expect(pupil.closedWith).toBeUndefined();
    expect(errorLinesSince(from)).toEqual([]);
  }, 60_000);

  it('refuses a forbidden character in a variable (BAD_USER_INPUT, the argument\'s path), and a syntax error, without closing the socket', async () => {
    const pupil = socket();
    const from = api.text.length;
    const control = await answerTo(pupil.client, { query: CHAT, variables: { spaceId: `${spaceId}\u0007` } });
    expect(control).toEqual({ errors: [{ message: forbiddenCharacterMessage(forbiddenCharacterIn('\u0007')!),
      extensions: { code: 'BAD_USER_INPUT', field: ['spaceId'] } }] });
    const syntax = await answerTo(pupil.client, { query: 'subscription { notificationAdded { id }' });
    expect(syntax.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    await chatStillArrives(pupil.client);
    expect(pupil.closedWith).toBeUndefined();
    expect(errorLinesSince(from)).toEqual([]);
  }, 60_000);

  it('closes a socket whose message is over the limit (1009) and keeps serving the others', async () => {
    const bystander = socket();
    await chatStillArrives(bystander.client);
    const from = api.text.length;
    // A raw graphql-ws socket, as a hostile client would open one: its message of 200 KiB is never read whole.
    const raw = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws',
      { headers: { cookie: pupilCookie, origin: url } });
    let closedWith: number | undefined;
    raw.on('close', (code) => { closedWith = code; });
    raw.on('error', () => undefined);
    await new Promise<void>((done, fail) => { raw.once('open', () => done()); raw.once('error', fail); });
    raw.send(JSON.stringify({ type: 'connection_init' }));
    await new Promise<void>((done) => raw.once('message', () => done())); // connection_ack
    expect(GRAPHQL_WS_MAX_PAYLOAD).toBeGreaterThan(100_000);
    raw.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `# ${'x'.repeat(200 * 1024)}\nsubscription { notificationAdded { id } }` } }));
    await waitFor('the oversize socket closed', async () => closedWith !== undefined, 10_000, 20);
    expect(closedWith).toBe(1009);
    await chatStillArrives(bystander.client);
    expect(bystander.closedWith).toBeUndefined();
    expect(errorLinesSince(from)).toEqual([]);
  }, 60_000);
});

describe('/metrics', () => {
  /** An address of this machine that is not loopback, to reach the api as another host would. */
  const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  describe('by default (loopback only)', () => {
    let hub: TestApi;
    beforeAll(async () => {
      hub = await startTestApi({ HOST: '0.0.0.0' });
    });
    afterAll(() => hub?.close());

    it('does not grow with 3,000 anonymous requests under random operation names (unknown names count as "other")', async () => {
      const anonymous = (name: string) => hub.http.post('/graphql').set('Content-Type', 'application/json')
        .send({ query: `query ${name} { me { id } }`, operationName: name });
      await anonymous(`R${randomBytes(8).toString('hex')}`);
      await anonymous('Me');
      await hub.http.get('/metrics');
      const before = (await hub.http.get('/metrics')).text;
      const lines = (text: string) => text.split('\n').filter((line) => line.startsWith('passerelle_')).map((line) => line.replace(/ [^ ]+$/, ''));
      for (let batch = 0; batch < 30; batch++) {
        await Promise.all(Array.from({ length: 100 }, () => anonymous(`R${randomBytes(8).toString('hex')}`)));
      }
      const after = (await hub.http.get('/metrics')).text;
      expect(lines(after).filter((line) => !lines(before).includes(line))).toEqual([]);
      expect(after.length).toBeLessThan(before.length + 2_000);
      expect(after).toMatch(/passerelle_graphql_operations_total\{operation="other",type="query",outcome="ok"\} 30\d\d/);
      expect(after).toMatch(/passerelle_graphql_operations_total\{operation="Me",type="query",outcome="ok"\} 1/);
    }, 120_000);

    it('answers 404 to a request that does not come from this machine, directly or through a reverse proxy', async () => {
      expect((await hub.http.get('/metrics')).status).toBe(200);
      const proxied = await hub.http.get('/metrics').set('X-Forwarded-For', '203.0.113.7');
      expect(proxied.status).toBe(404);
      expect(proxied.body).toEqual({ code: 'NOT_FOUND', message: 'Page introuvable.' });
      expect(external).toBeDefined();
      const port = new URL(hub.url).port;
      const remote = await request(`http://${external}:${port}`).get('/metrics');
      expect(remote.status).toBe(404);
      expect(remote.body).toEqual({ code: 'NOT_FOUND', message: 'Page introuvable.' });
      expect(remote.text).not.toContain('passerelle_');
    });
  });

  describe('with METRICS_TOKEN', () => {
    const token = randomBytes(24).toString('base64url');
    let hub: TestApi;
    beforeAll(async () => {
      hub = await startTestApi({ HOST: '0.0.0.0', METRICS_TOKEN: token });
    });
    afterAll(() => hub?.close());

    it('answers the bearer of the token, from anywhere, and 404 to anyone else', async () => {
      const remote = request(`http://${external}:${new URL(hub.url).port}`);
      expect((await remote.get('/metrics').set('Authorization', `Bearer ${token}`)).status).toBe(200);
      expect((await remote.get('/metrics')).status).toBe(404);
      expect((await remote.get('/metrics').set('Authorization', `Bearer ${token}x`)).status).toBe(404);
      expect((await hub.http.get('/metrics')).status).toBe(404);
      const local = await hub.http.get('/metrics').set('Authorization', `Bearer ${token}`);
      expect(local.status).toBe(200);
      expect(local.text).toContain('passerelle_http_request_duration_seconds_bucket');
    });
  });
});
