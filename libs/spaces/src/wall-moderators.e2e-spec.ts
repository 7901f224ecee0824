import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { Role } from '@passerelle/access';
import type { TestApi } from '../../../test/harness';
import { png, startHubWithFiles } from '../test/files';
import { ADD_MEMBERS, buildWorld, codeOf, CREATE_COMMENT, CREATE_POST, NOTIFICATIONS, ok, one, person, Session, sharedSpace, SpaceWorld } from '../test/fixtures';

/**
 * Issue 12, moderation that a teacher expects, through the real API: a space's moderators rewrite another member's post
 * (the history says who and when, its author is told in their words, audited) and hide a published post with a reason
 * (members no longer see it: wall, the post by its id, search with its comments, notifications; its author reads who hid
 * it and why; moderators see it and show it again). Everyone else is refused with the wall's codes (FORBIDDEN in the
 * space, NOT_FOUND outside), and a refusal writes nothing; a hub administrator under a moderation access hides, never rewrites. The moderation queue names each author's class and school, to moderators only.
 */
describe('moderators edit and hide members\' posts', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  /** A teacher of the school who is a plain contributor of the spaces below (not a moderator). */
  let contributorTeacher: Session;

  const POST = `query($id: ID!) { post(id: $id) { id status bodyHtml revision hiddenReason hiddenAt hiddenBy { displayName } } }`;
  const WALL = `query($id: ID!) { space(id: $id) { posts(first: 50) { edges { node { id status hiddenReason } } } } }`;
  const HIDE = `mutation($id: ID!, $reason: String!) { hidePost(id: $id, reason: $reason) { id status hiddenReason hiddenBy { displayName } } }`;
  const UNHIDE = `mutation($id: ID!) { unhidePost(id: $id) { id status hiddenReason } }`;
  const EDIT = `mutation($input: EditPostInput!) { editPost(input: $input) { id status bodyHtml revision } }`;
  const HISTORY = `query($id: ID!) { post(id: $id) { revisions { revision action bodyHtml createdAt editor { displayName } } } }`;
  const SEARCH = `query($query: String!, $spaceId: ID) { search(query: $query, spaceId: $spaceId, first: 20) { edges { node { kind id } } } }`;

  let files: Awaited<ReturnType<typeof startHubWithFiles>> | undefined;

  beforeAll(async () => {
    files = await startHubWithFiles('wall-moderators');
    ({ hub } = files);
    world = await buildWorld(hub);
    contributorTeacher = await person(hub, 'Mme Durand', ['National_ENS'], world.schoolId, [Role.TEACHER]);
  });
  afterAll(async () => {
    await files?.close();
  });

  function word(): string {
    return `zq${Array.from(randomBytes(8), (byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;
  }

  async function space(settings: Record<string, boolean> = {}): Promise<string> {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false, ...settings });
    ok(await hub.gql(ADD_MEMBERS, { input: { spaceId, people: [{ personId: contributorTeacher.id, role: 'CONTRIBUTOR' }] } }, world.teacher.cookie));
    return spaceId;
  }

  async function postBy(who: Session, spaceId: string, body: string): Promise<string> {
    return ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: `<p>${body}</p>` } }, who.cookie)).createPost.id;
  }

  async function wallIds(who: Session, spaceId: string): Promise<string[]> {
    return ok(await hub.gql<{ space: { posts: { edges: { node: { id: string } }[] } } }>(WALL, { id: spaceId }, who.cookie))
      .space.posts.edges.map((edge) => edge.node.id);
  }

  async function found(who: Session, spaceId: string, text: string): Promise<string[]> {
    return ok(await hub.gql<{ search: { edges: { node: { id: string } }[] } }>(SEARCH, { query: text, spaceId }, who.cookie))
      .search.edges.map((edge) => edge.node.id);
  }

  async function inbox(who: Session) {
    return ok(await hub.gql<{ notifications: { edges: { node: { kind: string; message: string; spaceId: string; postId: string } }[] } }>(
      NOTIFICATIONS, {}, who.cookie)).notifications.edges.map((edge) => edge.node);
  }

  async function audit(postId: string): Promise<string[]> {
    const rows: { action: string }[] = await hub.dataSource.query(
      `SELECT action FROM audit_event WHERE subject_type = 'post' AND subject_id = $1 ORDER BY occurred_at, id`, [postId]);
    return rows.map((row) => row.action);
  }

  async function settle(): Promise<void> {
    await hub.drainOutbox();
    await hub.drainOutbox();
  }

  it('hides a pupil\'s post with a reason: its author reads who and why, other members lose it everywhere, moderators show it again', async () => {
    const spaceId = await space();
    const secret = word();
    const postId = await postBy(world.pupil, spaceId, `Mon exposé ${secret}`);
    const commentSecret = word();
    ok(await hub.gql(CREATE_COMMENT, { input: { postId, bodyHtml: `Bravo ${commentSecret}` } }, world.pupil2.cookie));
    await settle();

    const hidden = ok(await hub.gql<{ hidePost: unknown }>(HIDE, { id: postId, reason: '  Ce message donne une adresse personnelle.  ' },
      world.teacher.cookie)).hidePost;
    expect(hidden).toEqual({ id: postId, status: 'HIDDEN', hiddenReason: 'Ce message donne une adresse personnelle.', hiddenBy: { displayName: 'Mme Martin' } });

    // Its author sees it, with who hid it and why.
    const mine = ok(await hub.gql<{ post: Record<string, unknown> }>(POST, { id: postId }, world.pupil.cookie)).post;
    expect(mine).toMatchObject({ status: 'HIDDEN', hiddenReason: 'Ce message donne une adresse personnelle.', hiddenBy: { displayName: 'Mme Martin' } });
    expect(await wallIds(world.pupil, spaceId)).toEqual([postId]);
    // Other members: not on the wall, not by its id, not in search (nor its comments), nothing new in their inbox.
    for (const other of [world.pupil2, world.guestPupil, world.parent, contributorTeacher]) {
      expect(await wallIds(other, spaceId)).toEqual([]);
      expect(codeOf(await hub.gql(POST, { id: postId }, other.cookie))).toBe('NOT_FOUND');
      expect(await found(other, spaceId, secret)).toEqual([]);
      expect(await found(other, spaceId, commentSecret)).toEqual([]);
    }
    // Moderators see it with the reason.
    const forModerator = ok(await hub.gql<{ post: Record<string, unknown> }>(POST, { id: postId }, world.teacher.cookie)).post;
    expect(forModerator).toMatchObject({ status: 'HIDDEN', hiddenReason: 'Ce message donne une adresse personnelle.' });
    expect(await wallIds(world.teacher, spaceId)).toEqual([postId]);
    // No comment nor reaction goes on a hidden post.
    expect(codeOf(await hub.gql(CREATE_COMMENT, { input: { postId, bodyHtml: 'Encore' } }, world.pupil.cookie))).toBe('POST_NOT_OPEN');

    await settle();
    const told = (await inbox(world.pupil)).filter((n) => n.spaceId === spaceId && n.kind === 'POST_HIDDEN');
    expect(told).toEqual([expect.objectContaining({ postId,
      message: expect.stringMatching(/^Un modérateur a masqué ton message dans « .* »\. Ouvre-le pour lire pourquoi\.$/) })]);
    expect((await inbox(world.pupil2)).filter((n) => n.spaceId === spaceId && n.kind === 'POST_HIDDEN')).toEqual([]);
    expect(await audit(postId)).toEqual(['post.hidden']);

    // Shown again: every member sees it as before; its author is told.
    expect(ok(await hub.gql<{ unhidePost: unknown }>(UNHIDE, { id: postId }, world.teacher.cookie)).unhidePost)
      .toEqual({ id: postId, status: 'PUBLISHED', hiddenReason: null });
    expect(await wallIds(world.pupil2, spaceId)).toEqual([postId]);
    expect(await found(world.pupil2, spaceId, secret)).toEqual([postId]);
    await settle();
    expect((await inbox(world.pupil)).filter((n) => n.spaceId === spaceId && n.kind === 'POST_UNHIDDEN').map((n) => n.message))
      .toEqual([expect.stringMatching(/^Ton message dans « .* » est de nouveau visible\.$/)]);
    expect(await audit(postId)).toEqual(['post.hidden', 'post.unhidden']);
  });

  it('tells an adult author « vous » when a moderator hides their post', async () => {
    const spaceId = await space();
    const postId = await postBy(world.guestTeacher, spaceId, 'Sortie au musée');
    ok(await hub.gql(HIDE, { id: postId, reason: 'Date à confirmer.' }, world.teacher.cookie));
    await settle();
    expect((await inbox(world.guestTeacher)).filter((n) => n.spaceId === spaceId && n.kind === 'POST_HIDDEN').map((n) => n.message))
      .toEqual([expect.stringMatching(/^Un modérateur a masqué votre message dans « .* »\. Ouvrez-le pour lire pourquoi\.$/)]);
  });

  it('refuses to hide or show again to anyone but the space\'s moderators, with the wall\'s codes, and writes nothing', async () => {
    const spaceId = await space();
    const postId = await postBy(world.pupil, spaceId, 'Mon dessin');
    const refused: [Session, string][] = [
      [world.pupil, 'FORBIDDEN'], [world.pupil2, 'FORBIDDEN'], [world.guestPupil, 'FORBIDDEN'],
      [contributorTeacher, 'FORBIDDEN'], [world.parent, 'FORBIDDEN'], [world.otherTeacher, 'NOT_FOUND'], [world.otherGuest, 'NOT_FOUND'],
    ];
    for (const [who, code] of refused) {
      expect([who.name, codeOf(await hub.gql(HIDE, { id: postId, reason: 'Non.' }, who.cookie))]).toEqual([who.name, code]);
    }
    expect(codeOf(await hub.gql(HIDE, { id: postId, reason: '   ' }, world.teacher.cookie))).toBe('BAD_USER_INPUT');
    expect(codeOf(await hub.gql(HIDE, { id: postId, reason: 'x'.repeat(501) }, world.teacher.cookie))).toBe('BAD_USER_INPUT');
    expect(codeOf(await hub.gql(UNHIDE, { id: postId }, world.teacher.cookie))).toBe('POST_NOT_HIDDEN');
    expect((await one<{ status: string }>(hub, `SELECT status FROM post WHERE id = $1`, [postId])).status).toBe('PUBLISHED');
    expect(await audit(postId)).toEqual([]);

    ok(await hub.gql(HIDE, { id: postId, reason: 'À revoir.' }, world.teacher.cookie));
    expect(codeOf(await hub.gql(HIDE, { id: postId, reason: 'Encore.' }, world.teacher.cookie))).toBe('POST_HIDDEN');
    for (const [who, code] of refused.filter(([who]) => who !== world.pupil)) {
      // Once hidden, members who are not its author cannot even reach it.
      const expected = code === 'FORBIDDEN' ? 'NOT_FOUND' : code;
      expect([who.name, codeOf(await hub.gql(UNHIDE, { id: postId }, who.cookie))]).toEqual([who.name, expected]);
    }
    expect(codeOf(await hub.gql(UNHIDE, { id: postId }, world.pupil.cookie))).toBe('FORBIDDEN');
    expect(await audit(postId)).toEqual(['post.hidden']);

    // A held post is approved or rejected, not hidden; a deleted one is gone.
    const held = await space({ pupilPostsNeedApproval: true });
    const pending = await postBy(world.pupil, held, 'En attente');
    expect(codeOf(await hub.gql(HIDE, { id: pending, reason: 'Non.' }, world.teacher.cookie))).toBe('POST_NOT_PUBLISHED');
    const gone = await postBy(world.pupil, spaceId, 'Supprimé');
    ok(await hub.gql(`mutation($id: ID!) { deletePost(id: $id) { id } }`, { id: gone }, world.pupil.cookie));
    expect(codeOf(await hub.gql(HIDE, { id: gone, reason: 'Non.' }, world.teacher.cookie))).toBe('POST_DELETED');
  });

  it('lets a moderator rewrite a pupil\'s post: status kept, history says who and when, the pupil is told « tu », audited', async () => {
    const spaceId = await space({ pupilPostsNeedApproval: true });
    const postId = await postBy(world.pupil, spaceId, 'Mon adresse est 3 rue des Lilas');
    ok(await hub.gql(`mutation($id: ID!) { moderatePost(id: $id, decision: APPROVE) { id } }`, { id: postId }, world.teacher.cookie));
    const before = Date.now();
    const edited = ok(await hub.gql<{ editPost: unknown }>(EDIT, { input: { postId, bodyHtml: '<p>Mon adresse est [retirée]</p>' } },
      world.teacher.cookie)).editPost;
    expect(edited).toEqual({ id: postId, status: 'PUBLISHED', bodyHtml: '<p>Mon adresse est [retirée]</p>', revision: 2 });
    expect(await wallIds(world.pupil2, spaceId)).toEqual([postId]);

    const history = ok(await hub.gql<{ post: { revisions: { revision: number; action: string; bodyHtml: string; createdAt: string;
      editor: { displayName: string } }[] } }>(HISTORY, { id: postId }, world.teacher.cookie)).post.revisions;
    expect(history).toEqual([{ revision: 1, action: 'EDIT', bodyHtml: '<p>Mon adresse est 3 rue des Lilas</p>', createdAt: expect.any(String),
      editor: { displayName: 'Mme Martin' } }]);
    expect(new Date(history[0].createdAt).getTime()).toBeGreaterThanOrEqual(before - 5_000);
    // The history is for moderators.
    expect(codeOf(await hub.gql(HISTORY, { id: postId }, world.pupil.cookie))).toBe('FORBIDDEN');

    await settle();
    expect((await inbox(world.pupil)).filter((n) => n.spaceId === spaceId && n.kind === 'POST_EDITED_BY_MODERATOR'))
      .toEqual([expect.objectContaining({ postId, message: expect.stringMatching(/^Un modérateur a modifié ton message dans « .* »\.$/) })]);
    expect(await audit(postId)).toEqual(['post.edited-by-moderator']);

    // Its author's own edit still goes back to moderation in this space; the moderator's did not.
    expect(ok(await hub.gql<{ editPost: { status: string } }>(EDIT, { input: { postId, bodyHtml: 'Mon adresse est secrète' } }, world.pupil.cookie))
      .editPost.status).toBe('PENDING');
  });

  it('refuses a rewrite of someone else\'s post to anyone but the space\'s moderators, and writes nothing', async () => {
    const spaceId = await space();
    const postId = await postBy(world.pupil, spaceId, 'Mon poème');
    const refused: [Session, string][] = [
      [world.pupil2, 'FORBIDDEN'], [world.guestPupil, 'FORBIDDEN'], [contributorTeacher, 'FORBIDDEN'],
      [world.parent, 'FORBIDDEN'], [world.otherTeacher, 'NOT_FOUND'], [world.otherGuest, 'NOT_FOUND'],
    ];
    for (const [who, code] of refused) {
      expect([who.name, codeOf(await hub.gql(EDIT, { input: { postId, bodyHtml: 'Remplacé' } }, who.cookie))]).toEqual([who.name, code]);
    }
    const row = await one<{ body_text: string; revision: number }>(hub, `SELECT body_text, revision FROM post WHERE id = $1`, [postId]);
    expect(row).toEqual({ body_text: 'Mon poème', revision: 1 });
    expect(await audit(postId)).toEqual([]);
    // A held post is approved or rejected, not rewritten by a moderator.
    const held = await space({ pupilPostsNeedApproval: true });
    const pending = await postBy(world.pupil, held, 'En attente');
    expect(codeOf(await hub.gql(EDIT, { input: { postId: pending, bodyHtml: 'Corrigé' } }, world.teacher.cookie))).toBe('FORBIDDEN');
  });

  it('lets a hub administrator under a moderation access hide a post, not rewrite it', async () => {
    const spaceId = await space();
    const postId = await postBy(world.pupil, spaceId, 'Un message signalé');
    ok(await hub.gql(`mutation($input: OpenModerationAccessInput!) { openModerationAccess(input: $input) { id } }`,
      { input: { spaceId, reason: 'Signalement d’un parent.' } }, world.admin.cookie));
    const refused = await hub.gql(EDIT, { input: { postId, bodyHtml: 'Réécrit' } }, world.admin.cookie);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toBe("Un accès de modération permet de lire l'espace et d'en retirer des contenus, pas d'y participer.");
    expect((await one<{ body_text: string }>(hub, `SELECT body_text FROM post WHERE id = $1`, [postId])).body_text).toBe('Un message signalé');
    expect(ok(await hub.gql<{ hidePost: { status: string } }>(HIDE, { id: postId, reason: 'Signalé.' }, world.admin.cookie)).hidePost.status)
      .toBe('HIDDEN');
    expect(await audit(postId)).toEqual(['post.hidden']);
  });

  it('tells moderators each held author\'s class and school, and nobody else', async () => {
    const spaceId = await space({ pupilPostsNeedApproval: true });
    const byPupil = await postBy(world.pupil, spaceId, 'Question de Léa');
    const byGuest = await postBy(world.guestPupil, spaceId, 'Question de Nina');
    const QUEUE = `query($id: ID!) { space(id: $id) { posts(status: PENDING, first: 10) { edges { node { id authorOrigin { className schoolName } } } } } }`;
    const queue = ok(await hub.gql<{ space: { posts: { edges: { node: { id: string; authorOrigin: unknown } }[] } } }>(
      QUEUE, { id: spaceId }, world.teacher.cookie)).space.posts.edges.map((edge) => edge.node);
    expect(new Map(queue.map((node) => [node.id, node.authorOrigin]))).toEqual(new Map([
      [byPupil, { className: 'CM2 A', schoolName: 'École Jules Ferry' }],
      [byGuest, { className: '6e B', schoolName: 'Collège Jean Moulin' }],
    ]));
    // Held uploads too.
    const upload = await request(hub.url).post(`/spaces/${spaceId}/documents`).set('Origin', hub.url).set('Cookie', world.guestPupil.cookie)
      .attach('file', png(1_000), { filename: 'dessin.png', contentType: 'application/octet-stream' });
    expect(upload.status).toBe(201);
    const uploads = ok(await hub.gql<{ space: { heldDocuments: { edges: { node: { documentId: string; uploaderOrigin: unknown } }[] } } }>(
      `query($id: ID!) { space(id: $id) { heldDocuments(first: 10) { edges { node { documentId uploaderOrigin { className schoolName } } } } } }`,
      { id: spaceId }, world.teacher.cookie)).space.heldDocuments.edges.map((edge) => edge.node);
    expect(uploads).toEqual([{ documentId: upload.body.id, uploaderOrigin: { className: '6e B', schoolName: 'Collège Jean Moulin' } }]);
    const own = ok(await hub.gql<{ space: { posts: { edges: { node: { id: string; authorOrigin: unknown } }[] } } }>(
      QUEUE, { id: spaceId }, world.pupil.cookie)).space.posts.edges.map((edge) => edge.node);
    expect(own).toEqual([{ id: byPupil, authorOrigin: null }]);
  });
});
