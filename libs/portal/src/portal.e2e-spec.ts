import { Role } from '@passerelle/access';
import { FederationLogoutService, HubAdminsService, SESSION_COOKIE } from '@passerelle/identity';
import { STYLESHEET_HREF } from '@passerelle/pages';
import { startTestApi, TestApi, unique } from '../../../test/harness';
import { buildWorld, CREATE_POST, CREATE_SPACE, one, ok, sharedSpace, SpaceWorld } from '../../spaces/test/fixtures';

/**
 * The server-rendered pages through real HTTP: the sign-in page and its ENT links, the administrators' form, the
 * home page of each kind of person (same visibility as GraphQL), sign-out, the CSRF check of both forms, headers.
 */
describe('portal: sign-in page and home page at /', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let spaceTitle: string;
  let foreignTitle: string;
  let homeSlug: string;
  let partnerSlug: string;

  const MALICIOUS_TITLE = '<script>alert("titre")</script> Défi';

  beforeAll(async () => {
    // The server-rendered home page, as a hub without the built web app serves it (with it, `/` is the app: libs/web-app).
    hub = await startTestApi({ WEB_DIR: '/nonexistent/web-app' });
    world = await buildWorld(hub);
    partnerSlug = (await one<{ slug: string }>(hub, `SELECT slug FROM partner_ent WHERE name = 'ENT du collège'`)).slug;
    homeSlug = unique('ecole-');
    await hub.dataSource.query(
      `INSERT INTO partner_ent (slug, name, kind, protocol, trust, oidc_settings) VALUES ($1, 'ENT de l''école Jules Ferry', 'ECOLE', 'OIDC', 'HOME',
        '{"issuer": "https://ent.ecole.example", "clientId": "passerelle", "scopes": ["openid"], "allowedAlgorithms": ["RS256"], "endSessionEndpoint": null, "discovered": null, "clientSecretBox": null}'::jsonb)`,
      [homeSlug]);

    const spaceId = await sharedSpace(hub, world);
    spaceTitle = (await one<{ title: string }>(hub, `SELECT title FROM space WHERE id = $1`, [spaceId])).title;
    ok(await hub.gql(CREATE_POST, { input: { spaceId, bodyHtml: '<p>Bienvenue dans le défi lecture !</p>' } }, world.teacher.cookie));
    const held = ok(await hub.gql<{ createPost: { status: string } }>(CREATE_POST,
      { input: { spaceId, bodyHtml: '<p>Message de Léa en attente de modération</p>' } }, world.pupil.cookie));
    expect(held.createPost.status).toBe('PENDING');

    // A space whose title and post try to inject markup.
    const hostile = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: {
      structureId: world.schoolId, title: MALICIOUS_TITLE, description: '<img src=x onerror=alert(1)>',
    } }, world.teacher.cookie)).createSpace.id;
    ok(await hub.gql(`mutation($input: AddSpaceMembersInput!) { addSpaceMembers(input: $input) { id } }`,
      { input: { spaceId: hostile, classIds: [world.cm2aId] } }, world.teacher.cookie));
    ok(await hub.gql(CREATE_POST, { input: { spaceId: hostile, bodyHtml: '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "guillemets"</p>' } },
      world.teacher.cookie));

    foreignTitle = unique('Espace de l’autre école ');
    ok(await hub.gql(CREATE_SPACE, { input: { structureId: world.otherSchoolId, title: foreignTitle } }, world.otherTeacher.cookie));
  });
  afterAll(() => hub?.close());

  const page = (cookie?: string) => {
    const req = hub.http.get('/');
    if (cookie) req.set('Cookie', cookie);
    return req;
  };
  const sameOrigin = () => hub.url;

  async function newAdmin(): Promise<{ login: string; password: string }> {
    const login = unique('admin-portail-');
    const password = `mot-de-passe-${unique()}`;
    await hub.api.app.get(HubAdminsService).create({ login, password, displayName: 'Camille Admin' });
    return { login, password };
  }

  function sessionCookieOf(setCookie: string | string[] | undefined): string | undefined {
    const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
    return all.find((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`));
  }

  it('shows an anonymous visitor the sign-in page: French, one h1, the ENTs as links to their sign-in, home ENT first', async () => {
    const res = await page();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<html lang="fr">');
    expect(res.text.match(/<h1[ >]/g)).toHaveLength(1);
    expect(res.text).toContain('Choisissez votre ENT');
    const homeLink = `<a class="button" href="/auth/${homeSlug}/login?returnTo=%2F">ENT de l&#39;école Jules Ferry</a>`;
    const partnerLink = `<a class="button" href="/auth/${partnerSlug}/login?returnTo=%2F">ENT du collège</a>`;
    expect(res.text).toContain(homeLink);
    expect(res.text).toContain(partnerLink);
    expect(res.text.indexOf(homeLink)).toBeLessThan(res.text.indexOf(partnerLink));
    expect(res.text).toContain('<label for="identifiant">Identifiant</label>');
    expect(res.text).toContain('<label for="mot-de-passe">Mot de passe</label>');
  });

  it('sends the security headers: a CSP without script or inline style, nosniff, no framing, no cache', async () => {
    const res = await page();
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves the stylesheet the pages link to, cacheable, as text/css', async () => {
    const res = await hub.http.get(STYLESHEET_HREF);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers['cache-control']).toContain('max-age=31536000');
    expect(res.text).toContain(':focus-visible');
  });

  it('signs a hub administrator in through the form: 303 to / with the session cookie, then the home page', async () => {
    const { login, password } = await newAdmin();
    const res = await hub.http.post('/connexion').set('Origin', sameOrigin()).type('form').send({ login, password });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const setCookie = sessionCookieOf(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const home = await page(setCookie!.split(';')[0]);
    expect(home.status).toBe(200);
    expect(home.text).toContain('<h1>Bonjour Camille Admin</h1>');
    expect(home.text).toContain('<dd>Administration de Passerelle</dd>');
    expect(home.text).toContain('action="/deconnexion"');
  });

  it('shows the form again with the reason tied to the fields when the password is wrong or a field is missing, without a session', async () => {
    const { login } = await newAdmin();
    const wrong = await hub.http.post('/connexion').set('Origin', sameOrigin()).type('form').send({ login, password: 'pas-le-bon-mot-de-passe' });
    expect(wrong.status).toBe(401);
    expect(sessionCookieOf(wrong.headers['set-cookie'])).toBeUndefined();
    expect(wrong.text).toContain('<p class="error" id="erreur-connexion" role="alert">Identifiant ou mot de passe incorrect.</p>');
    expect(wrong.text).toContain(`value="${login}"`);
    expect(wrong.text.match(/aria-describedby="erreur-connexion"/g)).toHaveLength(2);
    expect(wrong.text).not.toContain('pas-le-bon-mot-de-passe');

    const missing = await hub.http.post('/connexion').set('Origin', sameOrigin()).type('form').send({ login });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Indiquez votre mot de passe.');
  });

  it('refuses a sign-in form posted from another site, or without Origin or Referer (CSRF)', async () => {
    const { login, password } = await newAdmin();
    for (const headers of [{ Origin: 'https://evil.example' }, {}, { Referer: 'https://evil.example/page' }, { Origin: 'null' }]) {
      const res = await hub.http.post('/connexion').set(headers).type('form').send({ login, password });
      expect(res.status).toBe(403);
      expect(res.text).toContain('<h1>Formulaire refusé</h1>');
      expect(sessionCookieOf(res.headers['set-cookie'])).toBeUndefined();
    }
    const viaReferer = await hub.http.post('/connexion').set('Referer', `${hub.url}/`).type('form').send({ login, password });
    expect(viaReferer.status).toBe(303);
  });

  it('shows a pupil who they are, their spaces and the latest published posts, not a pending post of another pupil nor a foreign space', async () => {
    const res = await page(world.pupil2.cookie);
    expect(res.status).toBe(200);
    expect(res.text.match(/<h1[ >]/g)).toHaveLength(1);
    expect(res.text).toContain('<h1>Bonjour Hugo P.</h1>');
    expect(res.text).toContain('<dd>Élève</dd>');
    expect(res.text).toContain('<dd>École Jules Ferry</dd>');
    expect(res.text).toContain(`>${spaceTitle}</h3>`);
    expect(res.text).toContain('Bienvenue dans le défi lecture !');
    expect(res.text).toMatch(/<strong>Mme Martin<\/strong>, le <time datetime="[^"]+">\d{1,2} [a-zéû]+ \d{4} à \d{2}:\d{2}<\/time>/);
    expect(res.text).not.toContain('Message de Léa en attente');
    expect(res.text).not.toContain(foreignTitle);
  });

  it('escapes what people wrote: a hostile space title, description and post body never become markup', async () => {
    const res = await page(world.pupil2.cookie);
    expect(res.text).toContain('&lt;script&gt;alert(&quot;titre&quot;)&lt;/script&gt; Défi');
    expect(res.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;guillemets&quot;');
    expect(res.text).not.toMatch(/<script|<img/i);
  });

  it('shows a guest their guest account and until when the convention lets them in', async () => {
    const res = await page(world.guestPupil.cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Bonjour Nina (6e B)</h1>');
    expect(res.text).toMatch(/<span class="badge">Compte invité<\/span> jusqu'au <time datetime="[^"]+">\d{1,2} [a-zéû]+ \d{4}<\/time>/);
    expect(res.text).toContain(`>${spaceTitle}</h3>`);
    expect(res.text).not.toContain('alert(&quot;titre&quot;)'); // the hostile space has CM2 A only
    expect(res.text).not.toContain(foreignTitle);
  });

  it('signs out through the button: 303 to /, the session is over', async () => {
    const session = await hub.personSession([Role.PUPIL], world.pupil2.id);
    const res = await hub.http.post('/deconnexion').set('Cookie', session.cookie).set('Origin', sameOrigin()).type('form').send({});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(String(res.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=;`);
    expect((await hub.http.get('/auth/session').set('Cookie', session.cookie)).status).toBe(401);
    expect((await page(session.cookie)).text).toContain('Choisissez votre ENT');
  });

  it('for a session with a partner\'s single logout, closes the hub session and sends the browser on to the partner', async () => {
    // The URL itself is the federation's (tested with real providers in libs/identity); here, what the portal does with it.
    const partnerUrl = 'https://ent.college.example/logout?client_id=passerelle&post_logout_redirect_uri=http%3A%2F%2Fhub%2F';
    const logout = jest.spyOn(hub.api.app.get(FederationLogoutService), 'partnerLogoutUrl').mockResolvedValueOnce(partnerUrl);
    const session = await hub.personSession([Role.PUPIL], world.pupil2.id);
    const res = await hub.http.post('/deconnexion').set('Cookie', session.cookie).set('Origin', sameOrigin()).type('form').send({});
    logout.mockRestore();
    expect(res.status).toBe(200);
    const escaped = partnerUrl.replace(/&/g, '&amp;');
    expect(res.text).toContain(`<meta http-equiv="refresh" content="0; url=${escaped}">`);
    expect(res.text).toContain(`<a class="button" href="${escaped}">Se déconnecter aussi de mon ENT</a>`);
    expect(String(res.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=;`);
    expect((await hub.http.get('/auth/session').set('Cookie', session.cookie)).status).toBe(401);
  });

  it('never sends the browser to a partner logout URL that is not http(s)', async () => {
    const logout = jest.spyOn(hub.api.app.get(FederationLogoutService), 'partnerLogoutUrl').mockResolvedValueOnce('javascript:alert(1)');
    const session = await hub.personSession([Role.PUPIL], world.pupil2.id);
    const res = await hub.http.post('/deconnexion').set('Cookie', session.cookie).set('Origin', sameOrigin()).type('form').send({});
    logout.mockRestore();
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('refuses a sign-out posted from another site, and the session goes on', async () => {
    const session = await hub.personSession([Role.PUPIL], world.pupil2.id);
    const res = await hub.http.post('/deconnexion').set('Cookie', session.cookie).set('Origin', 'https://evil.example').type('form').send({});
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formulaire refusé');
    expect((await hub.http.get('/auth/session').set('Cookie', session.cookie)).status).toBe(200);
  });

  it('answers a sign-out without a session with a French page, not JSON', async () => {
    const res = await hub.http.post('/deconnexion').set('Origin', sameOrigin()).type('form').send({});
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<html lang="fr">');
    expect(res.text).toContain('UNAUTHENTICATED');
  });
});
