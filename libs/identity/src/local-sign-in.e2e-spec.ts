import { randomBytes } from 'node:crypto';
import { Role } from '@passerelle/access';
import { cookieFrom, startTestApi, TestApi, unique } from '../../../test/harness';
import { HubAdminsService } from './local/hub-admins.service.js';
import { SessionService, SESSION_COOKIE } from './sessions/session.service.js';

const ME = '{ me { id kind displayName roles } }';

describe('hub administrator sign-in and sessions', () => {
  let hub: TestApi;

  beforeAll(async () => {
    hub = await startTestApi({ LOGIN_THROTTLE_PER_LOGIN: '3', LOGIN_THROTTLE_PER_IP: '1000' });
  });
  afterAll(() => hub?.close());

  async function newAdmin() {
    const login = unique('adm-');
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await hub.api.app.get(HubAdminsService).create({ login, password, displayName: 'Admin Test' });
    return { login, password };
  }

  it('signs in with 204 and an httpOnly SameSite=Lax session cookie, and `me` shows the administrator', async () => {
    const { login, password } = await newAdmin();
    const res = await hub.http.post('/auth/local/login').set('Origin', hub.url).send({ login, password });
    expect(res.status).toBe(204);
    const setCookie = [res.headers['set-cookie']].flat().join('\n');
    expect(setCookie).toMatch(new RegExp(`${SESSION_COOKIE}=[A-Za-z0-9_-]{43}`));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    const me = await hub.gql<{ me: { kind: string; roles: string[]; displayName: string } }>(ME, {}, cookieFrom(res.headers['set-cookie']));
    expect(me.data?.me).toMatchObject({ kind: 'HUB_ADMIN', roles: [Role.HUB_ADMIN], displayName: 'Admin Test' });
  });

  it('answers me: null without a session and with an unknown session id', async () => {
    expect((await hub.gql(ME)).data).toEqual({ me: null });
    expect((await hub.gql(ME, {}, `${SESSION_COOKIE}=forged-session-id`)).data).toEqual({ me: null });
  });

  it('refuses a wrong password with 401 and a French message, and sets no cookie', async () => {
    const { login } = await newAdmin();
    const res = await hub.http.post('/auth/local/login').set('Origin', hub.url).send({ login, password: 'not the password' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: 'Identifiant ou mot de passe incorrect.' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses an unknown login exactly like a wrong password', async () => {
    const res = await hub.http.post('/auth/local/login').set('Origin', hub.url).send({ login: unique('nobody-'), password: 'whatever password' });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Identifiant ou mot de passe incorrect.');
  });

  it('refuses a malformed body with 400 naming the field', async () => {
    const res = await hub.http.post('/auth/local/login').set('Origin', hub.url).send({ login: 'x' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', field: ['password'] });
  });

  it('throttles repeated attempts on one login with 429 and Retry-After, even with the right password', async () => {
    const { login, password } = await newAdmin();
    for (let i = 0; i < 3; i++) {
      expect((await hub.http.post('/auth/local/login').set('Origin', hub.url).send({ login, password: 'wrong password' })).status).toBe(401);
    }
    const blocked = await hub.http.post('/auth/local/login').set('Origin', hub.url).send({ login, password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.code).toBe('TOO_MANY_REQUESTS');
    expect(blocked.headers['set-cookie']).toBeUndefined();
  });

  it('rotates the session id at sign-in: the previous session no longer works', async () => {
    const { login, password } = await newAdmin();
    const first = cookieFrom((await hub.http.post('/auth/local/login').set('Origin', hub.url).send({ login, password })).headers['set-cookie']);
    const second = await hub.http.post('/auth/local/login').set('Origin', hub.url).set('Cookie', first).send({ login, password });
    const rotated = cookieFrom(second.headers['set-cookie']);
    expect(rotated).not.toEqual(first);
    expect((await hub.gql(ME, {}, first)).data).toEqual({ me: null });
    expect((await hub.gql<{ me: unknown }>(ME, {}, rotated)).data?.me).not.toBeNull();
  });

  it('ends the session at logout', async () => {
    const { login, password } = await newAdmin();
    const cookie = cookieFrom((await hub.http.post('/auth/local/login').set('Origin', hub.url).send({ login, password })).headers['set-cookie']);
    const res = await hub.http.post('/auth/logout').set('Origin', hub.url).set('Cookie', cookie);
    expect(res.status).toBe(204);
    expect([res.headers['set-cookie']].flat().join()).toMatch(new RegExp(`${SESSION_COOKIE}=;`));
    expect((await hub.gql(ME, {}, cookie)).data).toEqual({ me: null });
  });

  it('revokes every session of a principal at once', async () => {
    const a = await hub.personSession([Role.PUPIL]);
    const b = await hub.personSession([Role.PUPIL], a.id);
    expect(await hub.api.app.get(SessionService).revokeAllOf(a.id)).toBe(2);
    expect((await hub.gql(ME, {}, a.cookie)).data).toEqual({ me: null });
    expect((await hub.gql(ME, {}, b.cookie)).data).toEqual({ me: null });
  });

  it('never opens a session past its cap (e.g. a convention end)', async () => {
    const sessions = hub.api.app.get(SessionService);
    const past = await sessions.open({ kind: 'PERSON', id: (await hub.personSession([])).id, displayName: 'x', roles: [] },
      {}, new Date(Date.now() - 1000));
    expect(await sessions.resolve(past.id)).toBeNull();
  });
});

describe('hub administrator sign-in throttling by address', () => {
  let hub: TestApi;

  beforeAll(async () => {
    // Addresses come from X-Forwarded-For (one trusted proxy in front: the test), so that one test can sign in from several.
    hub = await startTestApi({ TRUST_PROXY: '1', LOGIN_THROTTLE_PER_LOGIN: '5', LOGIN_THROTTLE_PER_IP: '8' });
  });
  afterAll(() => hub?.close());

  const loginFrom = (address: string, body: { login: string; password: string }) =>
    hub.http.post('/auth/local/login').set('X-Forwarded-For', address).set('Origin', hub.url).send(body);

  it("does not lock the administrator out when an attacker's address fails 5 times: the attacker is slowed, the administrator signs in from another address", async () => {
    const login = unique('adm-');
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await hub.api.app.get(HubAdminsService).create({ login, password });
    for (let i = 0; i < 5; i++) expect((await loginFrom('203.0.113.7', { login, password: 'wrong password' })).status).toBe(401);
    const attacker = await loginFrom('203.0.113.7', { login, password });
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(0);
    const admin = await loginFrom('198.51.100.20', { login, password });
    expect(admin.status).toBe(204);
    expect(cookieFrom(admin.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
  });

  it('answers 429 to failed administrator logins under many different names from one address (per-address limit)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await loginFrom('203.0.113.99', { login: unique('guess-'), password: 'wrong password' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
    // Another address is not affected.
    expect((await loginFrom('198.51.100.21', { login: unique('guess-'), password: 'wrong password' })).status).toBe(401);
  });
});

describe('hub administrator sign-in throttling behind a reverse proxy', () => {
  const wrong = { password: 'wrong password' };

  describe('with one trusted proxy (TRUST_PROXY=1)', () => {
    let hub: TestApi;
    beforeAll(async () => {
      hub = await startTestApi({ TRUST_PROXY: '1', LOGIN_THROTTLE_PER_LOGIN: '5', LOGIN_THROTTLE_PER_IP: '8', LOGIN_THROTTLE_PER_LOGIN_ALL_ADDRESSES: '1000' });
    });
    afterAll(() => hub?.close());

    // The test is the proxy: it appends the address the client connected from to whatever X-Forwarded-For the client sent.
    const throughProxy = (clientSent: string, clientAddress: string, body: { login: string; password: string }) =>
      hub.http.post('/auth/local/login').set('X-Forwarded-For', `${clientSent}, ${clientAddress}`).set('Origin', hub.url).send(body);

    it('throttles a client that rotates the X-Forwarded-For it sends: its address is the one the proxy appended', async () => {
      const login = unique('adm-');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await throughProxy(`198.18.0.${i + 1}`, '203.0.113.50', { login, ...wrong })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    });

    it('counts an IPv6 client by its /64: rotating addresses inside it does not escape the limits', async () => {
      const login = unique('adm-');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await throughProxy('198.18.0.1', `2001:db8:5:6::${(i + 1).toString(16)}`, { login, ...wrong })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      // Another /64 is not affected.
      expect((await throughProxy('198.18.0.1', '2001:db8:5:7::1', { login, ...wrong })).status).toBe(401);
    });
  });

  it('ignores X-Forwarded-For from an address that is not a listed proxy (TRUST_PROXY=10.9.9.9): the socket address is throttled', async () => {
    // Per (login, address) only: the per-address count of 127.0.0.1 is shared with the other tests of this run.
    const hub = await startTestApi({ TRUST_PROXY: '10.9.9.9', LOGIN_THROTTLE_PER_LOGIN: '5', LOGIN_THROTTLE_PER_IP: '100000' });
    try {
      const login = unique('adm-');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await hub.http.post('/auth/local/login').set('X-Forwarded-For', `198.18.1.${i + 1}`).set('Origin', hub.url)
          .send({ login, ...wrong })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await hub.close();
    }
  });

  describe('per login from all addresses', () => {
    let hub: TestApi;
    beforeAll(async () => {
      hub = await startTestApi({ TRUST_PROXY: '1', LOGIN_THROTTLE_PER_LOGIN: '5', LOGIN_THROTTLE_PER_IP: '8', LOGIN_THROTTLE_PER_LOGIN_ALL_ADDRESSES: '6' });
    });
    afterAll(() => hub?.close());

    const loginFrom = (address: string, body: { login: string; password: string }) =>
      hub.http.post('/auth/local/login').set('X-Forwarded-For', address).set('Origin', hub.url).send(body);

    it('slows an attacker spread over many addresses, while the administrator still signs in from an address it used recently', async () => {
      const login = unique('adm-');
      const password = `pw-${randomBytes(8).toString('hex')}`;
      await hub.api.app.get(HubAdminsService).create({ login, password });
      expect((await loginFrom('198.51.100.30', { login, password })).status).toBe(204);

      const statuses: number[] = [];
      // The administrator's first sign-in there counted (the address was new then): 5 more attempts reach the ceiling of 6.
      for (let i = 0; i < 5; i++) statuses.push((await loginFrom(`203.0.113.${100 + i}`, { login, ...wrong })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      // A seventh address, even with the right password: refused without checking it, with Retry-After.
      const attacker = await loginFrom('203.0.113.120', { login, password });
      expect(attacker.status).toBe(429);
      expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(0);
      // The address the administrator signed in from keeps working.
      const admin = await loginFrom('198.51.100.30', { login, password });
      expect(admin.status).toBe(204);
      expect(cookieFrom(admin.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
      // Other logins are not affected.
      expect((await loginFrom('203.0.113.121', { login: unique('adm-'), ...wrong })).status).toBe(401);
    });
  });
});

describe('session timeouts', () => {
  let hub: TestApi;
  beforeAll(async () => {
    hub = await startTestApi({ SESSION_IDLE_MINUTES: '1', SESSION_ABSOLUTE_HOURS: '1' });
  });
  afterAll(() => hub?.close());

  it('expires a session after the idle timeout and after the absolute timeout', async () => {
    const sessions = hub.api.app.get(SessionService);
    const realNow = Date.now;
    const opened = await sessions.open({ kind: 'PERSON', id: (await hub.personSession([])).id, displayName: 'x', roles: [] });
    try {
      Date.now = () => realNow() + 61_000;
      expect(await sessions.resolve(opened.id)).toBeNull();
    } finally {
      Date.now = realNow;
    }
    const busy = await sessions.open({ kind: 'PERSON', id: (await hub.personSession([])).id, displayName: 'y', roles: [] });
    try {
      // Active every 50 s for over an hour: the idle timeout never hits, the absolute one does.
      for (let t = 50_000; t < 3_600_000; t += 50_000) {
        Date.now = () => realNow() + t;
        expect(await sessions.resolve(busy.id)).not.toBeNull();
      }
      Date.now = () => realNow() + 3_600_001;
      expect(await sessions.resolve(busy.id)).toBeNull();
    } finally {
      Date.now = realNow;
    }
  });
});
