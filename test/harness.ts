import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '@passerelle/access';
import { AppConfig, loadConfig } from '@passerelle/config';
import { HubAdminsService, SessionService, SESSION_COOKIE } from '@passerelle/identity';
import { OutboxRelay } from '@passerelle/jobs';
import { RunningApi, startApi } from '../apps/api/src/bootstrap';

/** The environment of a test API: this run's database and Redis prefix (see global-setup.ts). */
export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATABASE_URL: process.env.TEST_DATABASE_URL,
    REDIS_URL: process.env.TEST_REDIS_URL,
    REDIS_KEY_PREFIX: process.env.TEST_REDIS_PREFIX,
    OUTBOX_POLL_MS: '200',
    ...overrides,
  };
}

export interface GraphqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: (string | number)[] } }[];
}

export interface TestApi {
  readonly api: RunningApi;
  readonly config: AppConfig;
  readonly url: string;
  readonly dataSource: DataSource;
  readonly http: ReturnType<typeof request>;
  /** POSTs a GraphQL operation, with a session cookie when given. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, cookie?: string): Promise<GraphqlResult<T>>;
  /** A new hub administrator (unique login) and a signed-in cookie for it. */
  adminSession(): Promise<{ cookie: string; login: string; password: string; id: string }>;
  /** A session for a directory person holding these roles (seeded directly, as a sign-in would). */
  personSession(roles: Role[], personId?: string): Promise<{ cookie: string; id: string }>;
  /** Waits until the outbox has handed over every due job. */
  drainOutbox(): Promise<void>;
  close(): Promise<void>;
}

export function unique(prefix = 't'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/** Starts the real API (Fastify, GraphQL, PostgreSQL, Redis) on a random local port (on every interface with HOST: '0.0.0.0'). */
export async function startTestApi(overrides: Record<string, string | undefined> = {}): Promise<TestApi> {
  const config = loadConfig(testEnv(overrides));
  const api = await startApi(config, { host: overrides.HOST ?? '127.0.0.1' });
  const http = request(api.url);
  const dataSource = api.app.get(DataSource);
  const sessions = api.app.get(SessionService);
  return {
    api, config, url: api.url, dataSource, http,
    async gql(query, variables, cookie) {
      const req = http.post('/graphql').set('Content-Type', 'application/json');
      if (cookie) req.set('Cookie', cookie);
      const res = await req.send({ query, variables });
      return { status: res.status, data: res.body?.data, errors: res.body?.errors };
    },
    async adminSession() {
      const login = unique('admin-');
      const password = `pw-${randomBytes(8).toString('hex')}`;
      const admin = await api.app.get(HubAdminsService).create({ login, password });
      const res = await http.post('/auth/local/login').set('Origin', api.url).send({ login, password });
      if (res.status !== 204) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { cookie: cookieFrom(res.headers['set-cookie']), login, password, id: admin!.id };
    },
    async personSession(roles, personId) {
      const id = personId ?? (await dataSource.query(`SELECT gen_random_uuid() AS id`))[0].id;
      const session = await sessions.open({ kind: 'PERSON', id, displayName: 'Test', roles });
      return { cookie: `${SESSION_COOKIE}=${session.id}`, id };
    },
    drainOutbox: () => api.app.get(OutboxRelay).drain(),
    close: () => api.close(),
  };
}

/** `name=value` of the session cookie in a Set-Cookie header. */
export function cookieFrom(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = all.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!found) throw new Error('no session cookie set');
  return found.split(';')[0];
}
