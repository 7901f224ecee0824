import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '@passerelle/access';
import { APP_CONTENT_SECURITY_POLICY } from '@passerelle/pages';
import { ROOT } from '../../../test/processes';
import { startTestApi, TestApi } from '../../../test/harness';

/**
 * The web app on the hub's origin (ADR 0021), over HTTP: its screens answer the app to a signed-in person and the
 * sign-in page with the way back to anyone else; its hashed files are cached for a year and sent compressed; unknown
 * URLs get the French 404; the routes that were there before are untouched. (npm test builds dist/web first.)
 */
const HTML = { Accept: 'text/html,application/xhtml+xml' };

describe('the web app served by the api', () => {
  let hub: TestApi;
  let pupil: string;

  beforeAll(async () => {
    hub = await startTestApi();
    pupil = (await hub.personSession([Role.PUPIL])).cookie;
  });
  afterAll(async () => hub?.close());

  it('answers every screen with the app to a signed-in person, with the app\'s CSP and no-cache', async () => {
    for (const path of ['/', '/espaces/abc', '/espaces/abc/moderation', '/espaces/abc/documents', '/espaces/abc/agenda',
      '/espaces/abc/devoirs', '/espaces/abc/discussion', '/espaces/abc/membres', '/recherche?q=renard', '/notifications']) {
      const res = await hub.http.get(path).set(HTML).set('Cookie', pupil);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers['content-security-policy']).toBe(APP_CONTENT_SECURITY_POLICY);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="racine">');
      expect(res.text).toMatch(/<script type="module" crossorigin src="\/app\/assets\/index-[\w-]+\.js"><\/script>/);
    }
    expect(APP_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('sends a signed-out person to the sign-in page with a safe way back, which the page\'s ENT links carry', async () => {
    const res = await hub.http.get('/espaces/x/devoirs?jour=lundi').set(HTML);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/?retour=%2Fespaces%2Fx%2Fdevoirs%3Fjour%3Dlundi');
    const signIn = await hub.http.get(res.headers.location).set(HTML);
    expect(signIn.status).toBe(200);
    expect(signIn.headers['content-security-policy']).toContain("script-src 'none'");
    expect(signIn.text).not.toContain('Ta session est terminée');
    // Another host is never a way back.
    const hostile = await hub.http.get('/?retour=%2F%2Fevil.example%2F').set(HTML);
    expect(hostile.text).not.toContain('evil.example');
  });

  it('says why on the sign-in page when the app sent the person back because their session ended', async () => {
    const res = await hub.http.get('/?retour=%2Fespaces%2Fx&raison=session-terminee').set(HTML);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<p class="notice" role="status">Ta session est terminée. Reconnecte-toi pour continuer.</p>');
  });

  it('sends a signed-in person who lands on the sign-in URL with a way back straight there', async () => {
    const res = await hub.http.get('/?retour=%2Fespaces%2Fx&raison=session-terminee').set(HTML).set('Cookie', pupil);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/espaces/x');
  });

  it('serves the hashed files for a year, precompressed (brotli, gzip), and 404s the others', async () => {
    const assets = readdirSync(join(ROOT, 'dist/web/app/assets'));
    const entry = assets.find((name) => /^index-[\w-]+\.js$/.test(name))!;
    const css = assets.find((name) => name.endsWith('.css'))!;
    const br = await hub.http.get(`/app/assets/${entry}`).set('Accept-Encoding', 'gzip, br');
    expect(br.status).toBe(200);
    expect(br.headers).toMatchObject({ 'cache-control': 'public, max-age=31536000, immutable', 'content-encoding': 'br',
      'content-type': 'text/javascript; charset=utf-8', vary: 'Accept-Encoding', 'x-content-type-options': 'nosniff' });
    const gzip = await hub.http.get(`/app/assets/${css}`).set('Accept-Encoding', 'gzip');
    expect(gzip.headers).toMatchObject({ 'content-encoding': 'gzip', 'content-type': 'text/css; charset=utf-8' });
    const plain = await hub.http.get(`/app/assets/${entry}`).set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBeGreaterThan(2 * Number(br.headers['content-length']));
    expect((await hub.http.get('/app/assets/index-inconnu.js')).status).toBe(404);
    // The server-rendered pages keep their stylesheet.
    expect((await hub.http.get('/assets/passerelle.css')).status).toBe(200);
  });

  it('answers an unknown URL with the French 404 page (JSON for a program, as before)', async () => {
    const page = await hub.http.get('/nimporte/quoi').set(HTML);
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<h1>Page introuvable</h1>');
    expect(page.text).toContain('<html lang="fr">');
    for (const path of ['/espaces', '/espaces/a/b/c', '/espaces/abc/inconnu']) expect((await hub.http.get(path).set(HTML)).status).toBe(404);
    // Signed in: the app, which shows its own « Page introuvable » in the shell.
    const inApp = await hub.http.get('/nimporte/quoi').set(HTML).set('Cookie', pupil);
    expect(inApp.status).toBe(404);
    expect(inApp.text).toContain('<div id="racine">');
    const program = await hub.http.get('/nimporte/quoi');
    expect(program.status).toBe(404);
    expect(program.body).toEqual({ code: 'NOT_FOUND', message: 'Page introuvable.' });
  });

  it('keeps the other routes as they were', async () => {
    expect((await hub.gql<{ me: { id: string } }>('{ me { id } }', {}, pupil)).data?.me?.id).toBeDefined();
    expect((await hub.http.get('/auth/partners')).status).toBe(200);
    expect((await hub.http.post('/deconnexion').set(HTML)).status).toBeGreaterThanOrEqual(400);
  });
});
