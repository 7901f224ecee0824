import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { freePort, HubProcess, ROOT, waitFor } from '../../../test/processes';
import { cookieFrom, startTestApi, TestApi } from '../../../test/harness';
import { validUai } from '../../../test/factories';
import { buildSchemaText, printCommittedSchema } from './generate-schema';

describe('the API process', () => {
  let hub: TestApi;
  beforeAll(async () => {
    hub = await startTestApi();
  });
  afterAll(() => hub?.close());

  it('keeps the committed schema.gql identical to the schema it serves (run `npm run build` after changing a resolver)', async () => {
    const committed = readFileSync(join(ROOT, 'schema.gql'), 'utf8');
    expect(printCommittedSchema(hub.api.app.get(GraphQLSchemaHost).schema)).toEqual(committed);
    expect(await buildSchemaText()).toEqual(committed);
  });

  it('answers /health/live and /health/ready with PostgreSQL and Redis up', async () => {
    expect((await hub.http.get('/health/live')).status).toBe(200);
    const ready = await hub.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });

  it('exposes Prometheus metrics for HTTP, GraphQL operations, the outbox and jobs', async () => {
    const admin = await hub.adminSession();
    await hub.gql('query Structures { structures(first: 1) { edges { node { id } } } }', {}, admin.cookie);
    await hub.gql('query Probe { structures(first: 1) { edges { node { id } } } }', {}, admin.cookie);
    const res = await hub.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('passerelle_http_request_duration_seconds_bucket');
    // Operation names are labels only when the schema knows them (a root field in PascalCase): others count as "other".
    expect(res.text).toMatch(/passerelle_graphql_operations_total\{operation="Structures",type="query",outcome="ok"\} \d+/);
    expect(res.text).toMatch(/passerelle_graphql_operations_total\{operation="other",type="query",outcome="ok"\} \d+/);
    expect(res.text).not.toContain('operation="Probe"');
    expect(res.text).toMatch(/passerelle_outbox_pending \d+/);
    expect(res.text).toMatch(/passerelle_outbox_lag_seconds [\d.]+/);
    expect(res.text).toMatch(/passerelle_queue_jobs\{queue="notifications",state="waiting"\} \d+/);
  });

  it('refuses a GraphQL GET without a CSRF-safe header (Apollo CSRF prevention)', async () => {
    const res = await hub.http.get('/graphql').query({ query: '{ me { id } }' });
    expect(res.status).toBe(400);
  });

  it('refuses a handler that declares no access rule: deny by default is wired as a global guard', async () => {
    const { AccessGuard, SessionService } = await import('@passerelle/identity');
    const { Reflector } = await import('@nestjs/core');
    const guard = new AccessGuard(hub.api.app.get(Reflector), hub.api.app.get(SessionService), hub.config);
    const context = {
      getType: () => 'http', getHandler: () => function undeclared() {}, getClass: () => class Undeclared {},
      switchToHttp: () => ({ getRequest: () => ({ headers: {}, cookies: {} }) }),
    };
    await expect(guard.canActivate(context as never)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('never leaks a stack trace, SQL or entity name in a GraphQL error', async () => {
    const admin = await hub.adminSession();
    const res = await hub.gql('{ structure(id: "not-a-uuid") { id } }', {}, admin.cookie);
    const text = JSON.stringify(res);
    expect(text).not.toMatch(/stacktrace|SELECT|Entity|QueryFailedError/i);
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses documents that are too deep or use too many aliases, before any resolver runs', async () => {
    const admin = await hub.adminSession();
    const deep = await hub.gql(`{ spaces(first: 1) { edges { node { posts(first: 1) { edges { node {
      comments(first: 1) { edges { node { author { displayName } } } } } } } } } } }`, {}, admin.cookie);
    expect(deep.errors?.[0]).toMatchObject({ message: 'La requête est trop profonde (au plus 10 niveaux).',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ');
    const many = await hub.gql(`{ ${aliases} }`, {}, admin.cookie);
    expect(many.errors?.[0]).toMatchObject({ message: "La requête utilise trop d'alias (au plus 15).",
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const fine = await hub.gql('{ structures(first: 20) { edges { node { id uai name } } pageInfo { hasNextPage endCursor } } }', {},
      admin.cookie);
    expect(fine.errors).toBeUndefined();
  });

  it('accepts automatic persisted queries: the hash alone once the query is known (less to send from a school)', async () => {
    const query = '{ me { id } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const unknown = await hub.http.post('/graphql').set('Content-Type', 'application/json').send({ extensions });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await hub.http.post('/graphql').set('Content-Type', 'application/json').send({ query, extensions });
    expect(registered.body).toEqual({ data: { me: null } });
    const byHash = await hub.http.post('/graphql').set('Content-Type', 'application/json').send({ extensions });
    expect(byHash.body).toEqual({ data: { me: null } });
  });

  it('marks every GraphQL answer `Cache-Control: no-store` (private to its caller), errors included', async () => {
    const admin = await hub.adminSession();
    const data = await hub.http.post('/graphql').set('Content-Type', 'application/json').set('Cookie', admin.cookie)
      .send({ query: '{ structures(first: 1) { edges { node { id } } } }' });
    expect(data.body.errors).toBeUndefined();
    expect(data.headers['cache-control']).toBe('no-store');
    const refused = await hub.http.post('/graphql').set('Content-Type', 'application/json').send({ query: '{ structures(first: 1) { edges { node { id } } } }' });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('answers an unknown route with a French 404', async () => {
    const res = await hub.http.get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: 'Page introuvable.' });
  });
});

describe('production GraphQL settings', () => {
  let hub: TestApi;
  beforeAll(async () => {
    hub = await startTestApi({ NODE_ENV: 'production' });
  });
  afterAll(() => hub?.close());

  it('turns introspection and field suggestions off', async () => {
    const introspection = await hub.gql('{ __schema { types { name } } }');
    expect(introspection.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await hub.gql('{ structurez(first: 1) { edges { node { id } } } }');
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
  });
});

describe('operator command line', () => {
  it('creates a hub administrator with `npm run cli -- admin:create`, who can then sign in', async () => {
    const login = `cli-${Date.now().toString(36)}`;
    const cli = spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/src/cli.js'), 'admin:create', login, 'Admin CLI'], {
      cwd: ROOT, encoding: 'utf8',
      env: { PATH: process.env.PATH, DATABASE_URL: process.env.TEST_DATABASE_URL, LOG_LEVEL: 'warn', ADMIN_PASSWORD: 'cli-password-123' },
    });
    expect(cli.stdout).toContain(`Hub administrator created: ${login}`);
    expect(cli.status).toBe(0);
    const hub = await startTestApi();
    try {
      expect((await hub.http.post('/auth/local/login').set('Origin', hub.url).send({ login, password: 'cli-password-123' })).status).toBe(204);
    } finally {
      await hub.close();
    }
  });

  it('refuses a password under 12 characters and creates nothing', () => {
    const cli = spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/src/cli.js'), 'admin:create', 'cli-short'], {
      cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, DATABASE_URL: process.env.TEST_DATABASE_URL, LOG_LEVEL: 'warn' },
      input: 'short\n',
    });
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toContain('au moins 12 caractères');
  });
});

describe('process start-up', () => {
  it('stops with a non-zero exit code and one line naming DATABASE_URL when it is wrong', async () => {
    const api = HubProcess.start('api', { DATABASE_URL: 'bogus' });
    const code = await api.exited();
    expect(code).not.toBe(0);
    const lines = api.text.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('DATABASE_URL');
  });

  it('runs on the embedded PostgreSQL without DATABASE_URL or REDIS_URL: sign-in, GraphQL and jobs in one process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-embedded-'));
    const port = await freePort();
    const api = HubProcess.start('api', {
      PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_LOGIN: 'admin', ADMIN_PASSWORD: 'embedded-password-1',
    });
    try {
      const http = request(`http://127.0.0.1:${port}`);
      await waitFor(() => `the embedded hub (${api.text.slice(-1500)})`, async () => (await http.get('/health/ready')).status === 200, 60_000, 250);
      expect(api.text.split('\n').slice(0, 3).join('\n')).toMatch(/embedded PostgreSQL \(PGlite\)/);
      const login = await http.post('/auth/local/login').set('Origin', `http://127.0.0.1:${port}`).send({ login: 'admin', password: 'embedded-password-1' });
      expect(login.status).toBe(204);
      const cookie = cookieFrom(login.headers['set-cookie']);
      const uai = validUai();
      const created = await http.post('/graphql').set('Cookie', cookie).set('Content-Type', 'application/json')
        .send({ query: `mutation { createStructure(input: {uai: "${uai}", name: "École embarquée", type: ECOLE}) { uai } }` });
      expect(created.body).toEqual({ data: { createStructure: { uai } } });
      // The structure-created job runs in this same process, straight from the outbox.
      await waitFor('the in-process job', async () => /passerelle_job_outcomes_total\{name="structure-created",outcome="completed"\} 1/
        .test((await http.get('/metrics')).text), 20_000, 200);
    } finally {
      expect(await api.stop()).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
