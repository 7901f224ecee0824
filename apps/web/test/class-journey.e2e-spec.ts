import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_SPACE, DEMO_VICTOR_HUGO } from '@passerelle/demo';
import type { Page } from 'playwright-core';
import { ROOT, waitFor } from '../../../test/processes';
import {
  accessibilityViolations, focused, PERSONAS, PHONE, sessionCookieOf, signIn, startWebHub, tabTo, watchConsole, WebHub,
} from '../../../test/web-app';

/**
 * One week of the « Défi lecture » across the screens, in Chromium, as the demo tour tells it (docs/getting-started.md),
 * with the keyboard alone for the post → validate → comment flow:
 * the CM2 pupil (home ENT, OIDC, on a phone) writes a post, which waits; the teacher sees it counted on Accueil, opens
 * « Modération » and validates it; the 6e guest pupil (Collège Victor Hugo, SAML) comments; the teacher validates the
 * comment; the CM2 pupil sees her post published, the comment arrive and her bell's count change, without reloading.
 * Then the hub administrator suspends the Victor Hugo convention: the guest pupil is sent back to sign-in at once, and
 * their ENT's sign-in is refused with a French page.
 *
 * The screenshots of the tour are made here: into dist/tour, or TOUR_SCREENSHOTS_DIR (`npm run docs:screenshots` writes
 * docs/images/tour).
 */
