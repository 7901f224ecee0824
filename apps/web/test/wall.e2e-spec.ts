import { DEMO_SPACE } from '@passerelle/demo';
import type { Page } from 'playwright-core';
import { waitFor } from '../../../test/processes';
import {
  accessibilityViolations, cookiesOf, createSpaceBeside, demoSpaceId, focused, PERSONAS, signIn, startWebHub, tabTo, watchConsole, WebHub,
} from '../../../test/web-app';

/**
 * « Fil » (/espaces/:id) in Chromium with the demo world: a CM2 pupil writes a post (bold, a mention) that waits for
 * the teacher, the teacher validates it, a 6e guest pupil (SAML) comments, and the CM2 pupil sees the comment arrive
 * without reloading; the same with the keyboard alone; axe at 375 and 1280 px; a non-member's refusal; the CSP.
 */
describe('web app: the wall of a space', () => {
  let hub: WebHub;
  let spaceId: string;
  let teacher: string;

  beforeAll(async () => {
    hub = await startWebHub();
    [teacher] = await cookiesOf(hub, PERSONAS.teacher);
    spaceId = await demoSpaceId(hub, teacher);
  }, 180_000);
  afterAll(async () => hub?.close());

  const wallPath = () => `/espaces/${spaceId}`;
  const article = (page: Page, text: string) => page.getByRole('article').filter({ hasText: text });
  const announced = (page: Page, text: string) => page.getByTestId('annonces').filter({ hasText: text }).waitFor();

  async function heldPost(text: string): Promise<{ id: string; bodyHtml: string }> {
    const result = await hub.api.gql<{ space: { posts: { edges: { node: { id: string; bodyHtml: string } }[] } } }>(
      'query($id: ID!) { space(id: $id) { posts(status: PENDING, first: 20) { edges { node { id bodyHtml } } } } }', { id: spaceId }, teacher);
    const found = result.data!.space.posts.edges.map((edge) => edge.node).find((post) => post.bodyHtml.includes(text));
    if (!found) throw new Error(`no held post with ${text}`);
    return found;
  }

  it('takes a CM2 pupil\'s post (bold, a mention) through validation to a 6e guest\'s comment, seen live by the pupil', async () => {
    const settings = await hub.api.gql<{ space: { settings: { pupilPostsNeedApproval: boolean } } }>(
      'query($id: ID!) { space(id: $id) { settings { pupilPostsNeedApproval } } }', { id: spaceId }, teacher);
    expect(settings.data!.space.settings.pupilPostsNeedApproval).toBe(true);

    // The 6e guest pupil signs in first (a guest becomes a member, one the CM2 pupil may mention, on their first visit).
    const guest = await signIn(hub, PERSONAS.guestPupilSaml, { path: wallPath() });
    const guestSeen = watchConsole(guest);
    const pupil = await signIn(hub, PERSONAS.cm2Pupil, { path: wallPath() });
    const seen = watchConsole(pupil);
    expect(await pupil.textContent('h1')).toBe(DEMO_SPACE.title);
    expect(await pupil.title()).toBe(`${DEMO_SPACE.title} — Passerelle`);
    await pupil.getByRole('navigation', { name: `Espace ${DEMO_SPACE.title}` }).waitFor();
    // The demo's posts, newest first, with their author.
    await article(pupil, 'allumeur de réverbères').waitFor();

    await pupil.getByRole('button', { name: 'Écrire un message' }).click();
    const box = pupil.getByRole('textbox', { name: 'Ton message' });
    await box.waitFor();
    expect(await box.getAttribute('aria-multiline')).toBe('true');
    await box.click();
    await pupil.keyboard.type('Nous avons lu un ');
    const bold = pupil.getByRole('button', { name: 'Gras' });
    expect(await bold.getAttribute('aria-pressed')).toBe('false');
    // Each click on « Gras » is awaited until the button says it (the editor's state), before typing on.
    await bold.click();
    await pupil.getByRole('button', { name: 'Gras', pressed: true }).waitFor();
    await pupil.keyboard.type('super livre');
    expect(await bold.getAttribute('aria-pressed')).toBe('true');
    await bold.click();
    await pupil.getByRole('button', { name: 'Gras', pressed: false }).waitFor();
    await pupil.keyboard.type(' avec ');
    await pupil.keyboard.type('@Luc');
    const option = pupil.getByRole('option', { name: new RegExp(`^${PERSONAS.guestPupilSaml.displayName}`) });
    await option.waitFor();
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await pupil.keyboard.press('Enter');
    await pupil.keyboard.type(' !');
    await pupil.getByRole('button', { name: 'Publier' }).click();

    const mine = article(pupil, 'super livre');
    await mine.getByText('en attente de validation').waitFor();
    await announced(pupil, 'Ton message est envoyé. Il est en attente de validation.');
    expect(await mine.locator('strong').textContent()).toBe('super livre');

    // The teacher validates it through the API (the moderation screen is its own feature).
    const held = await heldPost('super livre');
    expect(held.bodyHtml).toContain('<strong>super livre</strong>');
    expect(held.bodyHtml).toContain(`@${PERSONAS.guestPupilSaml.displayName}`);
    const approved = await hub.api.gql('mutation($id: ID!) { moderatePost(id: $id, decision: APPROVE) { id status } }', { id: held.id }, teacher);
    expect(approved.errors).toBeUndefined();
    await hub.api.drainOutbox();
    // The pupil is told (MODERATION_DECISION): the note goes away without a reload.
    await waitFor('the post to be published on the pupil\'s wall', async () => (await mine.getByText('en attente de validation').count()) === 0);

    // The 6e guest pupil (SAML) sees it and comments with « Commenter ».
    await guest.reload();
    const theirs = article(guest, 'super livre');
    await theirs.waitFor();
    await theirs.getByRole('button', { name: 'Commenter' }).click();
    await theirs.getByRole('textbox', { name: 'Ton commentaire' }).fill('Moi aussi, je l’ai adoré !');
    await theirs.getByRole('button', { name: 'Commenter' }).click();
    // A guest pupil's comment waits for the teacher too, where the space holds pupils' contributions: its author reads it.
    await theirs.getByRole('listitem').filter({ hasText: 'Moi aussi, je l’ai adoré !' }).getByText('en attente de validation').waitFor();
    await announced(guest, 'Ton commentaire est envoyé. Il est en attente de validation.');

    const navigations: string[] = [];
    pupil.on('framenavigated', (frame) => { if (frame === pupil.mainFrame()) navigations.push(frame.url()); });
    // The CM2 pupil does not see it yet; the teacher validates it.
    expect(await mine.getByText('Moi aussi, je l’ai adoré !').count()).toBe(0);
    const heldComments = await hub.api.gql<{ space: { heldComments: { edges: { node: { id: string; bodyHtml: string } }[] } } }>(
      'query($id: ID!) { space(id: $id) { heldComments(first: 20) { edges { node { id bodyHtml } } } } }', { id: spaceId }, teacher);
    const comment = heldComments.data!.space.heldComments.edges.find((edge) => edge.node.bodyHtml.includes('adoré'))!.node;
    const done = await hub.api.gql('mutation($id: ID!) { moderateComment(id: $id, decision: APPROVE) { id } }', { id: comment.id }, teacher);
    expect(done.errors).toBeUndefined();
    await hub.api.drainOutbox();
    await mine.getByText('Moi aussi, je l’ai adoré !').waitFor();
    expect(navigations).toEqual([]);

    // Reactions are toggle buttons named with their count.
    const clap = mine.getByRole('button', { name: /^Bravo, \d+ réactions?$/ });
    expect(await clap.getAttribute('aria-pressed')).toBe('false');
    await clap.click();
    await mine.getByRole('button', { name: 'Bravo, 1 réaction', pressed: true }).waitFor();

    for (const watched of [seen, guestSeen]) {
      expect(watched.cspViolations).toEqual([]);
      expect(watched.errors).toEqual([]);
    }
    await guest.context().close();
    await pupil.context().close();
  }, 240_000);

  it('lets a teacher write and publish a post, then a comment, with the keyboard alone', async () => {
    const page = await signIn(hub, PERSONAS.teacher, { path: wallPath() });
    const seen = watchConsole(page);
    await article(page, 'allumeur de réverbères').waitFor();
    await tabTo(page, 'Écrire un message');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Votre message' }).waitFor();
    await waitFor('the editor to take the focus', () => page.evaluate(() => document.activeElement?.classList.contains('ProseMirror')));
    await page.keyboard.type('Rendez-vous ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('jeudi');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' au CDI.');
    await tabTo(page, 'Publier');
    await page.keyboard.press('Enter');
    const post = article(page, 'Rendez-vous');
    await post.waitFor();
    await announced(page, 'Votre message est publié.');
    expect(await post.locator('strong').textContent()).toBe('jeudi');
    await waitFor('the focus back on « Écrire un message »', async () => (await focused(page)).text === 'Écrire un message');

    // The new post is the first: its « Commenter » is the first one after the editor's button.
    await tabTo(page, 'Commenter');
    await page.keyboard.press('Enter');
    await post.getByRole('textbox', { name: 'Votre commentaire' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('N’oubliez pas vos livres.');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Commenter');
    await page.keyboard.press('Enter');
    await post.getByText('N’oubliez pas vos livres.').waitFor();
    await announced(page, 'Votre commentaire est publié.');
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('has no axe violation at 375 and 1280 px, on the wall with posts and with the editor open', async () => {
    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: wallPath() });
    await article(page, 'allumeur de réverbères').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Écrire un message' }).click();
    await page.getByRole('textbox', { name: 'Ton message' }).waitFor();
    await page.getByRole('button', { name: 'Lien' }).click();
    await page.getByRole('textbox', { name: 'Adresse du lien' }).waitFor();
    await page.getByRole('button', { name: 'Joindre un fichier' }).click();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('lets the teacher rewrite and hide a pupil\'s post on the wall: history, reason, greyed, at 375 and 1280 px', async () => {
    const [pupil] = await cookiesOf(hub, PERSONAS.cm2Pupil);
    const created = await hub.api.gql<{ createPost: { id: string } }>('mutation($input: CreatePostInput!) { createPost(input: $input) { id } }',
      { input: { spaceId, bodyHtml: '<p>Mon numéro est le 06 12 34 56 78.</p>' } }, pupil);
    const postId = created.data!.createPost.id;
    expect((await hub.api.gql('mutation($id: ID!) { moderatePost(id: $id, decision: APPROVE) { id } }', { id: postId }, teacher)).errors)
      .toBeUndefined();

    const page = await signIn(hub, PERSONAS.teacher, { path: wallPath() });
    const seen = watchConsole(page);
    const post = page.locator(`[id="post-${postId}"]`);
    await post.getByText('Mon numéro est le 06 12 34 56 78.').waitFor();
    // « Modifier »: the post editor with its text; « Enregistrer » rewrites it.
    await post.getByRole('button', { name: `Modifier le message de ${PERSONAS.cm2Pupil.displayName}` }).click();
    const box = post.getByRole('textbox', { name: 'Votre message' });
    await box.getByText('Mon numéro est le 06 12 34 56 78.').waitFor();
    await box.press('Control+a');
    await box.pressSequentially('Mon numéro est retiré par la maîtresse.');
    await post.getByRole('button', { name: 'Enregistrer' }).click();
    await announced(page, 'Message modifié');
    await post.getByText('Mon numéro est retiré par la maîtresse.').waitFor();
    // « Historique »: the text before, who replaced it and when.
    await post.getByRole('button', { name: 'Historique' }).click();
    await post.getByText(new RegExp(`^Version 1, remplacée le .* par ${PERSONAS.teacher.displayName}$`)).waitFor();
    await post.locator('.history').getByText('Mon numéro est le 06 12 34 56 78.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // « Masquer » asks the reason (ConfirmAction with a field, the focus in it), then greys the post for the teacher.
    await post.getByRole('button', { name: /^Masquer/ }).click();
    const reason = post.getByRole('textbox', { name: 'Raison (son auteur la lira)' });
    await waitFor('the reason box to have the focus', async () => (await focused(page)).label === 'Raison (son auteur la lira)');
    await post.getByRole('button', { name: 'Masquer le message' }).click();
    await post.getByText('Écrivez pourquoi vous masquez ce message : son auteur lira la raison.').waitFor();
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await reason.fill('Pas de numéro de téléphone sur le fil.');
    await post.getByRole('button', { name: 'Masquer le message' }).click();
    await announced(page, 'Message masqué');
    await post.getByText(`Masqué pour les membres par ${PERSONAS.teacher.displayName} : Pas de numéro de téléphone sur le fil.`).waitFor();
    expect(await post.evaluate((element) => element.classList.contains('post-hidden'))).toBe(true);
    await post.getByRole('button', { name: 'Afficher de nouveau' }).waitFor();
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();

    // Another pupil no longer sees it; its author reads the reason.
    const guest = await signIn(hub, PERSONAS.guestPupilSaml, { path: wallPath() });
    await guest.getByRole('article').first().waitFor();
    expect(await guest.locator(`[id="post-${postId}"]`).count()).toBe(0);
    await guest.context().close();
    const author = await signIn(hub, PERSONAS.cm2Pupil, { path: wallPath() });
    await author.locator(`[id="post-${postId}"]`)
      .getByText(`Masqué par ${PERSONAS.teacher.displayName} : Pas de numéro de téléphone sur le fil.`).waitFor();
    expect(await author.locator(`[id="post-${postId}"]`).getByRole('button', { name: 'Afficher de nouveau' }).count()).toBe(0);
    await author.context().close();
  }, 240_000);

  it('loads older posts by pages with « Voir plus de messages »', async () => {
    // At least 23 posts: three pages of 10.
    for (let i = 1; i <= 20; i++) {
      const posted = await hub.api.gql('mutation($input: CreatePostInput!) { createPost(input: $input) { id } }',
        { input: { spaceId, bodyHtml: `<p>Message de page numéro ${i}.</p>` } }, teacher);
      expect(posted.errors).toBeUndefined();
    }
    const page = await signIn(hub, PERSONAS.guestPupilSaml, { path: wallPath(), viewport: { width: 375, height: 740 } });
    await article(page, 'Message de page numéro 20.').waitFor();
    expect(await page.getByRole('article').count()).toBe(10);
    // The button loads the next page (a click that does not scroll: the end of the list stays out of view)…
    await page.getByRole('button', { name: 'Voir plus de messages' }).dispatchEvent('click');
    await article(page, 'Message de page numéro 1.').waitFor();
    expect(await page.getByRole('article').count()).toBe(20);
    // … and so does reaching the end of the list.
    expect(await article(page, 'Bienvenue dans le').count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await article(page, 'Bienvenue dans le').waitFor();
    const texts = await page.getByRole('article').allTextContents();
    expect(texts.findIndex((text) => text.includes('numéro 20.'))).toBeLessThan(texts.findIndex((text) => text.includes('numéro 1.')));
    expect(texts.findIndex((text) => text.includes('numéro 1.'))).toBeLessThan(texts.findIndex((text) => text.includes('Bienvenue dans le')));
    await page.context().close();
  }, 180_000);

  it('answers a pupil who is not a member of the space with the French page, not the wall', async () => {
    const created = await createSpaceBeside(hub, teacher, spaceId, 'Atelier des CM2 seulement');
    const page = await signIn(hub, PERSONAS.guestPupilSaml, { path: `/espaces/${created}` });
    expect(await page.textContent('h1')).toBe('Page introuvable');
    await page.getByText('Cette page n’existe pas, ou tu n’y as plus accès.').waitFor();
    expect(await page.getByRole('button', { name: 'Écrire un message' }).count()).toBe(0);
    await page.context().close();
  }, 120_000);
});
