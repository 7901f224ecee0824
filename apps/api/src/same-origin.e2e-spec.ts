import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { HubAdminsService, SESSION_COOKIE } from '@passerelle/identity';
import { cookieFrom, startTestApi, TestApi, unique } from '../../../test/harness';
import { filesUnder, png } from '../../../libs/spaces/test/files';
import { buildWorld, one, sharedSpace, SpaceWorld } from '../../../libs/spaces/test/fixtures';

/**
 * One same-origin check for every cookie-authenticated POST outside GraphQL (the access guard): a post from another
 * site, or one that says nothing of where it comes from, is refused with 403 and a French message before anything is
 * read or written. The SAML ACS is the one exemption (the partner's IdP posts it, cross-site by design).
 */
describe('same-origin check of the POST routes outside GraphQL', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let dataDir: string;
  let spaceId: string;
  const foreign = [{ Origin: 'https://evil.example' }, { Origin: 'null' }, { Referer: 'https://evil.example/page' },
    { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, {}];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'passerelle-same-origin-'));
    hub = await startTestApi({ REDIS_URL: undefined, DATA_DIR: dataDir });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world);
  });
  afterAll(async () => {
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const documents = async () => Number((await one<{ n: string }>(hub, 'SELECT count(*)::text AS n FROM document WHERE space_id = $1', [spaceId])).n);

  it('refuses a cross-origin upload to POST /spaces/:id/documents with 403 and a French message, and writes nothing', async () => {
    for (const headers of foreign) {
      const res = await request(hub.url).post(`/spaces/${spaceId}/documents`).set('Cookie', world.pupil.cookie).set(headers)
        .attach('file', png(2_000), { filename: 'dessin.png', contentType: 'image/png' });
      expect({ headers, status: res.status, code: res.body.code }).toEqual({ headers, status: 403, code: 'CROSS_SITE_REQUEST_REFUSED' });
      expect(res.body.message).toMatch(/ne vient pas de Passerelle/);
    }
    expect(await documents()).toBe(0);
    expect(await filesUnder(dataDir)).toEqual([]);
    const same = await request(hub.url).post(`/spaces/${spaceId}/documents`).set('Cookie', world.pupil.cookie).set('Origin', hub.url)
      .attach('file', png(2_000), { filename: 'dessin.png', contentType: 'image/png' });
    expect(same.status).toBe(201);
    expect(await documents()).toBe(1);
  });

  it('refuses a cross-origin POST /auth/local/login: 403, no session opened', async () => {
    const login = unique('adm-');
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await hub.api.app.get(HubAdminsService).create({ login, password });
    for (const headers of foreign) {
      const res = await hub.http.post('/auth/local/login').set(headers).send({ login, password });
      expect({ headers, status: res.status, code: res.body.code }).toEqual({ headers, status: 403, code: 'CROSS_SITE_REQUEST_REFUSED' });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const sessions = await one<{ n: string }>(hub, `SELECT count(*)::text AS n FROM session WHERE principal_kind = 'HUB_ADMIN'
      AND principal_id = (SELECT id FROM hub_admin WHERE login = $1)`, [login]);
    expect(sessions.n).toBe('0');
    const same = await hub.http.post('/auth/local/login').set('Origin', hub.url).send({ login, password });
    expect(same.status).toBe(204);
    expect(cookieFrom(same.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
  });

  it('refuses a cross-origin POST /auth/logout: 403, and the session goes on', async () => {
    for (const headers of foreign) {
      const res = await hub.http.post('/auth/logout').set('Cookie', world.teacher.cookie).set(headers);
      expect({ headers, status: res.status, code: res.body.code }).toEqual({ headers, status: 403, code: 'CROSS_SITE_REQUEST_REFUSED' });
    }
    expect((await hub.http.get('/auth/session').set('Cookie', world.teacher.cookie)).status).toBe(200);
  });

  it('accepts a same-origin post told by the Referer alone, or by Sec-Fetch-Site with the Origin', async () => {
    const session = await hub.personSession([]);
    const res = await hub.http.post('/auth/logout').set('Cookie', session.cookie).set('Referer', `${hub.url}/`);
    expect(res.status).toBe(204);
    const other = await hub.personSession([]);
    const viaFetch = await hub.http.post('/auth/logout').set('Cookie', other.cookie).set('Origin', hub.url).set('Sec-Fetch-Site', 'same-origin');
    expect(viaFetch.status).toBe(204);
  });

  it('leaves the SAML ACS to its own checks: the IdP posts it from another site', async () => {
    const res = await hub.http.post('/auth/saml/unknown-partner/acs').set('Origin', 'https://idp.partner.example').type('form')
      .send({ SAMLResponse: 'x' });
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('PARTNER_UNKNOWN');
    expect(res.text).not.toContain('CROSS_SITE_REQUEST_REFUSED');
  });
});
