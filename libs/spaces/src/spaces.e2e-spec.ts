import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@passerelle/database';
import { DIRECTORY_ENTITIES } from '@passerelle/directory';
import { startTestApi, TestApi } from '../../../test/harness';
import {
  ADD_MEMBERS, buildWorld, codeOf, CREATE_COMMENT, CREATE_POST, CREATE_SPACE, MODERATE_POST, NOTIFICATIONS, ok, one, sharedSpace, SpaceWorld,
} from '../test/fixtures';
import { SPACES_ENTITIES } from './spaces.entities.js';

/**
 * Spaces through the real API (Fastify, GraphQL, PostgreSQL). Jobs run in this process from the outbox
 * (no REDIS_URL), so that the fan-out of notifications is observable by draining the outbox.
 */

interface NotificationNode { id: string; kind: string; read: boolean; message: string; spaceId: string | null; postId: string | null; commentId: string | null }
interface Inbox { notifications: { edges: { node: NotificationNode }[] }; unreadNotificationsCount: number }

const FEED = `query($id: ID!, $status: PostStatus) { space(id: $id) { id myRole
  posts(first: 20, status: $status) { edges { node { id status bodyHtml deleted moderationReason commentCount author { kind displayName } } } } } }`;

describe('spaces API', () => {
  let hub: TestApi;
  let world: SpaceWorld;

  beforeAll(async () => {
    // Some tests here write in bulk (a feed of 20 posts): the per-person limits are tested in moderation-and-limits.e2e-spec.ts.
    hub = await startTestApi({ REDIS_URL: undefined, POSTS_PER_WINDOW: '1000', COMMENTS_PER_WINDOW: '1000' });
    world = await buildWorld(hub);
  });
  afterAll(() => hub?.close());

  async function inbox(cookie: string): Promise<Inbox> {
    return ok(await hub.gql<Inbox>(NOTIFICATIONS, {}, cookie));
  }

  async function settle(): Promise<void> {
    await hub.drainOutbox();
    await hub.drainOutbox();
  }

  describe('schema', () => {
    it('maps the entities exactly onto the migrated tables (but the foreign keys to convention, whose entity lives in conventions)', async () => {
      const dataSource = new DataSource(dataSourceOptions({ url: process.env.TEST_DATABASE_URL!,
        entities: [...SPACES_ENTITIES, ...DIRECTORY_ENTITIES] }));
      await dataSource.initialize();
      try {
        const mine = new Set(SPACES_ENTITIES.map((entity) => dataSource.getMetadata(entity).tableName));
        const pending = (await dataSource.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query)
          .filter((query) => [...query.matchAll(/"([a-z_]+)"/g)].some((match) => mine.has(match[1])));
        expect(pending).toEqual([
          'ALTER TABLE "space_convention" DROP CONSTRAINT "space_convention_convention_id_fkey"',
          'ALTER TABLE "space_guest_cohort" DROP CONSTRAINT "space_guest_cohort_convention_id_fkey"',
        ]);
      } finally {
        await dataSource.destroy();
      }
    });
  });

  it('takes a guest 6e pupil\'s post through moderation to a CM2 pupil\'s comment, and tells both', async () => {
    // A home teacher creates the space and adds CM2 A and the guests of the convention.
    const created = ok(await hub.gql<{ createSpace: { id: string; myRole: string; settings: Record<string, boolean> } }>(CREATE_SPACE, {
      input: { structureId: world.schoolId, title: '  Défi lecture CM2-6e ', description: 'On lit et on raconte.' },
    }, world.teacher.cookie)).createSpace;
    expect(created).toMatchObject({ myRole: 'OWNER', settings: { pupilPostsNeedApproval: true, privateMessagesAllowed: false, parentsMayRead: false } });
    const added = ok(await hub.gql<{ addSpaceMembers: { conventionIds: string[]; classes: { label: string }[]; guestCohorts: unknown[] } }>(
      ADD_MEMBERS, { input: { spaceId: created.id, classIds: [world.cm2aId], guestCohorts: [{ conventionId: world.conventionId }] } },
      world.teacher.cookie)).addSpaceMembers;
    expect(added).toMatchObject({ conventionIds: [world.conventionId], classes: [{ label: 'CM2 A' }],
      guestCohorts: [{ conventionId: world.conventionId, classCode: null }] });

    // The guest pupil sees the space and posts: held for moderation.
    const mine = ok(await hub.gql<{ spaces: { edges: { node: { id: string; myRole: string } }[] } }>(
      `{ spaces(first: 100) { edges { node { id myRole } } } }`, {}, world.guestPupil.cookie)).spaces;
    expect(mine.edges.map((edge) => edge.node)).toContainEqual({ id: created.id, myRole: 'CONTRIBUTOR' });
    const post = ok(await hub.gql<{ createPost: { id: string; status: string; bodyHtml: string; author: { kind: string; displayName: string } } }>(
      CREATE_POST, { input: { spaceId: created.id, bodyHtml: '<p>On a lu <em>Le Petit Prince</em> !<script>alert(1)</script></p>' } },
      world.guestPupil.cookie)).createPost;
    expect(post).toMatchObject({ status: 'PENDING', bodyHtml: '<p>On a lu <em>Le Petit Prince</em> !</p>',
      author: { kind: 'GUEST', displayName: 'Nina (6e B)' } });

    // A CM2 pupil does not see it yet; the teacher finds it in the moderation queue.
    const before = ok(await hub.gql<{ space: { posts: { edges: unknown[] } } }>(FEED, { id: created.id }, world.pupil.cookie)).space;
    expect(before.posts.edges).toEqual([]);
    const queue = ok(await hub.gql<{ space: { posts: { edges: { node: { id: string } }[] } } }>(FEED,
      { id: created.id, status: 'PENDING' }, world.teacher.cookie)).space;
    expect(queue.posts.edges.map((edge) => edge.node.id)).toEqual([post.id]);
    await settle();

    // The teacher approves; the CM2 pupil comments and mentions the guest pupil: held too, then approved.
    expect(ok(await hub.gql<{ moderatePost: unknown }>(MODERATE_POST, { id: post.id, decision: 'APPROVE' }, world.teacher.cookie)).moderatePost)
      .toEqual({ id: post.id, status: 'PUBLISHED', moderationReason: null });
    const comment = ok(await hub.gql<{ createComment: { id: string; author: { displayName: string } } }>(CREATE_COMMENT,
      { input: { postId: post.id, bodyHtml: 'Moi aussi <strong>je l\'ai lu</strong> !', mentionIds: [world.guestPupil.id] } },
      world.pupil.cookie)).createComment;
    expect(comment.author.displayName).toBe('Léa D.');
    await settle();
    ok(await hub.gql(`mutation($id: ID!) { moderateComment(id: $id, decision: APPROVE) { id } }`, { id: comment.id }, world.teacher.cookie));
    const after = ok(await hub.gql<{ space: { posts: { edges: { node: { id: string; commentCount: number } }[] } } }>(FEED,
      { id: created.id }, world.pupil.cookie)).space;
    expect(after.posts.edges.map((edge) => edge.node)).toEqual([expect.objectContaining({ id: post.id, commentCount: 1 })]);

    await settle();
    const guestInbox = await inbox(world.guestPupil.cookie);
    const forGuest = guestInbox.notifications.edges.map((edge) => edge.node).filter((n) => n.spaceId === created.id);
    expect(forGuest.map((n) => n.kind).sort()).toEqual(['COMMENT_ADDED', 'MENTION', 'MODERATION_DECISION']);
    expect(forGuest.find((n) => n.kind === 'MODERATION_DECISION')!.message).toBe('Ton message dans « Défi lecture CM2-6e » a été publié.');
    expect(forGuest.find((n) => n.kind === 'MENTION')).toMatchObject({ postId: post.id, commentId: comment.id,
      message: "On t'a mentionné·e dans « Défi lecture CM2-6e »." });
    const pupilInbox = await inbox(world.pupil.cookie);
    const allForPupil = pupilInbox.notifications.edges.map((edge) => edge.node).filter((n) => n.spaceId === created.id);
    expect(allForPupil.map((n) => n.kind).sort()).toEqual(['MODERATION_DECISION', 'POST_PUBLISHED']);
    expect(allForPupil.find((n) => n.kind === 'MODERATION_DECISION')!.message).toBe('Ton commentaire dans « Défi lecture CM2-6e » a été publié.');
    const forPupil = allForPupil.filter((n) => n.kind === 'POST_PUBLISHED');
    expect(forPupil[0]).toMatchObject({ postId: post.id, read: false, message: 'Nouveau message dans « Défi lecture CM2-6e ».' });
    const teacherKinds = (await inbox(world.teacher.cookie)).notifications.edges.map((edge) => edge.node)
      .filter((n) => n.spaceId === created.id).map((n) => n.kind).sort();
    // One MODERATION_PENDING for the held post and the held comment (one per space, not one per item).
    expect(teacherKinds).toEqual(['COMMENT_ADDED', 'MODERATION_PENDING', 'POST_PUBLISHED']);

    // Reading them: the count follows; marking someone else's notification changes nothing.
    const unread = guestInbox.unreadNotificationsCount;
    const marked = ok(await hub.gql<{ markNotificationsRead: { notifications: { id: string; read: boolean }[]; unreadCount: number } }>(
      `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { notifications { id read } unreadCount } }`,
      { ids: [forGuest[0].id, forPupil[0].id] }, world.guestPupil.cookie)).markNotificationsRead;
    expect(marked).toEqual({ notifications: [{ id: forGuest[0].id, read: true }], unreadCount: unread - 1 });
    expect((await inbox(world.pupil.cookie)).notifications.edges.find((edge) => edge.node.id === forPupil[0].id)!.node.read).toBe(false);

    // A re-run of the fan-out adds nothing.
    const count = async () => (await one<{ n: number }>(hub, `SELECT count(*)::int AS n FROM notification WHERE payload->>'spaceId' = $1`, [created.id])).n;
    const total = await count();
    await hub.dataSource.query(`UPDATE outbox_job SET dispatched_at = NULL, locked_until = NULL WHERE payload->>'spaceId' = $1`, [created.id]);
    await settle();
    expect(await count()).toBe(total);
  });

  it('shows a rejected pupil the reason, and nobody else the post', async () => {
    const spaceId = await sharedSpace(hub, world);
    const post = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'Coucou' } }, world.pupil.cookie)).createPost;
    const missingReason = await hub.gql(MODERATE_POST, { id: post.id, decision: 'REJECT' }, world.teacher.cookie);
    expect(missingReason.errors?.[0]).toMatchObject({ message: "Expliquez à l'élève pourquoi son message n'est pas publié.",
      extensions: { code: 'BAD_USER_INPUT', field: ['reason'] } });
    ok(await hub.gql(MODERATE_POST, { id: post.id, decision: 'REJECT', reason: 'Présente ta lecture en une phrase complète.' }, world.teacher.cookie));
    const seen = ok(await hub.gql<{ space: { posts: { edges: { node: { status: string; moderationReason: string } }[] } } }>(FEED,
      { id: spaceId }, world.pupil.cookie)).space.posts.edges.map((edge) => edge.node);
    expect(seen).toEqual([expect.objectContaining({ status: 'REJECTED', moderationReason: 'Présente ta lecture en une phrase complète.' })]);
    const other = ok(await hub.gql<{ space: { posts: { edges: unknown[] } } }>(FEED, { id: spaceId }, world.pupil2.cookie)).space;
    expect(other.posts.edges).toEqual([]);
    expect(codeOf(await hub.gql(`query($id: ID!) { post(id: $id) { id } }`, { id: post.id }, world.pupil2.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(MODERATE_POST, { id: post.id, decision: 'APPROVE' }, world.teacher.cookie))).toBe('POST_NOT_PENDING');
    await settle();
    const decision = (await inbox(world.pupil.cookie)).notifications.edges.map((edge) => edge.node)
      .find((n) => n.kind === 'MODERATION_DECISION' && n.postId === post.id);
    expect(decision?.message).toMatch(/n'a pas été publié\. Ouvre-le pour lire pourquoi\.$/);
  });

  it('keeps the history of edits and deletion for moderators, and leaves a tombstone', async () => {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    const post = ok(await hub.gql<{ createPost: { id: string; status: string } }>(CREATE_POST,
      { input: { spaceId, bodyHtml: 'Premier jet' } }, world.pupil.cookie)).createPost;
    expect(post.status).toBe('PUBLISHED');
    const EDIT = `mutation($input: EditPostInput!) { editPost(input: $input) { id revision bodyHtml status } }`;
    expect(codeOf(await hub.gql(EDIT, { input: { postId: post.id, bodyHtml: 'Pas à toi' } }, world.pupil2.cookie))).toBe('FORBIDDEN');
    expect(ok(await hub.gql<{ editPost: unknown }>(EDIT, { input: { postId: post.id, bodyHtml: '<p>Version 2</p>' } }, world.pupil.cookie)).editPost)
      .toEqual({ id: post.id, revision: 2, bodyHtml: '<p>Version 2</p>', status: 'PUBLISHED' });
    const deleted = ok(await hub.gql<{ deletePost: unknown }>(`mutation($id: ID!) { deletePost(id: $id) { id deleted bodyHtml revision } }`,
      { id: post.id }, world.teacher.cookie)).deletePost;
    expect(deleted).toEqual({ id: post.id, deleted: true, bodyHtml: null, revision: 3 });
    const HISTORY = `query($id: ID!) { post(id: $id) { deleted bodyHtml revisions { revision action bodyHtml editor { kind displayName } } } }`;
    expect(ok(await hub.gql<{ post: unknown }>(HISTORY, { id: post.id }, world.teacher.cookie)).post).toEqual({
      deleted: true, bodyHtml: null, revisions: [
        { revision: 1, action: 'EDIT', bodyHtml: 'Premier jet', editor: { kind: 'PERSON', displayName: 'Léa D.' } },
        { revision: 2, action: 'DELETE', bodyHtml: '<p>Version 2</p>', editor: { kind: 'PERSON', displayName: 'Mme Martin' } },
      ],
    });
    const asPupil = await hub.gql(HISTORY, { id: post.id }, world.pupil2.cookie);
    expect(codeOf(asPupil)).toBe('FORBIDDEN');
    const tombstone = ok(await hub.gql<{ space: { posts: { edges: { node: { deleted: boolean; bodyHtml: string | null } }[] } } }>(FEED,
      { id: spaceId }, world.pupil2.cookie)).space.posts.edges.map((edge) => edge.node);
    expect(tombstone).toEqual([expect.objectContaining({ deleted: true, bodyHtml: null })]);
  });

  it('sends an edited published pupil post back to moderation', async () => {
    const spaceId = await sharedSpace(hub, world);
    const post = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'Bonjour' } }, world.guestPupil.cookie)).createPost;
    ok(await hub.gql(MODERATE_POST, { id: post.id, decision: 'APPROVE' }, world.guestTeacher.cookie));
    const edited = ok(await hub.gql<{ editPost: { status: string } }>(`mutation($input: EditPostInput!) { editPost(input: $input) { status } }`,
      { input: { postId: post.id, bodyHtml: 'Bonjour à tous' } }, world.guestPupil.cookie)).editPost;
    expect(edited.status).toBe('PENDING');
  });

  it('shows a pseudonym for a guest whose data was erased, never a stored name', async () => {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    const { guest } = await import('../test/fixtures.js');
    const leaving = await guest(hub, world.conventionId, 'Zoé (6e B)', 'National_ELV', '6e B');
    const post = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'Au revoir' } }, leaving.cookie)).createPost;
    await hub.dataSource.query(`UPDATE guest SET state = 'DEPROVISIONED', issuer = NULL, subject = NULL, display_name = NULL, uai = NULL,
      class_code = NULL, deprovisioned_at = now() WHERE id = $1`, [leaving.id]);
    const author = ok(await hub.gql<{ post: { author: { kind: string; displayName: string } } }>(
      `query($id: ID!) { post(id: $id) { author { kind displayName } } }`, { id: post.id }, world.pupil.cookie)).post.author;
    expect(author).toEqual({ kind: 'GUEST', displayName: `Invité·e élève n°${leaving.seq}` });
    // An erased guest is no longer admitted: their session is refused (issue 11), whatever they ask.
    expect(codeOf(await hub.gql(`query($id: ID!) { space(id: $id) { id } }`, { id: spaceId }, leaving.cookie))).toBe('UNAUTHENTICATED');
    // The wall reads its authors' names in its own statement: the same names, pseudonym and former member included.
    const gone = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'Je change d’école' } },
      world.pupil2.cookie)).createPost;
    const named = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'Bonjour' } }, world.guestTeacher.cookie))
      .createPost;
    await hub.dataSource.query(`UPDATE post SET author_id = gen_random_uuid() WHERE id = $1`, [gone.id]);
    const wall = ok(await hub.gql<{ space: { posts: { edges: { node: { id: string; author: { kind: string; displayName: string } } }[] } } }>(
      `query($id: ID!) { space(id: $id) { posts(first: 10) { edges { node { id author { kind displayName } } } } } }`, { id: spaceId },
      world.pupil.cookie)).space.posts.edges.map((edge) => edge.node);
    expect(wall).toEqual([
      { id: named.id, author: { kind: 'GUEST', displayName: 'M. Leroy' } },
      { id: gone.id, author: { kind: 'PERSON', displayName: 'Ancien membre' } },
      { id: post.id, author: { kind: 'GUEST', displayName: `Invité·e élève n°${leaving.seq}` } },
    ]);
    for (const { id, author: onWall } of wall) {
      const alone = ok(await hub.gql<{ post: { author: unknown } }>(`query($id: ID!) { post(id: $id) { author { kind displayName } } }`, { id },
        world.pupil.cookie)).post.author;
      expect(alone).toEqual(onWall);
    }
  });

  it('lets a guest in only while their convention is ACTIVE and in date', async () => {
    const spaceId = await sharedSpace(hub, world);
    const SPACE = `query($id: ID!) { space(id: $id) { id myRole } }`;
    expect(ok(await hub.gql<{ space: { myRole: string } }>(SPACE, { id: spaceId }, world.guestTeacher.cookie)).space.myRole).toBe('MODERATOR');
    // Not admitted: the session itself is refused (issue 11), before any space is looked at.
    await hub.dataSource.query(`UPDATE convention SET status = 'SUSPENDED', suspended_at = now() WHERE id = $1`, [world.conventionId]);
    try {
      expect(codeOf(await hub.gql(SPACE, { id: spaceId }, world.guestTeacher.cookie))).toBe('UNAUTHENTICATED');
    } finally {
      await hub.dataSource.query(`UPDATE convention SET status = 'ACTIVE', suspended_at = NULL WHERE id = $1`, [world.conventionId]);
    }
    const window = await one<{ valid_until: Date }>(hub, `SELECT valid_until FROM convention WHERE id = $1`, [world.conventionId]);
    await hub.dataSource.query(`UPDATE convention SET valid_until = now() - interval '1 second', valid_from = now() - interval '2 days' WHERE id = $1`,
      [world.conventionId]);
    try {
      expect(codeOf(await hub.gql(SPACE, { id: spaceId }, world.guestTeacher.cookie))).toBe('UNAUTHENTICATED');
    } finally {
      await hub.dataSource.query(`UPDATE convention SET valid_until = $2, valid_from = now() - interval '30 days' WHERE id = $1`,
        [world.conventionId, window.valid_until]);
    }
    expect(ok(await hub.gql<{ space: { myRole: string } }>(SPACE, { id: spaceId }, world.guestTeacher.cookie)).space.myRole).toBe('MODERATOR');
    // A guest of another convention of the same partner never sees it.
    expect(codeOf(await hub.gql(SPACE, { id: spaceId }, world.otherGuest.cookie))).toBe('NOT_FOUND');
  });

  it('creates the space for the teacher\'s own school when no school is named, and refuses one without a school', async () => {
    const SPACE_SCHOOL = `query($id: ID!) { space(id: $id) { id myRole structureId } }`;
    const created = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: { title: 'Sans école indiquée' } },
      world.teacher.cookie)).createSpace;
    const space = ok(await hub.gql<{ space: { myRole: string; structureId: string } }>(SPACE_SCHOOL, { id: created.id },
      world.teacher.cookie)).space;
    expect(space).toMatchObject({ myRole: 'OWNER', structureId: world.schoolId });
    // A pupil still may not, school named or not; a guest has no school here.
    expect(codeOf(await hub.gql(CREATE_SPACE, { input: { title: 'Non' } }, world.pupil.cookie))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(CREATE_SPACE, { input: { title: 'Non' } }, world.guestTeacher.cookie))).toBe('BAD_USER_INPUT');
  });

  it('keeps a cohort to its partner class when it names one', async () => {
    const created = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: { structureId: world.schoolId, title: '6e B seulement' } },
      world.teacher.cookie)).createSpace;
    ok(await hub.gql(ADD_MEMBERS, { input: { spaceId: created.id, guestCohorts: [{ conventionId: world.conventionId, classCode: '6E b' }] } },
      world.teacher.cookie));
    const SPACE = `query($id: ID!) { space(id: $id) { id } }`;
    expect(codeOf(await hub.gql(SPACE, { id: created.id }, world.guestPupil.cookie))).toBeUndefined();
    expect(codeOf(await hub.gql(SPACE, { id: created.id }, world.guestTeacher.cookie))).toBe('NOT_FOUND');
  });

  it('lets parents read only while the space allows it, and never as more than readers', async () => {
    const spaceId = await sharedSpace(hub, world);
    const SPACE = `query($id: ID!) { space(id: $id) { myRole myPermissions } }`;
    expect(ok(await hub.gql<{ space: unknown }>(SPACE, { id: spaceId }, world.parent.cookie)).space).toEqual({ myRole: 'READER', myPermissions: ['READ'] });
    // Parents never see other children: no member list for them.
    expect(codeOf(await hub.gql(`query($id: ID!) { space(id: $id) { members { edges { node { id } } } } }`, { id: spaceId }, world.parent.cookie)))
      .toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(CREATE_POST, { input: { spaceId, bodyHtml: 'Bonjour' } }, world.parent.cookie))).toBe('FORBIDDEN');
    const upgrade = await hub.gql(ADD_MEMBERS, { input: { spaceId, people: [{ personId: world.parent.id, role: 'MODERATOR' }] } }, world.teacher.cookie);
    expect(upgrade.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: ['input', 'people', 0, 'role'] } });
    ok(await hub.gql(`mutation($input: UpdateSpaceInput!) { updateSpace(input: $input) { id } }`,
      { input: { spaceId, settings: { parentsMayRead: false } } }, world.teacher.cookie));
    expect(codeOf(await hub.gql(SPACE, { id: spaceId }, world.parent.cookie))).toBe('NOT_FOUND');
  });

  it('lists members with names, profiles and roles only', async () => {
    const spaceId = await sharedSpace(hub, world);
    const members = ok(await hub.gql<{ space: { members: { totalCount: number; edges: { node: Record<string, string> }[] } } }>(
      `query($id: ID!) { space(id: $id) { members(first: 50) { totalCount edges { node { id kind displayName profile role via } } } } }`,
      { id: spaceId }, world.pupil.cookie)).space.members;
    const byId = new Map(members.edges.map((edge) => [edge.node.id, edge.node]));
    expect(byId.get(world.teacher.id)).toMatchObject({ kind: 'PERSON', profile: 'TEACHER', role: 'OWNER', via: 'MEMBER' });
    expect(byId.get(world.pupil.id)).toMatchObject({ displayName: 'Léa D.', profile: 'PUPIL', role: 'CONTRIBUTOR', via: 'CLASS' });
    expect(byId.get(world.guestPupil.id)).toMatchObject({ kind: 'GUEST', profile: 'PUPIL', role: 'CONTRIBUTOR', via: 'GUEST_COHORT' });
    expect(byId.get(world.guestTeacher.id)).toMatchObject({ role: 'MODERATOR' });
    expect(byId.get(world.parent.id)).toMatchObject({ profile: 'PARENT', role: 'READER' });
    expect(byId.has(world.otherGuest.id)).toBe(false);
    expect(members.totalCount).toBe(6);
  });

  it('refuses mentions of people outside the space', async () => {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    const result = await hub.gql(CREATE_POST, { input: { spaceId, bodyHtml: 'Salut', mentionIds: [world.otherGuest.id] } }, world.pupil.cookie);
    expect(result.errors?.[0]).toMatchObject({ message: 'Vous ne pouvez mentionner que des membres de cet espace.',
      extensions: { code: 'BAD_USER_INPUT', field: ['input', 'mentionIds'] } });
  });

  it('honours a member who switched a kind of notification off', async () => {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    ok(await hub.gql(`mutation { setNotificationPreference(kind: POST_PUBLISHED, enabled: false) { kind enabled } }`, {}, world.pupil2.cookie));
    const prefs = ok(await hub.gql<{ notificationPreferences: { kind: string; enabled: boolean }[] }>(
      `{ notificationPreferences { kind enabled } }`, {}, world.pupil2.cookie)).notificationPreferences;
    expect(prefs).toContainEqual({ kind: 'POST_PUBLISHED', enabled: false });
    const post = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'Hello' } }, world.teacher.cookie)).createPost;
    await settle();
    const about = async (cookie: string) => (await inbox(cookie)).notifications.edges.filter((edge) => edge.node.postId === post.id).length;
    expect(await about(world.pupil.cookie)).toBe(1);
    expect(await about(world.pupil2.cookie)).toBe(0);
    ok(await hub.gql(`mutation { setNotificationPreference(kind: POST_PUBLISHED, enabled: true) { kind } }`, {}, world.pupil2.cookie));
  });

  it('publishes announcements from moderators only, inside their display dates', async () => {
    const spaceId = await sharedSpace(hub, world);
    const CREATE = `mutation($input: CreateAnnouncementInput!) { createAnnouncement(input: $input) { id title bodyHtml pinned displayed author { displayName } } }`;
    expect(codeOf(await hub.gql(CREATE, { input: { spaceId, title: 'Hop', bodyHtml: 'x' } }, world.pupil.cookie))).toBe('FORBIDDEN');
    const shown = ok(await hub.gql<{ createAnnouncement: Record<string, unknown> }>(CREATE, { input: {
      spaceId, title: 'Visite du collège', bodyHtml: '<p>Jeudi à 14 h</p><img src=x>', pinned: true,
    } }, world.guestTeacher.cookie)).createAnnouncement;
    expect(shown).toMatchObject({ title: 'Visite du collège', bodyHtml: '<p>Jeudi à 14 h</p>', pinned: true, displayed: true,
      author: { displayName: 'M. Leroy' } });
    ok(await hub.gql(CREATE, { input: { spaceId, title: 'Plus tard', bodyHtml: 'bientôt', displayFrom: new Date(Date.now() + 86_400_000).toISOString() } },
      world.teacher.cookie));
    const LIST = `query($id: ID!, $hidden: Boolean) { space(id: $id) { announcements(includeHidden: $hidden) { edges { node { title displayed } } } } }`;
    const forPupil = ok(await hub.gql<{ space: { announcements: { edges: { node: { title: string } }[] } } }>(LIST, { id: spaceId }, world.pupil.cookie));
    expect(forPupil.space.announcements.edges.map((edge) => edge.node.title)).toEqual(['Visite du collège']);
    const forTeacher = ok(await hub.gql<{ space: { announcements: { edges: { node: { title: string; displayed: boolean } }[] } } }>(LIST,
      { id: spaceId, hidden: true }, world.teacher.cookie));
    expect(forTeacher.space.announcements.edges.map((edge) => edge.node)).toEqual([
      { title: 'Plus tard', displayed: false }, { title: 'Visite du collège', displayed: true }]);
    expect(codeOf(await hub.gql(LIST, { id: spaceId, hidden: true }, world.pupil.cookie))).toBe('FORBIDDEN');
  });

  it('archives a space: still readable, no more writing, and it can be reopened', async () => {
    const spaceId = await sharedSpace(hub, world);
    const UPDATE = `mutation($input: UpdateSpaceInput!) { updateSpace(input: $input) { status archivedAt } }`;
    expect(ok(await hub.gql<{ updateSpace: { status: string } }>(UPDATE, { input: { spaceId, status: 'ARCHIVED' } }, world.teacher.cookie))
      .updateSpace.status).toBe('ARCHIVED');
    expect(codeOf(await hub.gql(CREATE_POST, { input: { spaceId, bodyHtml: 'x' } }, world.pupil.cookie))).toBe('SPACE_ARCHIVED');
    expect(codeOf(await hub.gql(`query($id: ID!) { space(id: $id) { id } }`, { id: spaceId }, world.pupil.cookie))).toBeUndefined();
    expect(ok(await hub.gql<{ updateSpace: { status: string; archivedAt: null } }>(UPDATE, { input: { spaceId, status: 'OPEN' } }, world.teacher.cookie))
      .updateSpace).toEqual({ status: 'OPEN', archivedAt: null });
  });

  it('refuses to create a space for another school, as a pupil or as a hub administrator, and lets a director name the owner', async () => {
    const input = { structureId: world.otherSchoolId, title: 'Ailleurs' };
    expect((await hub.gql(CREATE_SPACE, { input }, world.teacher.cookie)).errors?.[0]).toMatchObject({
      message: 'Vous ne pouvez créer un espace que pour votre établissement.', extensions: { code: 'FORBIDDEN' } });
    expect(codeOf(await hub.gql(CREATE_SPACE, { input: { ...input, structureId: world.schoolId } }, world.pupil.cookie))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(CREATE_SPACE, { input: { ...input, structureId: world.schoolId } }, world.guestTeacher.cookie))).toBe('FORBIDDEN');
    // Hub administrators run partners, conventions and the directory, not spaces (ADR 0019).
    const before = (await one<{ n: number }>(hub, `SELECT count(*)::int AS n FROM space`)).n;
    expect((await hub.gql(CREATE_SPACE, { input: { ...input, ownerId: world.otherTeacher.id } }, world.admin.cookie)).errors?.[0]).toMatchObject({
      message: "Les administrateurs du hub ne créent pas d'espace : un enseignant ou le directeur de l'école le crée.", extensions: { code: 'FORBIDDEN' } });
    expect((await one<{ n: number }>(hub, `SELECT count(*)::int AS n FROM space`)).n).toBe(before);
    const created = ok(await hub.gql<{ createSpace: { id: string; myRole: string } }>(CREATE_SPACE,
      { input: { structureId: world.schoolId, title: 'Nommé', ownerId: world.teacher.id } }, world.director.cookie)).createSpace;
    expect(created.myRole).toBe('OWNER');
    expect(ok(await hub.gql<{ space: { myRole: string } }>(`query($id: ID!) { space(id: $id) { myRole } }`, { id: created.id },
      world.teacher.cookie)).space.myRole).toBe('OWNER');
    const pupilOwner = await hub.gql(CREATE_SPACE, { input: { structureId: world.schoolId, title: 'x', ownerId: world.pupil.id } }, world.director.cookie);
    expect(pupilOwner.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: ['input', 'ownerId'] } });
  });

  it('keeps the last owner of a space', async () => {
    const spaceId = await sharedSpace(hub, world);
    const REMOVE = `mutation($input: RemoveSpaceMemberInput!) { removeSpaceMember(input: $input) { id classes { id } } }`;
    expect(codeOf(await hub.gql(REMOVE, { input: { spaceId, personId: world.teacher.id } }, world.teacher.cookie))).toBe('LAST_OWNER');
    // Nor by a role change: the last owner named cannot be made a mere moderator, and nothing of the request is kept.
    const ADD = `mutation($input: AddSpaceMembersInput!) { addSpaceMembers(input: $input) { id } }`;
    const demoted = await hub.gql(ADD, { input: { spaceId, people: [{ personId: world.teacher.id, role: 'MODERATOR' }],
      classIds: [world.cm2aId] } }, world.teacher.cookie);
    expect(demoted.errors?.[0]).toMatchObject({ extensions: { code: 'LAST_OWNER', field: ['input', 'people'] } });
    expect(ok(await hub.gql<{ space: { myRole: string } }>(`query($id: ID!) { space(id: $id) { myRole } }`, { id: spaceId },
      world.teacher.cookie)).space.myRole).toBe('OWNER');
    expect(ok(await hub.gql<{ removeSpaceMember: { classes: unknown[] } }>(REMOVE, { input: { spaceId, schoolClassId: world.cm2aId } },
      world.teacher.cookie)).removeSpaceMember.classes).toEqual([]);
    expect(codeOf(await hub.gql(`query($id: ID!) { space(id: $id) { id } }`, { id: spaceId }, world.pupil.cookie))).toBe('NOT_FOUND');
  });

  it('removes a guest cohort, and the convention no longer covers the space; a class or cohort that is not there is NOT_FOUND', async () => {
    const spaceId = await sharedSpace(hub, world);
    const REMOVE = `mutation($input: RemoveSpaceMemberInput!) { removeSpaceMember(input: $input) { id conventionIds classes { id } guestCohorts { id } } }`;
    const before = ok(await hub.gql<{ space: { guestCohorts: { id: string }[]; conventionIds: string[] } }>(
      `query($id: ID!) { space(id: $id) { conventionIds guestCohorts { id } } }`, { id: spaceId }, world.teacher.cookie)).space;
    expect(before.conventionIds).toEqual([world.conventionId]);
    const cohortId = before.guestCohorts[0].id;
    const after = ok(await hub.gql<{ removeSpaceMember: { conventionIds: string[]; guestCohorts: unknown[] } }>(REMOVE,
      { input: { spaceId, guestCohortId: cohortId } }, world.teacher.cookie)).removeSpaceMember;
    expect(after).toMatchObject({ conventionIds: [], guestCohorts: [] });
    expect(await hub.dataSource.query(`SELECT 1 FROM space_convention WHERE space_id = $1`, [spaceId])).toEqual([]);
    expect(codeOf(await hub.gql(`query($id: ID!) { space(id: $id) { id } }`, { id: spaceId }, world.guestPupil.cookie))).toBe('NOT_FOUND');
    // Again, and a class that is not a member: nothing to remove.
    const again = await hub.gql(REMOVE, { input: { spaceId, guestCohortId: cohortId } }, world.teacher.cookie);
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: ['input', 'guestCohortId'] } });
    ok(await hub.gql(REMOVE, { input: { spaceId, schoolClassId: world.cm2aId } }, world.teacher.cookie));
    const missingClass = await hub.gql(REMOVE, { input: { spaceId, schoolClassId: world.cm2aId } }, world.teacher.cookie);
    expect(missingClass.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: ['input', 'schoolClassId'] } });
  });

  it('pages the wall newest first with cursors and a total, with the pupil\'s own pending post and nobody else\'s', async () => {
    const spaceId = await sharedSpace(hub, world);
    const teacherPosts: string[] = [];
    for (const text of ['un', 'deux', 'trois', 'quatre']) {
      teacherPosts.push(ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: text } },
        world.teacher.cookie)).createPost.id);
    }
    const mine = ok(await hub.gql<{ createPost: { id: string; status: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'le mien' } },
      world.pupil.cookie)).createPost;
    const theirs = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: 'pas le mien' } },
      world.pupil2.cookie)).createPost;
    expect(mine.status).toBe('PENDING');
    type Page = { space: { posts: { totalCount: number; edges: { cursor: string; node: { id: string; status: string; revision: number;
      createdAt: string; spaceId: string; bodyHtml: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } };
    const PAGE = `query($id: ID!, $after: String) { space(id: $id) { posts(first: 2, after: $after) { totalCount
      edges { cursor node { id status revision createdAt spaceId bodyHtml } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: Page['space']['posts']['edges'] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Page['space']['posts'] = ok(await hub.gql<Page>(PAGE, { id: spaceId, after }, world.pupil.cookie)).space.posts;
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((edge) => edge.node.id)).toEqual([mine.id, ...[...teacherPosts].reverse()]);
    expect(seen.map((edge) => edge.node.id)).not.toContain(theirs.id);
    expect(seen[0].node).toMatchObject({ status: 'PENDING', revision: 1, spaceId, bodyHtml: 'le mien' });
    const dates = seen.map((edge) => Date.parse(edge.node.createdAt));
    expect(dates.every((date) => Number.isFinite(date))).toBe(true);
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    // A cursor that is not one of ours is refused on `after`.
    const bad = await hub.gql(PAGE, { id: spaceId, after: 'pas-un-curseur' }, world.pupil.cookie);
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('reads a feed of 20 posts with authors, comment counts and reactions in a constant number of queries', async () => {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    const authors = [world.teacher, world.pupil, world.pupil2, world.guestPupil, world.guestTeacher];
    const FEED_WITH = `query($id: ID!, $first: Int) { space(id: $id) { title posts(first: $first) { edges { node { id bodyHtml commentCount
      author { kind displayName } reactions { emoji count reactedByMe } } } } } }`;
    const measure = async (first: number) => {
      const queries: string[] = [];
      const spy = jest.spyOn(hub.dataSource.logger, 'logQuery').mockImplementation((query: string) => {
        // Only this request's reads: not the outbox relay, nor the session store.
        if (!/outbox_job|"?session"?\b/.test(query)) queries.push(query);
      });
      try {
        const feed = ok(await hub.gql<{ space: { posts: { edges: { node: { commentCount: number } }[] } } }>(FEED_WITH,
          { id: spaceId, first }, world.pupil.cookie));
        expect(feed.space.posts.edges).toHaveLength(first);
        expect(feed.space.posts.edges.every((edge) => edge.node.commentCount === 2)).toBe(true);
      } finally {
        spy.mockRestore();
      }
      return queries.length;
    };
    for (let index = 0; index < 20; index++) {
      const post = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: `Message ${index}` } },
        authors[index % authors.length].cookie)).createPost;
      for (const commenter of [world.pupil, world.guestPupil]) {
        ok(await hub.gql(CREATE_COMMENT, { input: { postId: post.id, bodyHtml: 'Bravo' } }, commenter.cookie));
      }
      ok(await hub.gql(`mutation($input: ReactionInput!) { addReaction(input: $input) { id } }`, { input: { postId: post.id, emoji: 'CLAP' } },
        world.pupil2.cookie));
    }
    await settle(); // the fan-out of those posts runs in this process: let it finish before counting
    const forFive = await measure(5);
    const forTwenty = await measure(20);
    expect(forTwenty).toBe(forFive);
    // The caller with the space and its members (1), the page of posts with their authors' names (people and guests)
    // and comment counts (1), the reactions (1).
    expect(forTwenty).toBe(3);
  });
});
