import { createHash, randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import request from 'supertest';
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
function fragmentChain(length: number): string {
  const name = (i: number) => `Fragment${String(i).padStart(5, '0')}`;
  const lines = ['query { ...Fragment00000 }'];
  for (let i = 0; i < length; i++) lines.push(`fragment ${name(i)} on Query { ${i < length - 1 ? `...${name(i + 1)}` : 'me { id }'} }`);
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
      // A proxy on this machine that says whom it forwards with X-Real-IP only (nginx's `proxy_set_header X-Real-IP`).
      const realIp = await hub.http.get('/metrics').set('X-Real-IP', '203.0.113.7');
      expect(realIp.status).toBe(404);
      expect(realIp.body).toEqual({ code: 'NOT_FOUND', message: 'Page introuvable.' });
      expect((await hub.http.get('/metrics').set('Via', '1.1 proxy')).status).toBe(404);
      expect(external).toBeDefined();
      const port = new URL(hub.url).port;
      const remote = await request(`http://${external}:${port}`).get('/metrics');
      expect(remote.status).toBe(404);
      expect(remote.body).toEqual({ code: 'NOT_FOUND', message: 'Page introuvable.' });
      expect(remote.text).not.toContain('passerelle_');
    });
  });

  describe('behind a reverse proxy on this machine (TRUST_PROXY=127.0.0.1)', () => {
    let hub: TestApi;
    beforeAll(async () => {
      hub = await startTestApi({ TRUST_PROXY: '127.0.0.1' });
    });
    afterAll(() => hub?.close());

    it('answers a scrape from this machine, and 404 to what the proxy forwards from a client', async () => {
      expect((await hub.http.get('/metrics')).status).toBe(200);
      const forwarded = await hub.http.get('/metrics').set('X-Forwarded-For', '203.0.113.7').set('X-Real-IP', '203.0.113.7');
      expect(forwarded.status).toBe(404);
      expect(forwarded.text).not.toContain('passerelle_');
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
