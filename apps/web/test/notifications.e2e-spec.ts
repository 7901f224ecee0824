import { DEMO_SPACE } from '@passerelle/demo';
import { waitFor } from '../../../test/processes';
import {
  accessibilityViolations, PERSONAS, sessionCookieOf, signIn, startWebHub, watchConsole, WebHub,
} from '../../../test/web-app';

/**
 * « Notifications » in Chromium: another person's comment that mentions a CM2 pupil appears live on the list, the bell
 * is named with the exact count, opening one marks it read, « Tout marquer comme lu » brings the bell back to
 * « Notifications »; a preference switched off stops that kind (the next event, through the API); axe; CSP.
 */
describe('web app: Notifications', () => {
  let hub: WebHub;
  let teacher: string;
  let spaceId: string;
  let postId: string;

  beforeAll(async () => {
    hub = await startWebHub();
    const teacherPage = await signIn(hub, PERSONAS.teacher);
    teacher = await sessionCookieOf(teacherPage.context());
    const spaces = await hub.api.gql<{ spaces: { edges: { node: { id: string; title: string; posts: { edges: { node: { id: string } }[] } } }[] } }>(
      '{ spaces(first: 20) { edges { node { id title posts(first: 1) { edges { node { id } } } } } } }', {}, teacher);
    const space = spaces.data!.spaces.edges.find((edge) => edge.node.title === DEMO_SPACE.title)!.node;
    spaceId = space.id;
    postId = space.posts.edges[0]!.node.id;
    await teacherPage.context().close();
  }, 120_000);
  afterAll(async () => hub?.close());

  const bellName = (count: number) => (count > 0 ? `Notifications, ${count} non lues` : 'Notifications');

  async function unread(cookie: string): Promise<number> {
    const result = await hub.api.gql<{ unreadNotificationsCount: number }>('{ unreadNotificationsCount }', {}, cookie);
    return result.data!.unreadNotificationsCount;
  }

  async function teacherComments(text: string, mentionIds: string[] = []): Promise<void> {
    const result = await hub.api.gql('mutation($input: CreateCommentInput!) { createComment(input: $input) { id status } }',
      { input: { postId, bodyHtml: `<p>${text}</p>`, mentionIds } }, teacher);
    expect(result.errors).toBeUndefined();
    await hub.api.drainOutbox();
  }

  it('shows a mention and a comment live, opens one (read), then « Tout marquer comme lu » empties the bell', async () => {
    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: '/notifications' });
    const seen = watchConsole(page);
    const pupil = await sessionCookieOf(page.context());
    const me = await hub.api.gql<{ me: { id: string } }>('{ me { id } }', {}, pupil);
    expect(await page.textContent('h1')).toBe('Notifications');
    await page.getByRole('heading', { level: 2, name: 'Préférences' }).waitFor();
    const before = await unread(pupil);
    await page.getByRole('link', { name: bellName(before), exact: true }).waitFor();

    await teacherComments('Bravo pour ta lecture !', [me.data!.me.id]);
    const after = await unread(pupil);
    expect(after).toBe(before + 2);
    // Both arrive on the list without a reload, newest first, unread in text; the bell says the exact count.
    const mention = page.getByRole('link', { name: `Non lue On t'a mentionné·e dans « ${DEMO_SPACE.title} ».` });
    await mention.waitFor();
    await page.getByRole('link', { name: `Non lue Nouveau commentaire dans « ${DEMO_SPACE.title} ».` }).first().waitFor();
    await page.getByRole('link', { name: bellName(after), exact: true }).waitFor();
    await page.getByTestId('annonces').filter({ hasText: /^Nouvelle notification : / }).waitFor();
    expect(await page.getByText(`${after} notifications non lues.`).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Opening one marks it read and leads to exactly what it is about (the post, focused and highlighted); the bell follows.
    expect(await mention.getAttribute('href')).toBe(`/espaces/${spaceId}#post-${postId}`);
    await mention.click();
    await page.waitForURL(`${hub.url}/espaces/${spaceId}#post-${postId}`);
    await waitFor('the post to have the focus', async () => (await page.evaluate(() => document.activeElement?.id)) === `post-${postId}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: bellName(after - 1), exact: true }).waitFor();
    expect(await unread(pupil)).toBe(after - 1);
    await page.getByRole('link', { name: bellName(after - 1), exact: true }).click();
    await page.waitForURL(`${hub.url}/notifications`);
    await page.getByRole('link', { name: `On t'a mentionné·e dans « ${DEMO_SPACE.title} ».`, exact: true }).first().waitFor();

    await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    await page.getByText('Tout est lu.').waitFor();
    expect(await page.locator('.notification-badge').count()).toBe(0);
    expect(await unread(pupil)).toBe(0);
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('stops a kind switched off in the preferences (the next comment brings nothing), kept after a reload', async () => {
    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: '/notifications' });
    const seen = watchConsole(page);
    const pupil = await sessionCookieOf(page.context());
    const box = page.getByRole('checkbox', { name: 'Les nouveaux commentaires' });
    expect(await box.isChecked()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await box.uncheck();
    await page.getByTestId('annonces').filter({ hasText: /^Préférence enregistrée : désactivée\./ }).waitFor();
    const preferences = await hub.api.gql<{ notificationPreferences: { kind: string; enabled: boolean }[] }>(
      '{ notificationPreferences { kind enabled } }', {}, pupil);
    expect(preferences.data!.notificationPreferences.find((item) => item.kind === 'COMMENT_ADDED')!.enabled).toBe(false);

    const inbox = async () => (await hub.api.gql<{ notifications: { totalCount: number; edges: { node: { id: string } }[] } }>(
      '{ notifications(first: 1) { totalCount edges { node { id } } } }', {}, pupil)).data!.notifications;
    const before = await unread(pupil);
    const listed = await inbox();
    await teacherComments('Un commentaire de plus.');
    expect(await unread(pupil)).toBe(before);
    expect(await inbox()).toEqual(listed);

    await page.reload();
    await page.getByRole('checkbox', { name: 'Les nouveaux commentaires' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Les nouveaux commentaires' }).isChecked()).toBe(false);
    // Switched back on: the next comment arrives again.
    await page.getByRole('checkbox', { name: 'Les nouveaux commentaires' }).check();
    await page.getByTestId('annonces').filter({ hasText: /^Préférence enregistrée : activée\./ }).waitFor();
    await teacherComments('Et encore un.');
    expect(await unread(pupil)).toBe(before + 1);
    await page.getByRole('link', { name: bellName(before + 1), exact: true }).waitFor();
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('speaks « vous » to a teacher, with no axe violation on an empty list and the preferences', async () => {
    const page = await signIn(hub, PERSONAS.director, { path: '/notifications' });
    await page.getByRole('heading', { level: 2, name: 'Préférences' }).waitFor();
    await page.getByRole('group', { name: 'Vous recevez une notification pour :' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Quand on vous mentionne' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('links a pupil\'s « masqué » notification to the post itself: focused, with who hid it and why, at 375 and 1280 px', async () => {
    const first = await signIn(hub, PERSONAS.cm2Pupil, { path: '/notifications' });
    const pupil = await sessionCookieOf(first.context());
    await first.context().close();
    const created = await hub.api.gql<{ createPost: { id: string } }>('mutation($input: CreatePostInput!) { createPost(input: $input) { id } }',
      { input: { spaceId, bodyHtml: '<p>Mon adresse : 3 rue des Lilas.</p>' } }, pupil);
    const hiddenId = created.data!.createPost.id;
    for (const operation of ['mutation($id: ID!) { moderatePost(id: $id, decision: APPROVE) { id } }',
      'mutation($id: ID!) { hidePost(id: $id, reason: "Pas d’adresse sur le fil.") { id } }']) {
      expect((await hub.api.gql(operation, { id: hiddenId }, teacher)).errors).toBeUndefined();
    }
    await hub.api.drainOutbox();
    await hub.api.drainOutbox();
    for (const width of [375, 1280]) {
      const page = await signIn(hub, PERSONAS.cm2Pupil, { path: '/notifications' });
      await page.setViewportSize({ width, height: 900 });
      const seen = watchConsole(page);
      const link = page.getByRole('link', { name: new RegExp(`Un modérateur a masqué ton message dans « ${DEMO_SPACE.title} »\\. Ouvre-le pour lire pourquoi\\.$`) });
      expect(await link.getAttribute('href')).toBe(`/espaces/${spaceId}#post-${hiddenId}`);
      expect(await accessibilityViolations(page)).toEqual([]);
      await link.click();
      await page.waitForURL(`${hub.url}/espaces/${spaceId}#post-${hiddenId}`);
      const target = page.locator(`[id="post-${hiddenId}"]`);
      await target.getByText(`Masqué par ${PERSONAS.teacher.displayName} : Pas d’adresse sur le fil.`).waitFor();
      await waitFor('the post to have the focus', async () => (await page.evaluate(() => document.activeElement?.id)) === `post-${hiddenId}`);
      expect(await target.evaluate((element) => element.classList.contains('link-target'))).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(seen.cspViolations).toEqual([]);
      await page.context().close();
    }
  }, 180_000);

  it('links a new homework\'s notification to that homework in the cahier de textes, focused', async () => {
    // Due in a week (Paris), so that « Cahier de textes » lists it from today.
    const dueOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const created = await hub.api.gql<{ createHomework: { id: string } }>(
      'mutation($input: CreateHomeworkInput!) { createHomework(input: $input) { id } }',
      { input: { spaceId, title: 'Lire le chapitre 4', dueOn } }, teacher);
    expect(created.errors).toBeUndefined();
    const homeworkId = created.data!.createHomework.id;
    await hub.api.drainOutbox();
    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: '/notifications' });
    const link = page.getByRole('link', { name: `Non lue Nouveau travail à faire dans « ${DEMO_SPACE.title} ».` }).first();
    expect(await link.getAttribute('href')).toBe(`/espaces/${spaceId}/devoirs#homework-${homeworkId}`);
    await link.click();
    await page.waitForURL(`${hub.url}/espaces/${spaceId}/devoirs#homework-${homeworkId}`);
    await waitFor('the homework to have the focus', async () => (await page.evaluate(() => document.activeElement?.id)) === `homework-${homeworkId}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);
});
