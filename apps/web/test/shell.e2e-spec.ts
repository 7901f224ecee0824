import { Page } from 'playwright-core';
import { DEMO_SPACE } from '@passerelle/demo';
import { APP_CONTENT_SECURITY_POLICY } from '@passerelle/pages';
import {
  accessibilityViolations, focused, newContext, PERSONAS, sessionCookieOf, signIn, startWebHub, tabTo, waitForHeadingFocus,
  watchConsole, WebHub,
} from '../../../test/web-app';
import { waitFor } from '../../../test/processes';

/**
 * The web app's shell and Accueil in Chromium, signed in the way people sign in (the demo world's ENTs): the bell's
 * exact name kept live, axe at 375 and 1280 px, the keyboard (skip link, focus on the new page's <h1>), the way back
 * after sign-in, the 404, the CSP, and a session that ends.
 */
describe('web app: shell and Accueil', () => {
  let hub: WebHub;

  beforeAll(async () => {
    hub = await startWebHub();
  }, 120_000);
  afterAll(async () => hub?.close());

  async function unread(cookie: string): Promise<number> {
    const result = await hub.api.gql<{ unreadNotificationsCount: number }>('{ unreadNotificationsCount }', {}, cookie);
    return result.data!.unreadNotificationsCount;
  }
  const bellName = (count: number) => (count > 0 ? `Notifications, ${count} non lues` : 'Notifications');

  it('shows a CM2 pupil (home ENT, OIDC) their spaces and the bell named with the exact count, live when a teacher writes', async () => {
    const page = await signIn(hub, PERSONAS.cm2Pupil);
    const seen = watchConsole(page);
    expect(await page.textContent('h1')).toBe(`Bonjour ${PERSONAS.cm2Pupil.displayName}`);
    expect(await page.title()).toBe('Accueil — Passerelle');
    const spaceLink = page.getByRole('link', { name: DEMO_SPACE.title });
    expect(await spaceLink.getAttribute('href')).toMatch(/^\/espaces\/[0-9a-f-]+$/);
    const cookie = await sessionCookieOf(page.context());
    const before = await unread(cookie);
    await page.getByRole('link', { name: bellName(before), exact: true }).waitFor();
    expect(await page.getByRole('link', { name: bellName(before), exact: true }).getAttribute('href')).toBe('/notifications');

    // The teacher publishes a post (the pupil is notified); the bell changes without a reload, the live region says it.
    const teacherPage = await signIn(hub, PERSONAS.teacher);
    const teacher = await sessionCookieOf(teacherPage.context());
    const spaceId = (await spaceLink.getAttribute('href'))!.split('/').pop();
    const posted = await hub.api.gql('mutation($input: CreatePostInput!) { createPost(input: $input) { id status } }',
      { input: { spaceId, bodyHtml: '<p>Demain, nous lisons le chapitre 6.</p>' } }, teacher);
    expect(posted.errors).toBeUndefined();
    await hub.api.drainOutbox();
    const after = await unread(cookie);
    expect(after).toBe(before + 1);
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations.push(frame.url()); });
    await page.getByRole('link', { name: bellName(after), exact: true }).waitFor();
    await page.getByTestId('annonces').filter({ hasText: /^Nouvelle notification : / }).waitFor();
    expect(navigations).toEqual([]);
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await teacherPage.context().close();
    await page.context().close();
  });

  it('shows what comes next across my spaces (homework, events) and, to a moderator, what waits for validation', async () => {
    const pupil = await signIn(hub, PERSONAS.guestPupilOidc);
    const upcoming = pupil.getByRole('region', { name: 'À venir' });
    await upcoming.getByRole('link', { name: DEMO_SPACE.homework.title }).waitFor();
    expect(await upcoming.getByRole('link', { name: DEMO_SPACE.homework.title }).getAttribute('href')).toMatch(/^\/espaces\/[0-9a-f-]+\/devoirs$/);
    expect(await upcoming.getByRole('link', { name: DEMO_SPACE.event.title }).getAttribute('href')).toMatch(/^\/espaces\/[0-9a-f-]+\/agenda$/);
    // A 6e pupil writes: the post waits for the teacher, whose Accueil says so.
    const spaceId = (await pupil.getByRole('link', { name: DEMO_SPACE.title }).getAttribute('href'))!.split('/').pop();
    const posted = await hub.api.gql<{ createPost: { status: string } }>('mutation($input: CreatePostInput!) { createPost(input: $input) { status } }',
      { input: { spaceId, bodyHtml: '<p>Nous avons aimé le chapitre 3.</p>' } }, await sessionCookieOf(pupil.context()));
    expect(posted.data?.createPost.status).toBe('PENDING');
    const teacher = await signIn(hub, PERSONAS.teacher);
    const waiting = teacher.getByRole('link', { name: /^\d+ éléments? en attente de validation$/ });
    await waiting.waitFor();
    expect(await waiting.getAttribute('href')).toBe(`/espaces/${spaceId}/moderation`);
    await pupil.context().close();
    await teacher.context().close();
  });

  it('lets a teacher create a space and add a class with the keyboard alone', async () => {
    const page = await signIn(hub, PERSONAS.teacher);
    await page.getByRole('heading', { name: 'Créer un espace' }).waitFor();
    await tabTo(page, 'Nom de l’espace', 60);
    await page.keyboard.type('Rallye maths CM2–6e');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Des énigmes chaque semaine.');
    await tabTo(page, 'Créer un espace');
    await page.keyboard.press('Enter');
    expect(await waitForHeadingFocus(page, 'H3')).toBe('Espace « Rallye maths CM2–6e » créé');
    await tabTo(page, /^CM2 A/);
    await page.keyboard.press('Space');
    await tabTo(page, 'Ajouter les classes');
    await page.keyboard.press('Enter');
    await page.getByText('Les classes font maintenant partie de l’espace.').waitFor();
    await page.getByRole('link', { name: 'Rallye maths CM2–6e' }).first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('has no axe violation on Accueil at 375 px and 1280 px, for a pupil and for a teacher', async () => {
    for (const persona of [PERSONAS.cm2Pupil, PERSONAS.teacher]) {
      const page = await signIn(hub, persona);
      await page.getByRole('link', { name: DEMO_SPACE.title }).waitFor();
      expect([persona.label, await accessibilityViolations(page)]).toEqual([persona.label, []]);
      await page.context().close();
    }
  }, 180_000);

  it('serves the app under its CSP (no inline script or style) without a violation or an error in the console', async () => {
    const page = await signIn(hub, PERSONAS.guestPupilSaml);
    const seen = watchConsole(page);
    const response = await page.reload();
    expect(response!.headers()['content-security-policy']).toBe(APP_CONTENT_SECURITY_POLICY);
    await page.getByRole('link', { name: DEMO_SPACE.title }).waitFor();
    expect(await page.textContent('h1')).toBe(`Bonjour ${PERSONAS.guestPupilSaml.displayName}`);
    // The stylesheet applied: the sign-out button is at least 44 px high.
    const height = await page.getByRole('button', { name: 'Se déconnecter' }).evaluate((element) => element.getBoundingClientRect().height);
    expect(height).toBeGreaterThanOrEqual(44);
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    // Nothing personal in localStorage.
    expect(await page.evaluate(() => Object.keys(window.localStorage))).toEqual([]);
    await page.context().close();
  });

  it('takes the keyboard to the skip link first, and the focus to the new page\'s <h1> after each navigation', async () => {
    const page = await signIn(hub, PERSONAS.cm2Pupil);
    await page.getByRole('link', { name: DEMO_SPACE.title }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'A', text: 'Aller au contenu' });
    await page.keyboard.press('Enter');
    expect((await focused(page)).tag).toBe('MAIN');

    await tabTo(page, DEMO_SPACE.title);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/espaces\/[0-9a-f-]+$/);
    expect(await waitForHeadingFocus(page)).toBe(DEMO_SPACE.title);
    expect(await page.title()).toBe(`${DEMO_SPACE.title} — Passerelle`);

    await page.goBack();
    expect(await waitForHeadingFocus(page)).toBe(`Bonjour ${PERSONAS.cm2Pupil.displayName}`);
    expect(await page.title()).toBe('Accueil — Passerelle');
    await page.context().close();
  });

  it('sends a signed-out person to sign-in and brings them back to the page they asked for', async () => {
    const page = await signIn(hub, PERSONAS.guestPupilOidc, { path: '/espaces/x/agenda' });
    expect(page.url()).toBe(`${hub.url}/espaces/x/agenda`);
    // 'x' is no space of theirs: the agenda screen answers with the French refusal, at the address asked for.
    await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
    await page.context().close();
  });

  it('answers an unknown URL with a French 404 page, signed out and signed in', async () => {
    const context = await newContext(hub);
    const anonymous = await context.newPage();
    const response = await anonymous.goto(`${hub.url}/cette/page/nexiste/pas`);
    expect(response!.status()).toBe(404);
    expect(await anonymous.textContent('h1')).toBe('Page introuvable');
    expect(await anonymous.getAttribute('html', 'lang')).toBe('fr');
    await context.close();

    const page = await signIn(hub, PERSONAS.cm2Pupil);
    const inApp = await page.goto(`${hub.url}/espaces/x/inconnu`);
    expect(inApp!.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    expect(await page.getByRole('link', { name: 'Revenir à l’accueil' }).count()).toBe(1);
    await page.context().close();
  });

  /** Signs the page's person out from another tab of the same browser, and out of their ENT too (« Oui, me déconnecter »). */
  async function signOutElsewhere(page: Page): Promise<void> {
    const other = await page.context().newPage();
    await other.goto(`${hub.url}/`);
    await other.getByRole('button', { name: 'Se déconnecter' }).click();
    await other.getByRole('button', { name: 'Oui, me déconnecter' }).click();
    await other.waitForURL(`${hub.url}/`);
    await other.close();
  }

  /** From the sign-in page that says why, through the ENT (which asks who it is: its session ended too), back to `path`. */
  async function signInAgain(page: Page, path: string): Promise<void> {
    expect(await page.textContent('.notice')).toBe('Ta session est terminée. Reconnecte-toi pour continuer.');
    await page.getByRole('link', { name: PERSONAS.cm2Pupil.ent }).click();
    await page.getByRole('button', { name: new RegExp(`^${PERSONAS.cm2Pupil.name}`) }).click();
    await page.waitForURL(`${hub.url}${path}`);
  }

  it('sends a person whose session ended to sign-in at once (the hub closes the live connection), which says why, and back where they were', async () => {
    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: '/recherche' });
    await signOutElsewhere(page);
    await page.waitForURL(`${hub.url}/?retour=%2Frecherche&raison=session-terminee`);
    await signInAgain(page, '/recherche');
    await page.getByRole('heading', { level: 1, name: 'Rechercher' }).waitFor();
    await page.context().close();
  });

  it('sends a person whose live connection missed the end of their session to sign-in on their next action', async () => {
    // The connection to the hub drops the hub's « session ended » (a school's proxy, a flaky Wi-Fi): the page cannot know.
    const context = await newContext(hub);
    let endedByHub = false;
    await context.routeWebSocket(/\/graphql$/, (socket) => {
      const server = socket.connectToServer();
      server.onClose(() => { endedByHub = true; });
    });
    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: '/recherche', context });
    await signOutElsewhere(page);
    await waitFor('the hub to close the page\'s live connection', async () => endedByHub || null);
    expect(page.url()).toBe(`${hub.url}/recherche`);
    // Its next action asks the hub (Accueil has not been loaded yet): refused, so the app goes to sign-in.
    await page.getByRole('link', { name: 'Accueil' }).click();
    await page.waitForURL(`${hub.url}/?retour=%2F&raison=session-terminee`);
    await signInAgain(page, '/');
    await page.getByRole('heading', { level: 1, name: `Bonjour ${PERSONAS.cm2Pupil.displayName}` }).waitFor();
    await context.close();
  });
});
