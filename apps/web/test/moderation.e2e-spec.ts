import { DEMO_CM2, DEMO_ECOLE, DEMO_SPACE } from '@passerelle/demo';
import { Page } from 'playwright-core';
import { png } from '../../../libs/spaces/test/files';
import { waitFor } from '../../../test/processes';
import {
  accessibilityViolations, cookiesOf, recordAnnouncements, wasAnnounced, demoSpaceId, focused, gqlOk, PERSONAS, signIn, startWebHub, tabTo, watchConsole, WebHub,
} from '../../../test/web-app';

/**
 * « Modération » (/espaces/:id/moderation) in Chromium with the demo world (its space holds its pupils' posts,
 * comments and uploads): a CM2 pupil's held post, comment and upload appear in the teacher's queue, oldest first;
 * « Valider » publishes, « Refuser » asks for the reason the pupil then reads; the keyboard alone does both; the
 * focus goes to the next item, the live region says it; an empty queue says so; a pupil gets the French refusal page;
 * the teacher edits a post and reads its « Historique »; axe at 375 and 1280 px on each state; no CSP violation.
 */
describe('web app: the moderation queue', () => {
  let hub: WebHub;
  let spaceId: string;
  let pupil: string;
  let teacher: string;
  let guest: string;
  let wallPostId: string;

  beforeAll(async () => {
    hub = await startWebHub();
    [pupil, teacher, guest] = await cookiesOf(hub, PERSONAS.cm2Pupil, PERSONAS.teacher, PERSONAS.guestPupilSaml);
    spaceId = await demoSpaceId(hub, teacher);
    const wall = await hub.api.gql<{ space: { posts: { edges: { node: { id: string; author: { displayName: string } } }[] } } }>(
      'query($id: ID!) { space(id: $id) { posts(first: 10) { edges { node { id author { displayName } } } } } }', { id: spaceId }, teacher);
    wallPostId = wall.data!.space.posts.edges.find((edge) => edge.node.author.displayName === PERSONAS.teacher.displayName)!.node.id;
  }, 240_000);
  afterAll(async () => hub?.close());

  const path = () => `/espaces/${spaceId}/moderation`;

  async function heldPost(text: string, cookie = pupil): Promise<string> {
    const created = await gqlOk<{ createPost: { id: string; status: string } }>(
      hub, 'mutation($input: CreatePostInput!) { createPost(input: $input) { id status } }', { input: { spaceId, bodyHtml: `<p>${text}</p>` } }, cookie);
    expect(created.createPost.status).toBe('PENDING');
    return created.createPost.id;
  }

  async function heldComment(text: string): Promise<string> {
    const created = await gqlOk<{ createComment: { id: string; status: string } }>(
      hub, 'mutation($input: CreateCommentInput!) { createComment(input: $input) { id status } }', { input: { postId: wallPostId, bodyHtml: `<p>${text}</p>` } }, pupil);
    expect(created.createComment.status).toBe('PENDING');
    return created.createComment.id;
  }

  async function heldUpload(name: string): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png(2_048))]), name);
    const response = await fetch(`${hub.url}/spaces/${spaceId}/documents`, { method: 'POST', body: form, headers: { Cookie: pupil, Origin: hub.url } });
    expect(response.status).toBe(201);
    const body = await response.json() as { id: string; status: string };
    expect(body.status).toBe('PENDING');
    return body.id;
  }

  async function post(id: string, cookie: string) {
    return (await hub.api.gql<{ post: { status: string; moderationReason: string | null } | null }>(
      'query($id: ID!) { post(id: $id) { status moderationReason } }', { id }, cookie));
  }

  /** The item that has the focus (its id), or the tag of the focused element. */
  async function focusedItem(page: Page): Promise<string> {
    return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '');
  }

  function item(page: Page, heading: string | RegExp) {
    return page.getByRole('region', { name: /^À valider/ }).getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name: heading }) });
  }

  it('lists a pupil\'s held post, comment and upload in the teacher\'s queue; « Valider » publishes, « Refuser » gives the pupil the reason', async () => {
    const postId = await heldPost('Mon résumé du chapitre 3.');
    const commentId = await heldComment('Moi aussi, j’aime ce passage !');
    const documentId = await heldUpload('mon-dessin.png');

    const page = await signIn(hub, PERSONAS.teacher, { path: path() });
    const seen = watchConsole(page);
    expect(await page.textContent('h1')).toBe('Modération');
    expect(await page.title()).toBe('Modération — Passerelle');
    await page.getByRole('navigation', { name: `Espace ${DEMO_SPACE.title}` }).getByRole('link', { name: /^Modération/ }).waitFor();
    const queue = page.getByRole('region', { name: /^À valider/ });
    await queue.getByRole('heading', { level: 3, name: /^Fichier de / }).waitFor();
    // Oldest first: the post, the comment (with the post it answers), the upload (name, size, a link to see it).
    const headings = await queue.getByRole('heading', { level: 3 }).allTextContents();
    expect(headings).toEqual([`Message de ${PERSONAS.cm2Pupil.displayName}`, `Commentaire de ${PERSONAS.cm2Pupil.displayName}`,
      `Fichier de ${PERSONAS.cm2Pupil.displayName}`]);
    await item(page, /^Message de/).getByText('Mon résumé du chapitre 3.').waitFor();
    // Pupils of two schools share the space: each item says the author's class and school (nothing more).
    await item(page, /^Message de/).getByText(`${DEMO_CM2.label}, ${DEMO_ECOLE.name}`).waitFor();
    await item(page, /^Commentaire de/).getByText(`${DEMO_CM2.label}, ${DEMO_ECOLE.name}`).waitFor();
    await item(page, /^Commentaire de/).getByText(`En réponse au message de ${PERSONAS.teacher.displayName}`).waitFor();
    const link = item(page, /^Fichier de/).getByRole('link', { name: /^Voir le fichier mon-dessin\.png/ });
    expect(await link.getAttribute('href')).toBe(`/documents/${documentId}/versions/1/content`);
    await item(page, /^Fichier de/).getByText('(2 Ko)').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // « Valider » the post: it leaves the list, the focus goes to the next item, the live region says it.
    await recordAnnouncements(page);
    await item(page, /^Message de/).getByRole('button', { name: 'Valider', exact: true }).click();
    await wasAnnounced(page, 'Message validé : il est publié.');
    await waitFor('the focus on the comment', async () => (await focusedItem(page)) === `commentaire-${commentId}`);
    expect(await queue.getByRole('heading', { level: 3 }).count()).toBe(2);
    expect((await post(postId, pupil)).data?.post).toEqual({ status: 'PUBLISHED', moderationReason: null });
    // Published: the 6e guest pupil reads it on the wall now.
    expect((await post(postId, guest)).data?.post?.status).toBe('PUBLISHED');

    // « Refuser » the comment: the reason is required (a French error), then the pupil reads it.
    await item(page, /^Commentaire de/).getByRole('button', { name: 'Refuser', exact: true }).click();
    const reason = page.getByRole('textbox', { name: 'Raison du refus (l’élève la lira)' });
    await waitFor('the reason box to have the focus', async () => (await focusedItem(page)) === `raison-commentaire-${commentId}`);
    await page.getByRole('button', { name: 'Confirmer le refus' }).click();
    await page.getByText('Écrivez la raison du refus : l’élève la lira.').waitFor();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
    await reason.fill('Merci de relire ton commentaire avant de l’envoyer.');
    await page.getByRole('button', { name: 'Confirmer le refus' }).click();
    await page.getByTestId('annonces').filter({ hasText: 'Commentaire refusé : l’élève lira la raison.' }).waitFor();
    await waitFor('the focus on the upload', async () => (await focusedItem(page)).startsWith(`fichier-${documentId}`));
    const comments = await gqlOk<{ post: { comments: { edges: { node: { id: string; status: string; moderationReason: string | null } }[] } } }>(
      hub, 'query($post: ID!) { post(id: $post) { comments(first: 50) { edges { node { id status moderationReason } } } } }', { post: wallPostId }, pupil);
    expect(comments.post.comments.edges.map((edge) => edge.node).find((node) => node.id === commentId))
      .toEqual({ id: commentId, status: 'REJECTED', moderationReason: 'Merci de relire ton commentaire avant de l’envoyer.' });

    // « Valider » the upload: the queue is empty, the focus on the heading, the list says so.
    await item(page, /^Fichier de/).getByRole('button', { name: 'Valider', exact: true }).click();
    await page.getByText('Rien à valider pour le moment.', { exact: true }).waitFor();
    await waitFor('the focus on the <h1>', async () => (await focusedItem(page)) === 'H1');
    const documents = await gqlOk<{ space: { documents: { edges: { node: { id: string; status: string } }[] } } }>(
      hub, 'query($id: ID!) { space(id: $id) { documents(first: 20) { edges { node { id status } } } } }', { id: spaceId }, guest);
    expect(documents.space.documents.edges.map((edge) => edge.node)).toContainEqual({ id: documentId, status: 'PUBLISHED' });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('validates one item and refuses another with its reason with the keyboard alone', async () => {
    const approvedId = await heldPost('Au clavier : à valider.');
    const refusedId = await heldPost('Au clavier : à refuser.');
    const page = await signIn(hub, PERSONAS.teacher, { path: path() });
    const seen = watchConsole(page);
    await item(page, /^Message de/).filter({ hasText: 'Au clavier : à refuser.' }).waitFor();

    await recordAnnouncements(page);
    await tabTo(page, 'Valider');
    await page.keyboard.press('Enter');
    await wasAnnounced(page, 'Message validé : il est publié.');
    await waitFor('the focus on the next item', async () => (await focusedItem(page)) === `message-${refusedId}`);

    await tabTo(page, 'Refuser');
    await page.keyboard.press('Enter');
    await waitFor('the reason box to have the focus', async () => (await focusedItem(page)) === `raison-message-${refusedId}`);
    await page.keyboard.type('Ton message parle d’autre chose que du livre.');
    await tabTo(page, 'Confirmer le refus', 3);
    await page.keyboard.press('Enter');
    await page.getByText('Rien à valider pour le moment.', { exact: true }).waitFor();
    await waitFor('the focus on the <h1>', async () => (await focused(page)).tag === 'H1');
    expect((await post(approvedId, pupil)).data?.post?.status).toBe('PUBLISHED');
    expect((await post(refusedId, pupil)).data?.post).toEqual({ status: 'REJECTED', moderationReason: 'Ton message parle d’autre chose que du livre.' });
    expect(seen.cspViolations).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('says when nothing waits, with no axe violation', async () => {
    const page = await signIn(hub, PERSONAS.teacher, { path: path() });
    const seen = watchConsole(page);
    await page.getByText('Rien à valider pour le moment.', { exact: true }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Messages publiés récemment' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(seen.cspViolations).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('gives a pupil who opens the queue the French refusal page', async () => {
    const page = await signIn(hub, PERSONAS.cm2Pupil, { path: path() });
    const seen = watchConsole(page);
    expect(await page.textContent('h1')).toBe('Accès refusé');
    await page.getByText('Tu ne peux pas ouvrir cette page.').waitFor();
    expect(await page.getByRole('button', { name: 'Valider' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(seen.cspViolations).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('lets the teacher edit a published post and read its « Historique », and hide a pupil\'s post', async () => {
    const published = await heldPost('Un message publié, à masquer.');
    await gqlOk(hub, 'mutation($id: ID!) { moderatePost(id: $id, decision: APPROVE) { id } }', { id: published }, teacher);
    const page = await signIn(hub, PERSONAS.teacher, { path: path() });
    const seen = watchConsole(page);
    const mine = page.locator(`article[aria-labelledby="publie-${wallPostId}-titre"]`);
    await page.getByRole('heading', { level: 2, name: 'Messages publiés récemment' }).waitFor();
    await mine.getByRole('button', { name: 'Modifier' }).click();
    const box = mine.getByRole('textbox', { name: 'Texte du message' });
    await box.fill('Bienvenue ! Ce mois-ci, nous lisons Le Petit Prince et Matilda.');
    await mine.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByTestId('annonces').filter({ hasText: 'Message modifié' }).waitFor();
    await mine.getByText('Bienvenue ! Ce mois-ci, nous lisons Le Petit Prince et Matilda.').waitFor();
    await mine.getByRole('button', { name: 'Historique' }).click();
    const history = mine.locator(`[id="${wallPostId}-historique"]`);
    await history.getByText(/Version 1, remplacée le .* par /).waitFor();
    await history.getByText('Racontez-nous votre passage préféré.', { exact: false }).waitFor();
    expect(await mine.getByRole('button', { name: 'Historique' }).getAttribute('aria-expanded')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);

    // « Masquer » a pupil's published post asks why: without a reason nothing happens; with one, members lose the post.
    const pupilPost = page.locator(`article[aria-labelledby="publie-${published}-titre"]`);
    await pupilPost.getByRole('button', { name: 'Masquer' }).click();
    const reason = pupilPost.getByRole('textbox', { name: /Raison/ });
    await waitFor('the reason field to have the focus', async () => (await focused(page)).label?.startsWith('Raison') ?? false);
    await pupilPost.getByRole('button', { name: 'Confirmer le masquage' }).click();
    await pupilPost.getByText('Écrivez pourquoi vous masquez ce message : son auteur lira la raison.').waitFor();
    await reason.fill('Pas de nom de famille sur le fil.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await pupilPost.getByRole('button', { name: 'Confirmer le masquage' }).click();
    await page.getByTestId('annonces').filter({ hasText: 'Message masqué' }).waitFor();
    await waitFor('the post to leave the list', async () => (await page.getByText('Un message publié, à masquer.').count()) === 0);
    const wall = await gqlOk<{ space: { posts: { edges: { node: { id: string } }[] } } }>(
      hub, 'query($id: ID!) { space(id: $id) { posts(first: 50) { edges { node { id } } } } }', { id: spaceId }, guest);
    expect(wall.space.posts.edges.some((edge) => edge.node.id === published)).toBe(false);
    const hidden = await gqlOk<{ post: { status: string; hiddenReason: string } }>(
      hub, 'query($id: ID!) { post(id: $id) { status hiddenReason } }', { id: published }, teacher);
    expect(hidden.post).toEqual({ status: 'HIDDEN', hiddenReason: 'Pas de nom de famille sur le fil.' });
    expect(seen.cspViolations).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.context().close();

    // Its author reads on the wall who hid it and why; another pupil no longer sees it; the teacher sees it greyed, with
    // « Historique » and « Afficher de nouveau ».
    for (const width of [375, 1280]) {
      const author = await signIn(hub, PERSONAS.cm2Pupil);
      await author.goto(`${hub.url}/espaces/${spaceId}#post-${published}`);
      await author.setViewportSize({ width, height: 900 });
      const own = author.locator(`[id="post-${published}"]`);
      await own.getByText(`Masqué par ${PERSONAS.teacher.displayName} : Pas de nom de famille sur le fil.`).waitFor();
      await waitFor('the linked post to have the focus', async () => author.evaluate(() => document.activeElement?.id ?? '')
        .then((id) => id === `post-${published}`));
      expect(await accessibilityViolations(author)).toEqual([]);
      await author.context().close();
    }
    const other = await signIn(hub, PERSONAS.guestPupilSaml, { path: `/espaces/${spaceId}` });
    await other.getByRole('heading', { level: 2, name: 'Messages' }).waitFor();
    expect(await other.locator(`[id="post-${published}"]`).count()).toBe(0);
    await other.context().close();
    const moderator = await signIn(hub, PERSONAS.teacher);
    await moderator.goto(`${hub.url}/espaces/${spaceId}#post-${published}`);
    const greyed = moderator.locator(`[id="post-${published}"]`);
    await greyed.getByText(/^Masqué pour les membres par .* : Pas de nom de famille sur le fil\.$/).waitFor();
    await greyed.getByRole('button', { name: 'Historique' }).click();
    await greyed.getByText('Ce message n’a pas été modifié.').waitFor();
    expect(await accessibilityViolations(moderator)).toEqual([]);
    await greyed.getByRole('button', { name: 'Afficher de nouveau' }).click();
    await moderator.getByTestId('annonces').filter({ hasText: 'Message affiché de nouveau' }).waitFor();
    expect((await gqlOk<{ post: { status: string } }>(hub, 'query($id: ID!) { post(id: $id) { status } }', { id: published }, guest)).post.status)
      .toBe('PUBLISHED');
    await moderator.context().close();
  }, 240_000);

  it('pages a long queue with « Voir plus » (cursor), at 375 and 1280 px', async () => {
    const { id: pupilId } = (await hub.api.dataSource.query(`SELECT id FROM person WHERE display_name = $1`, [PERSONAS.cm2Pupil.displayName]))[0];
    // 25 held posts, written straight into the database (the per-person limits would stop a pupil's burst).
    const ids: string[] = (await hub.api.dataSource.query(
      `INSERT INTO post (space_id, author_kind, author_id, body_html, body_text, status, created_at)
       SELECT $1, 'PERSON', $2, '<p>Question ' || n || '</p>', 'Question ' || n, 'PENDING', now() - make_interval(mins => n)
       FROM generate_series(1, 25) AS n RETURNING id`, [spaceId, pupilId])).map((row: { id: string }) => row.id);
    try {
      for (const width of [375, 1280]) {
        const page = await signIn(hub, PERSONAS.teacher, { path: path() });
        await page.setViewportSize({ width, height: 900 });
        const seen = watchConsole(page);
        const queue = page.getByRole('region', { name: /^À valider/ });
        await queue.getByRole('heading', { level: 2, name: 'À valider (20 sur 25)' }).waitFor();
        expect(await queue.getByRole('article').count()).toBe(20);
        await queue.getByRole('button', { name: 'Voir plus' }).click();
        await queue.getByRole('heading', { level: 2, name: 'À valider (25)' }).waitFor();
        expect(await queue.getByRole('article').count()).toBe(25);
        expect(await queue.getByRole('button', { name: 'Voir plus' }).count()).toBe(0);
        await page.getByTestId('annonces').filter({ hasText: '5 éléments de plus à valider.' }).waitFor();
        expect(await accessibilityViolations(page)).toEqual([]);
        expect(seen.cspViolations).toEqual([]);
        await page.context().close();
      }
    } finally {
      await hub.api.dataSource.query(`DELETE FROM post WHERE id = ANY($1::uuid[])`, [ids]);
    }
  }, 180_000);
});