describe('web app: a week of the « Défi lecture », across the screens', () => {
  let hub: WebHub;
  const shots = process.env.TOUR_SCREENSHOTS_DIR ?? join(ROOT, 'dist/tour');

  beforeAll(async () => {
    hub = await startWebHub();
    mkdirSync(shots, { recursive: true });
  }, 180_000);
  afterAll(async () => hub?.close());

  const article = (page: Page, text: string) => page.getByRole('article').filter({ hasText: text });
  const announced = (page: Page, text: string) => page.getByTestId('annonces').filter({ hasText: text }).waitFor();
  const bell = (page: Page, unread: number) =>
    page.getByRole('link', { name: unread > 0 ? `Notifications, ${unread} non lues` : 'Notifications', exact: true });
  const screenshot = (page: Page, name: string) =>
    page.screenshot({ path: join(shots, `${name}.jpg`), type: 'jpeg', quality: 70, animations: 'disabled', caret: 'hide' });
  async function unread(cookie: string): Promise<number> {
    const result = await hub.api.gql<{ unreadNotificationsCount: number }>('{ unreadNotificationsCount }', {}, cookie);
    return result.data!.unreadNotificationsCount;
  }

  it('takes a post from a CM2 pupil\'s phone through the teacher\'s validation to a 6e guest\'s comment, with the keyboard alone, seen live by the pupil', async () => {
    // Monday: the CM2 pupil, on her phone, writes on the space's wall.
    const pupil = await signIn(hub, PERSONAS.cm2Pupil, { viewport: PHONE });
    const pupilSeen = watchConsole(pupil);
    const pupilCookie = await sessionCookieOf(pupil.context());
    await screenshot(pupil, '1-accueil-eleve');
    await tabTo(pupil, DEMO_SPACE.title);
    await pupil.keyboard.press('Enter');
    await pupil.getByRole('heading', { level: 1, name: DEMO_SPACE.title }).waitFor();
    await article(pupil, 'allumeur de réverbères').waitFor();
    const wallUrl = pupil.url();
    const spaceId = wallUrl.split('/').pop()!;
    await tabTo(pupil, 'Écrire un message');
    await pupil.keyboard.press('Enter');
    await waitFor('the editor to take the focus', () => pupil.evaluate(() => document.activeElement?.classList.contains('ProseMirror')));
    await pupil.keyboard.type('J’ai fini Le Petit Prince : le renard est mon passage préféré.');
    await tabTo(pupil, 'Publier');
    await pupil.keyboard.press('Enter');
    const mine = article(pupil, 'le renard est mon passage préféré');
    await mine.getByText('en attente de validation').waitFor();
    await announced(pupil, 'Ton message est envoyé. Il est en attente de validation.');
    await screenshot(pupil, '2-fil-message-en-attente');
    const pupilUnread = await unread(pupilCookie);
    await bell(pupil, pupilUnread).waitFor();

    // The teacher sees on Accueil that something waits, opens « Modération » and validates it: keyboard only.
    const teacher = await signIn(hub, PERSONAS.teacher);
    const teacherSeen = watchConsole(teacher);
    await teacher.getByRole('link', { name: '1 élément en attente de validation' }).waitFor();
    await screenshot(teacher, '3-accueil-enseignant');
    await teacher.goto(`${hub.url}/espaces/${spaceId}/moderation`);
    const queue = teacher.getByRole('region', { name: /^À valider/ });
    await queue.getByRole('article').filter({ hasText: 'le renard est mon passage préféré' }).waitFor();
    expect(await accessibilityViolations(teacher)).toEqual([]);
    await screenshot(teacher, '4-moderation');
    await tabTo(teacher, 'Valider');
    await teacher.keyboard.press('Enter');
    // What lasts, not the live region's words (a notification announced just after may replace them).
    await teacher.getByText('Rien à valider pour le moment.', { exact: true }).waitFor();
    await hub.api.drainOutbox();

    // The pupil's post is published on her phone, and her bell counts the decision: no reload.
    const navigations: string[] = [];
    pupil.on('framenavigated', (frame) => { if (frame === pupil.mainFrame()) navigations.push(frame.url()); });
    await waitFor('the post to be published on the pupil\'s wall', async () => (await mine.getByText('en attente de validation').count()) === 0);
    await bell(pupil, pupilUnread + 1).waitFor();

    // Tuesday: the 6e guest pupil of Collège Victor Hugo (SAML) comments, keyboard only (« Commenter » of the newest post).
    const guest = await signIn(hub, PERSONAS.guestPupilSaml, { path: `/espaces/${spaceId}` });
    const guestSeen = watchConsole(guest);
    const theirs = article(guest, 'le renard est mon passage préféré');
    await theirs.waitFor();
    await tabTo(guest, 'Écrire un message');
    await tabTo(guest, 'Commenter');
    expect(await guest.evaluate(() => document.activeElement?.closest('article')?.textContent?.includes('le renard est mon passage préféré'))).toBe(true);
    await guest.keyboard.press('Enter');
    await theirs.getByRole('textbox', { name: 'Ton commentaire' }).waitFor();
    await guest.keyboard.type('Moi aussi ! « On ne voit bien qu’avec le cœur. »');
    await guest.keyboard.press('Tab');
    expect((await focused(guest)).text).toBe('Commenter');
    await guest.keyboard.press('Enter');
    await announced(guest, 'Ton commentaire est envoyé. Il est en attente de validation.');
    await screenshot(guest, '5-commentaire-invite');

    // The teacher validates the comment (the queue is live: it arrives without a reload once the outbox has run).
    await hub.api.drainOutbox();
    await teacher.reload();
    await queue.getByRole('article').filter({ hasText: 'On ne voit bien qu’avec le cœur' }).waitFor();
    await tabTo(teacher, 'Valider');
    await teacher.keyboard.press('Enter');
    await teacher.getByText('Rien à valider pour le moment.', { exact: true }).waitFor();
    await hub.api.drainOutbox();

    // The CM2 pupil sees the comment under her post and her bell change, still without a reload.
    await mine.getByText('On ne voit bien qu’avec le cœur', { exact: false }).waitFor();
    const now = await unread(pupilCookie);
    expect(now).toBeGreaterThan(pupilUnread + 1);
    await bell(pupil, now).waitFor();
    expect(navigations).toEqual([]);
    await screenshot(pupil, '6-fil-commentaire-recu');
    expect(await accessibilityViolations(pupil)).toEqual([]);

    for (const seen of [pupilSeen, teacherSeen, guestSeen]) {
      expect(seen.cspViolations).toEqual([]);
      expect(seen.errors).toEqual([]);
    }
    await Promise.all([pupil, teacher, guest].map((page) => page.context().close()));
  }, 300_000);

  it('takes the screens of the tour: documents, agenda, cahier de textes, discussion, membres, recherche, notifications', async () => {
    const teacher = await signIn(hub, PERSONAS.teacher);
    const spaceId = (await teacher.getByRole('link', { name: DEMO_SPACE.title }).getAttribute('href'))!.split('/').pop()!;
    const screens: [string, string, string][] = [
      [`/espaces/${spaceId}/documents`, 'Documents', '7-documents'],
      [`/espaces/${spaceId}/agenda`, 'Agenda', '8-agenda'],
      [`/espaces/${spaceId}/devoirs`, 'Cahier de textes', '9-cahier-de-textes'],
      [`/espaces/${spaceId}/discussion`, 'Discussion', '10-discussion'],
      [`/espaces/${spaceId}/membres`, 'Membres', '11-membres'],
      ['/recherche?q=renard', 'Rechercher', '12-recherche'],
      ['/notifications', 'Notifications', '13-notifications'],
    ];
    for (const [path, heading, name] of screens) {
      await teacher.goto(`${hub.url}${path}`);
      await teacher.getByRole('heading', { level: 1, name: new RegExp(heading) }).waitFor();
      await teacher.getByRole('main').getByText(/./).first().waitFor();
      await screenshot(teacher, name);
    }
    await teacher.context().close();
  }, 180_000);

  it('sends a 6e guest pupil back to sign-in as soon as the hub administrator suspends their convention, and refuses their ENT\'s sign-in in French', async () => {
    const guest = await signIn(hub, PERSONAS.guestPupilSaml);
    await guest.getByRole('link', { name: DEMO_SPACE.title }).waitFor();
    const session = await sessionCookieOf(guest.context());
    const admin = await hub.api.adminSession();
    const conventions = await hub.api.gql<{ conventions: { edges: { node: { id: string; status: string; partner: { name: string } } }[] } }>(
      '{ conventions(first: 20) { edges { node { id status partner { name } } } } }', {}, admin.cookie);
    const convention = conventions.data!.conventions.edges.map((edge) => edge.node).find((node) => node.partner.name === DEMO_VICTOR_HUGO.entName)!;
    expect(convention.status).toBe('ACTIVE');
    const suspended = await hub.api.gql('mutation($id: ID!) { suspendConvention(id: $id, reason: "Vérification de la convention") { status } }',
      { id: convention.id }, admin.cookie);
    expect(suspended.errors).toBeUndefined();

    // The hub ends the guest's sessions: the page goes to sign-in, which says why.
    await guest.waitForURL(`${hub.url}/?retour=%2F&raison=session-terminee`);
    expect(await guest.textContent('.notice')).toBe('Ta session est terminée. Reconnecte-toi pour continuer.');
    // Their ENT still knows them, the hub does not let them in while the convention is suspended.
    await guest.getByRole('link', { name: PERSONAS.guestPupilSaml.ent }).click();
    await guest.getByRole('link', { name: new RegExp(`^${PERSONAS.guestPupilSaml.name}`) }).click();
    await guest.waitForURL((url) => url.origin === hub.url);
    await guest.getByRole('heading', { level: 1, name: 'Connexion impossible' }).waitFor();
    expect(await guest.getAttribute('html', 'lang')).toBe('fr');
    expect(await guest.textContent('main')).toContain('La convention de ton établissement n\'est pas active en ce moment.');
    // The session the browser still carries is dead on the hub.
    const me = await hub.api.gql('{ spaces(first: 1) { edges { node { id } } } }', {}, session);
    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await screenshot(guest, '14-convention-suspendue');
    await guest.context().close();
  }, 180_000);
});
