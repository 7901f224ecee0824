import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Role } from '@passerelle/access';
import { GraphqlResult, startTestApi, TestApi } from '../../../test/harness';
import { ADD_MEMBERS, buildWorld, convention, CREATE_SPACE, guest, ok, one, person, Session, sharedSpace, SpaceWorld } from '../test/fixtures';
import { SpaceAccessRepository } from './space-access.repository.js';
import { resolveSpaceAccess } from './space-access.js';

/**
 * The authorization matrix (issue 5, item 12): every query and mutation of spaces, notifications and chat, run as each
 * role against a space of their own and a foreign one, through the real API. The expected answers come from the
 * permissions table written out again below (not imported): changing one cell of space-permissions.ts makes this
 * test fail. A foreign space answers exactly like a missing one: NOT_FOUND, never FORBIDDEN.
 */

/** The permissions table, as the product states it (O = OWNER, M = MODERATOR, C = CONTRIBUTOR, R = READER). */
const TABLE: Record<string, string> = {
  READ: 'OMCR', VIEW_MEMBERS: 'OMC', POST: 'OMC', COMMENT: 'OMC', REACT: 'OMC', MODERATE: 'OM', ANNOUNCE: 'OM', MANAGE_MEMBERS: 'O', EDIT_SETTINGS: 'O',
  SCHEDULE: 'OM', COMPLETE_HOMEWORK: 'C', UPLOAD_DOCUMENT: 'OMC', READ_CHAT: 'OMC', CHAT: 'OMC',
};
const LETTER: Record<string, string> = { OWNER: 'O', MODERATOR: 'M', CONTRIBUTOR: 'C', READER: 'R' };
const allowed = (role: string, action: string) => TABLE[action].includes(LETTER[role]);
/** What a hub administrator's moderation access allows (ADR 0019): read and moderate, never take part. */
const MODERATION_ACCESS = ['READ', 'VIEW_MEMBERS', 'MODERATE', 'READ_CHAT'];

type Persona = 'hubAdmin' | 'moderatingAdmin' | 'director' | 'homeTeacher' | 'homePupil' | 'guestTeacher' | 'guestPupil' | 'parent'
  | 'otherConventionGuest' | 'anonymous';
const PERSONAS: Persona[] = ['hubAdmin', 'moderatingAdmin', 'director', 'homeTeacher', 'homePupil', 'guestTeacher', 'guestPupil', 'parent',
  'otherConventionGuest', 'anonymous'];

/**
 * Each persona's role in the space of their school (null: not a member). A hub administrator is a member of no space
 * (ADR 0019); `moderatingAdmin` is one with a moderation access open on both spaces: a moderator who reads and removes.
 */
const OWN_ROLE: Record<Persona, string | null> = {
  hubAdmin: null, moderatingAdmin: 'MODERATOR', director: 'OWNER', homeTeacher: 'OWNER', homePupil: 'CONTRIBUTOR', guestTeacher: 'MODERATOR',
  guestPupil: 'CONTRIBUTOR', parent: 'READER', otherConventionGuest: null, anonymous: null,
};
/** In a space of another school, only an administrator with a moderation access open there has a role. */
const FOREIGN_ROLE: Record<Persona, string | null> = {
  ...Object.fromEntries(PERSONAS.map((p) => [p, null])) as Record<Persona, null>, moderatingAdmin: 'MODERATOR',
};

interface Target {
  readonly spaceId: string;
  readonly structureId: string;
}

interface Operation {
  readonly name: string;
  /** The action of the permissions table the operation needs. */
  readonly action: string;
  /** Acts on something only some roles may see (a pending post): without this action, it is NOT_FOUND. */
  readonly seenWith?: string;
  /** A rule on top of the table (chat-rules.ts): what a persona who holds the action is answered instead of OK. */
  readonly refusedFor?: Partial<Record<Persona, string>>;
  /** Only reads (its action gates what is shown): a moderation access gets it as its role allows. */
  readonly reads?: true;
  run(target: Target, cookie: string | undefined): Promise<GraphqlResult>;
}

describe('authorization matrix of spaces', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let own: Target;
  let foreign: Target;
  let cookies: Record<Persona, string | undefined>;
  let author: { id: string };
  let seq = 0;

  const gql = (query: string, variables: Record<string, unknown>, cookie: string | undefined) => hub.gql(query, variables, cookie);

  /** Content written straight to the database, by a guest of the convention (never one of the personas). */
  async function post(target: Target, status: 'PUBLISHED' | 'PENDING' | 'HIDDEN'): Promise<string> {
    return (await one<{ id: string }>(hub, `INSERT INTO post (space_id, author_kind, author_id, body_html, body_text, status,
        hidden_reason, hidden_at, hidden_by_kind, hidden_by_id)
      VALUES ($1, 'GUEST', $2, '<p>texte</p>', 'texte', $3, CASE WHEN $3 = 'HIDDEN' THEN 'Masqué.' END, CASE WHEN $3 = 'HIDDEN' THEN now() END,
        CASE WHEN $3 = 'HIDDEN' THEN 'GUEST' END, CASE WHEN $3 = 'HIDDEN' THEN CAST($2 AS uuid) END) RETURNING id`,
    [target.spaceId, author.id, status])).id;
  }
  async function comment(target: Target, status: 'PUBLISHED' | 'PENDING' = 'PUBLISHED'): Promise<string> {
    const postId = await post(target, 'PUBLISHED');
    return (await one<{ id: string }>(hub, `INSERT INTO post_comment (space_id, post_id, author_kind, author_id, body_html, body_text, status)
      VALUES ($1, $2, 'GUEST', $3, 'oui', 'oui', $4) RETURNING id`, [target.spaceId, postId, author.id, status])).id;
  }
  async function announcement(target: Target): Promise<string> {
    return (await one<{ id: string }>(hub, `INSERT INTO announcement (space_id, author_kind, author_id, title, body_html, body_text)
      VALUES ($1, 'HUB_ADMIN', gen_random_uuid(), 'Info', 'x', 'x') RETURNING id`, [target.spaceId])).id;
  }
  async function event(target: Target): Promise<string> {
    return (await one<{ id: string }>(hub, `INSERT INTO space_event (space_id, author_kind, author_id, title, starts_at, ends_at)
      VALUES ($1, 'HUB_ADMIN', gen_random_uuid(), 'Visite', now(), now()) RETURNING id`, [target.spaceId])).id;
  }
  async function homework(target: Target): Promise<string> {
    return (await one<{ id: string }>(hub, `INSERT INTO homework (space_id, author_kind, author_id, title, details_html, details_text, due_on)
      VALUES ($1, 'HUB_ADMIN', gen_random_uuid(), 'Lire', '', '', '2026-12-07') RETURNING id`, [target.spaceId])).id;
  }
  async function document(target: Target, status: 'PUBLISHED' | 'PENDING' = 'PUBLISHED'): Promise<string> {
    const { id } = await one<{ id: string }>(hub, `INSERT INTO document (space_id, name, created_by_kind, created_by_id)
      VALUES ($1, 'fiche.pdf', 'GUEST', $2) RETURNING id`, [target.spaceId, author.id]);
    await hub.dataSource.query(`INSERT INTO document_version (document_id, space_id, version, storage_key, original_name, media_type, extension,
      size_bytes, sha256, uploaded_by_kind, uploaded_by_id, status) VALUES ($1, $2, 1, gen_random_uuid()::text, 'fiche.pdf', 'application/pdf', 'pdf', 10,
      repeat('0', 64), 'GUEST', $3, $4)`, [id, target.spaceId, author.id, status]);
    return id;
  }
  async function folder(target: Target): Promise<string> {
    return (await one<{ id: string }>(hub, `INSERT INTO document_folder (space_id, name, created_by_kind, created_by_id)
      VALUES ($1, $2, 'GUEST', $3) RETURNING id`, [target.spaceId, `Dossier ${++seq}`, author.id])).id;
  }
  async function chatMessage(target: Target): Promise<string> {
    return (await one<{ id: string }>(hub, `INSERT INTO chat_message (space_id, author_kind, author_id, text)
      VALUES ($1, 'GUEST', $2, 'Salut') RETURNING id`, [target.spaceId, author.id])).id;
  }
  /**
   * A teacher of the target's school, moderator of the space, that allows private messages (chat-rules.ts decides the
   * rest: a pupil of another school, the collège's guest pupil, may not write privately to this adult).
   */
  const recipients = new Map<string, string>();
  async function privateRecipient(target: Target): Promise<string> {
    const known = recipients.get(target.spaceId);
    if (known) return known;
    const teacher = await person(hub, 'Destinataire', ['National_ENS'], target.structureId, [Role.TEACHER]);
    await hub.dataSource.query(`INSERT INTO space_person (space_id, person_id, role) VALUES ($1, $2, 'MODERATOR')`, [target.spaceId, teacher.id]);
    await hub.dataSource.query(`UPDATE space SET private_messages_allowed = true WHERE id = $1`, [target.spaceId]);
    recipients.set(target.spaceId, teacher.id);
    return teacher.id;
  }
  async function memberClass(target: Target): Promise<string> {
    const { id } = await one<{ id: string }>(hub, `INSERT INTO school_class (structure_id, level, label, school_year)
      VALUES ($1, 'CM1', $2, '2026-2027') RETURNING id`, [target.structureId, `CM1 ${++seq}`]);
    await hub.dataSource.query(`INSERT INTO space_class (space_id, school_class_id) VALUES ($1, $2)`, [target.spaceId, id]);
    return id;
  }

  const SPACE_OPERATIONS: Operation[] = [
    { name: 'space', action: 'READ', run: (t, c) => gql(`query($id: ID!) { space(id: $id) { id myRole } }`, { id: t.spaceId }, c) },
    {
      name: 'spaces', action: 'READ',
      async run(t, c) {
        const result = await gql(`{ spaces(first: 100) { edges { node { id } } } }`, {}, c);
        if (result.errors) return result;
        const listed = (result.data as { spaces: { edges: { node: { id: string } }[] } }).spaces.edges.some((e) => e.node.id === t.spaceId);
        return listed ? result : { status: 200, errors: [{ message: 'not listed', extensions: { code: 'NOT_FOUND' } }] };
      },
    },
    { name: 'Space.posts', action: 'READ', run: (t, c) => gql(`query($id: ID!) { space(id: $id) { posts { edges { node { id } } } } }`, { id: t.spaceId }, c) },
    { name: 'Space.announcements', action: 'READ',
      run: (t, c) => gql(`query($id: ID!) { space(id: $id) { announcements { edges { node { id } } } } }`, { id: t.spaceId }, c) },
    { name: 'Space.announcements(includeHidden)', action: 'ANNOUNCE', reads: true,
      run: (t, c) => gql(`query($id: ID!) { space(id: $id) { announcements(includeHidden: true) { edges { node { id } } } } }`, { id: t.spaceId }, c) },
    { name: 'Space.memberCandidates', action: 'MANAGE_MEMBERS',
      run: (t, c) => gql(`query($id: ID!) { space(id: $id) { memberCandidates { classes { id } guestCohorts { conventionId classCode } } } }`,
        { id: t.spaceId }, c) },
    { name: 'Space.members', action: 'VIEW_MEMBERS', run: (t, c) => gql(`query($id: ID!) { space(id: $id) { members { edges { node { id } } } } }`, { id: t.spaceId }, c) },
    { name: 'post', action: 'READ', run: async (t, c) => gql(`query($id: ID!) { post(id: $id) { id } }`, { id: await post(t, 'PUBLISHED') }, c) },
    { name: 'Post.revisions', action: 'MODERATE',
      run: async (t, c) => gql(`query($id: ID!) { post(id: $id) { revisions { revision } } }`, { id: await post(t, 'PUBLISHED') }, c) },
    { name: 'updateSpace', action: 'EDIT_SETTINGS',
      run: (t, c) => gql(`mutation($input: UpdateSpaceInput!) { updateSpace(input: $input) { id } }`, { input: { spaceId: t.spaceId, title: 'Matrice' } }, c) },
    { name: 'addSpaceMembers', action: 'MANAGE_MEMBERS',
      run: (t, c) => gql(`mutation($input: AddSpaceMembersInput!) { addSpaceMembers(input: $input) { id } }`,
        { input: { spaceId: t.spaceId, people: [] } }, c) },
    { name: 'removeSpaceMember', action: 'MANAGE_MEMBERS',
      run: async (t, c) => gql(`mutation($input: RemoveSpaceMemberInput!) { removeSpaceMember(input: $input) { id } }`,
        { input: { spaceId: t.spaceId, schoolClassId: await memberClass(t) } }, c) },
    { name: 'createPost', action: 'POST',
      run: (t, c) => gql(`mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`, { input: { spaceId: t.spaceId, bodyHtml: 'Bonjour' } }, c) },
    { name: 'deletePost', action: 'MODERATE',
      run: async (t, c) => gql(`mutation($id: ID!) { deletePost(id: $id) { id } }`, { id: await post(t, 'PUBLISHED') }, c) },
    { name: 'moderatePost', action: 'MODERATE', seenWith: 'MODERATE',
      run: async (t, c) => gql(`mutation($id: ID!) { moderatePost(id: $id, decision: APPROVE) { id } }`, { id: await post(t, 'PENDING') }, c) },
    { name: 'hidePost', action: 'MODERATE',
      run: async (t, c) => gql(`mutation($id: ID!) { hidePost(id: $id, reason: "Hors sujet.") { id } }`, { id: await post(t, 'PUBLISHED') }, c) },
    { name: 'unhidePost', action: 'MODERATE', seenWith: 'MODERATE',
      run: async (t, c) => gql(`mutation($id: ID!) { unhidePost(id: $id) { id } }`, { id: await post(t, 'HIDDEN') }, c) },
    { name: 'createComment', action: 'COMMENT',
      run: async (t, c) => gql(`mutation($input: CreateCommentInput!) { createComment(input: $input) { id } }`,
        { input: { postId: await post(t, 'PUBLISHED'), bodyHtml: 'Super' } }, c) },
    { name: 'deleteComment', action: 'MODERATE',
      run: async (t, c) => gql(`mutation($id: ID!) { deleteComment(id: $id) { id } }`, { id: await comment(t) }, c) },
    { name: 'addReaction', action: 'REACT',
      run: async (t, c) => gql(`mutation($input: ReactionInput!) { addReaction(input: $input) { id } }`,
        { input: { postId: await post(t, 'PUBLISHED'), emoji: 'CLAP' } }, c) },
    { name: 'removeReaction', action: 'REACT',
      run: async (t, c) => gql(`mutation($input: ReactionInput!) { removeReaction(input: $input) { id } }`,
        { input: { postId: await post(t, 'PUBLISHED'), emoji: 'CLAP' } }, c) },
    { name: 'createAnnouncement', action: 'ANNOUNCE',
      run: (t, c) => gql(`mutation($input: CreateAnnouncementInput!) { createAnnouncement(input: $input) { id } }`,
        { input: { spaceId: t.spaceId, title: 'Sortie', bodyHtml: 'Vendredi' } }, c) },
    { name: 'deleteAnnouncement', action: 'ANNOUNCE',
      run: async (t, c) => gql(`mutation($id: ID!) { deleteAnnouncement(id: $id) }`, { id: await announcement(t) }, c) },
    { name: 'Space.events', action: 'READ', run: (t, c) => gql(`query($id: ID!) { space(id: $id) { events { edges { node { id } } } } }`, { id: t.spaceId }, c) },
    { name: 'Space.homework', action: 'READ',
      run: (t, c) => gql(`query($id: ID!) { space(id: $id) { homework { edges { node { id doneCount } } } } }`, { id: t.spaceId }, c) },
    // Who ticked « Fait » (the teachers' « Voir qui a fini »): a homework of the whole space is listed to every reader,
    // its names only to those who plan (and a moderation access, which reads as a moderator).
    { name: 'Homework.doneBy', action: 'SCHEDULE', reads: true,
      run: async (t, c) => {
        await homework(t);
        return gql(`query($id: ID!) { space(id: $id) { homework { edges { node { id doneBy { displayName } } } } } }`, { id: t.spaceId }, c);
      } },
    { name: 'createEvent', action: 'SCHEDULE',
      run: (t, c) => gql(`mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
        { input: { spaceId: t.spaceId, title: 'Visite', startsAt: '2026-12-04T09:00:00.000Z' } }, c) },
    { name: 'updateEvent', action: 'SCHEDULE',
      run: async (t, c) => gql(`mutation($input: UpdateEventInput!) { updateEvent(input: $input) { id } }`,
        { input: { eventId: await event(t), title: 'Visite (reportée)' } }, c) },
    { name: 'deleteEvent', action: 'SCHEDULE', run: async (t, c) => gql(`mutation($id: ID!) { deleteEvent(id: $id) }`, { id: await event(t) }, c) },
    { name: 'createHomework', action: 'SCHEDULE',
      run: (t, c) => gql(`mutation($input: CreateHomeworkInput!) { createHomework(input: $input) { id } }`,
        { input: { spaceId: t.spaceId, title: 'Lire', dueOn: '2026-12-07' } }, c) },
    { name: 'deleteHomework', action: 'SCHEDULE',
      run: async (t, c) => gql(`mutation($id: ID!) { deleteHomework(id: $id) }`, { id: await homework(t) }, c) },
    { name: 'markHomeworkDone', action: 'COMPLETE_HOMEWORK',
      run: async (t, c) => gql(`mutation($id: ID!) { markHomeworkDone(id: $id, done: true) { id } }`, { id: await homework(t) }, c) },
    // Search (libs/search) in one space: NOT_FOUND without READ there; with it, the post just written is found.
    { name: 'search', action: 'READ',
      async run(t, c) {
        const word = `matrice${++seq}x`;
        const { id } = await one<{ id: string }>(hub, `INSERT INTO post (space_id, author_kind, author_id, body_html, body_text, status)
          VALUES ($1, 'GUEST', $2, $3, $3, 'PUBLISHED') RETURNING id`, [t.spaceId, author.id, word]);
        const result = await gql(`query($query: String!, $spaceId: ID) { search(query: $query, spaceId: $spaceId) { edges { node { id } } } }`,
          { query: word, spaceId: t.spaceId }, c);
        if (result.errors) return result;
        const found = (result.data as { search: { edges: { node: { id: string } }[] } }).search.edges.some((e) => e.node.id === id);
        return found ? result : { status: 200, errors: [{ message: 'not found by search', extensions: { code: 'MISSING' } }] };
      },
    },
    { name: 'createDocumentFolder', action: 'UPLOAD_DOCUMENT',
      run: (t, c) => gql(`mutation($spaceId: ID!, $name: String!) { createDocumentFolder(spaceId: $spaceId, name: $name) { id } }`,
        { spaceId: t.spaceId, name: `Classeur ${++seq}` }, c) },
    // Someone else's document or folder (one's own needs UPLOAD_DOCUMENT only: documents-lifecycle.e2e-spec.ts).
    { name: 'deleteDocument', action: 'MODERATE',
      run: async (t, c) => gql(`mutation($id: ID!) { deleteDocument(id: $id) }`, { id: await document(t) }, c) },
    { name: 'deleteDocumentFolder', action: 'MODERATE',
      run: async (t, c) => gql(`mutation($id: ID!) { deleteDocumentFolder(id: $id) }`, { id: await folder(t) }, c) },
    // The documents screen (issue 12): folders, storage and versions are read with the space; a rename of someone
    // else's document needs the right to moderate (one's own: documents-screen.e2e-spec.ts).
    { name: 'Space.documentFolders', action: 'READ', reads: true,
      run: async (t, c) => { await folder(t); return gql(`query($id: ID!) { space(id: $id) { documentFolders { id mayDelete } } }`, { id: t.spaceId }, c); } },
    { name: 'Space.documentStorage', action: 'READ', reads: true,
      run: (t, c) => gql(`query($id: ID!) { space(id: $id) { documentStorage { quotaBytes usedBytes myShareBytes } } }`, { id: t.spaceId }, c) },
    { name: 'SpaceDocument.versions', action: 'READ', reads: true,
      async run(t, c) {
        const id = await document(t);
        const result = await gql(`query($id: ID!) { space(id: $id) { documents(first: 100) { edges { node { id mayChange uploadedBy { displayName }
          versions { version uploadedBy { displayName } } } } } } }`, { id: t.spaceId }, c);
        if (result.errors) return result;
        const listed = (result.data as { space: { documents: { edges: { node: { id: string; versions: unknown[] } }[] } } }).space.documents.edges
          .find((e) => e.node.id === id);
        return listed?.node.versions.length === 1 ? result : { status: 200, errors: [{ message: 'no versions', extensions: { code: 'MISSING' } }] };
      },
    },
    { name: 'renameDocument', action: 'MODERATE',
      run: async (t, c) => gql(`mutation($id: ID!) { renameDocument(id: $id, name: "Renommé") { id name } }`, { id: await document(t) }, c) },
    // Someone else's folder: its creator renames their own (documents-versions-folders.e2e-spec.ts).
    { name: 'renameDocumentFolder', action: 'MODERATE',
      async run(t, c) {
        const id = await folder(t);
        return gql(`mutation($id: ID!, $name: String!) { renameDocumentFolder(id: $id, name: $name) { id } }`, { id, name: `Renommé ${id}` }, c);
      } },
    // The secret agenda feed (ADR 0023): every member who reads the space; not a moderation access.
    { name: 'calendarFeedUrl', action: 'READ', refusedFor: { moderatingAdmin: 'FORBIDDEN' },
      run: (t, c) => gql(`mutation($id: ID!) { calendarFeedUrl(spaceId: $id) { url } }`, { id: t.spaceId }, c) },
    { name: 'revokeCalendarFeedUrl', action: 'READ', refusedFor: { moderatingAdmin: 'FORBIDDEN' },
      run: (t, c) => gql(`mutation($id: ID!) { revokeCalendarFeedUrl(spaceId: $id) }`, { id: t.spaceId }, c) },
    { name: 'Space.calendarFeedCreatedAt', action: 'READ', reads: true,
      run: (t, c) => gql(`query($id: ID!) { space(id: $id) { calendarFeedCreatedAt } }`, { id: t.spaceId }, c) },
    { name: 'Space.moderationAccesses', action: 'EDIT_SETTINGS',
      run: (t, c) => gql(`query($id: ID!) { space(id: $id) { moderationAccesses { id } } }`, { id: t.spaceId }, c) },
    { name: 'Space.chatMessages', action: 'READ_CHAT',
      run: (t, c) => gql(`query($id: ID!) { space(id: $id) { chatMessages { edges { node { id } } } } }`, { id: t.spaceId }, c) },
    { name: 'sendChatMessage', action: 'CHAT',
      run: (t, c) => gql(`mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { id } }`,
        { input: { spaceId: t.spaceId, text: 'Bonjour' } }, c) },
    { name: 'sendChatMessage(private)', action: 'CHAT', refusedFor: { guestPupil: 'PRIVATE_MESSAGES_ADULT_PUPIL_CROSS_SCHOOL' },
      run: async (t, c) => gql(`mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { id isPrivate } }`,
        { input: { spaceId: t.spaceId, text: 'Bonjour', recipientId: await privateRecipient(t) } }, c) },
    { name: 'removeChatMessage', action: 'MODERATE', seenWith: 'READ_CHAT',
      run: async (t, c) => gql(`mutation($id: ID!) { removeChatMessage(id: $id) { id } }`, { id: await chatMessage(t) }, c) },
    // Issue 11: moderation covers what a pupil publishes, comments and documents alike. A held comment or document
    // version (another member's) is seen by the moderators only: NOT_FOUND for everyone else, as a held post is.
    { name: 'moderateComment', action: 'MODERATE', seenWith: 'MODERATE',
      run: async (t, c) => gql(`mutation($id: ID!) { moderateComment(id: $id, decision: APPROVE) { id } }`, { id: await comment(t, 'PENDING') }, c) },
    { name: 'moderateDocument', action: 'MODERATE', seenWith: 'MODERATE',
      run: async (t, c) => gql(`mutation($id: ID!) { moderateDocument(id: $id, version: 1, decision: APPROVE) { id } }`,
        { id: await document(t, 'PENDING') }, c) },
    { name: 'Space.heldComments', action: 'READ',
      run: (t, c) => gql(`query($id: ID!) { space(id: $id) { heldComments { edges { node { id } } } } }`, { id: t.spaceId }, c) },
    // The web app's moderation queue: the held uploads with their uploader, to moderators only (FORBIDDEN to other members).
    { name: 'Space.heldDocuments', action: 'MODERATE',
      run: (t, c) => gql(`query($id: ID!) { space(id: $id) { heldDocuments { edges { node { documentId version uploader { displayName } } } } } }`,
        { id: t.spaceId }, c) },
  ];

  /** Operations on the caller's own inbox: any signed-in principal, nobody anonymous. */
  const INBOX_OPERATIONS: { name: string; query: string; variables?: Record<string, unknown> }[] = [
    { name: 'notifications', query: `{ notifications { edges { node { id } } } }` },
    { name: 'unreadNotificationsCount', query: `{ unreadNotificationsCount }` },
    { name: 'markNotificationsRead', query: `mutation { markNotificationsRead(ids: ["00000000-0000-4000-8000-000000000000"]) { unreadCount } }` },
    { name: 'markAllNotificationsRead', query: `mutation { markAllNotificationsRead(before: "2000-01-01T00:00:00.000Z") { markedCount unreadCount } }` },
    { name: 'upcoming', query: `{ upcoming(first: 3) { homework { id } events { id } } }` },
    { name: 'notificationPreferences', query: `{ notificationPreferences { kind enabled } }` },
    { name: 'setNotificationPreference', query: `mutation { setNotificationPreference(kind: MENTION, enabled: true) { kind } }` },
  ];

  /** Who may create a space for the world's école (and for another one): home teachers and directors for their own (not hub administrators). */
  const CREATE_SPACE_EXPECTED: Record<Persona, [string, string]> = {
    hubAdmin: ['FORBIDDEN', 'FORBIDDEN'], moderatingAdmin: ['FORBIDDEN', 'FORBIDDEN'], director: ['OK', 'FORBIDDEN'], homeTeacher: ['OK', 'FORBIDDEN'], homePupil: ['FORBIDDEN', 'FORBIDDEN'],
    guestTeacher: ['FORBIDDEN', 'FORBIDDEN'], guestPupil: ['FORBIDDEN', 'FORBIDDEN'], parent: ['FORBIDDEN', 'FORBIDDEN'],
    otherConventionGuest: ['FORBIDDEN', 'FORBIDDEN'], anonymous: ['UNAUTHENTICATED', 'UNAUTHENTICATED'],
  };

  /** Hub administrators' view of spaces (name, owners, size) and the opening of a moderation access: administrators only. */
  const ADMIN_OPERATIONS: { name: string; run(target: Target, cookie: string | undefined): Promise<GraphqlResult> }[] = [
    { name: 'spaceOverviews', run: (t, c) => gql(`{ spaceOverviews(first: 1) { edges { node { id title membersCount storageUsedBytes owners { id } } } } }`, {}, c) },
    { name: 'spaceOverview', run: (t, c) => gql(`query($id: ID!) { spaceOverview(id: $id) { id title } }`, { id: t.spaceId }, c) },
    { name: 'openModerationAccess',
      run: (t, c) => gql(`mutation($input: OpenModerationAccessInput!) { openModerationAccess(input: $input) { id } }`,
        { input: { spaceId: t.spaceId, reason: 'Matrice : vérification' } }, c) },
  ];
  const ADMIN_EXPECTED = (persona: Persona) =>
    (persona === 'anonymous' ? 'UNAUTHENTICATED' : persona === 'hubAdmin' || persona === 'moderatingAdmin' ? 'OK' : 'FORBIDDEN');

  const outcome = (result: GraphqlResult) => (result.errors ? result.errors[0].extensions?.code ?? 'ERROR' : 'OK');

  function expected(operation: Operation, persona: Persona, role: string | null): string {
    if (persona === 'anonymous') return 'UNAUTHENTICATED';
    if (!role) return 'NOT_FOUND';
    if (operation.seenWith && !allowed(role, operation.seenWith)) return 'NOT_FOUND';
    if (!allowed(role, operation.action)) return 'FORBIDDEN';
    if (persona === 'moderatingAdmin' && !operation.reads && !MODERATION_ACCESS.includes(operation.action)) return 'FORBIDDEN';
    return operation.refusedFor?.[persona] ?? 'OK';
  }

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    world = await buildWorld(hub);
    own = { spaceId: await sharedSpace(hub, world), structureId: world.schoolId };
    const created = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: { structureId: world.otherSchoolId, title: 'Ailleurs' } },
      world.otherTeacher.cookie)).createSpace;
    foreign = { spaceId: created.id, structureId: world.otherSchoolId };
    author = await guest(hub, world.conventionId, 'Auteur', 'National_ELV', null);
    const moderating = await hub.adminSession();
    for (const target of [own, foreign]) {
      ok(await hub.gql(`mutation($input: OpenModerationAccessInput!) { openModerationAccess(input: $input) { id } }`,
        { input: { spaceId: target.spaceId, reason: 'Matrice des autorisations' } }, moderating.cookie));
    }
    cookies = {
      hubAdmin: world.admin.cookie, moderatingAdmin: moderating.cookie, director: world.director.cookie, homeTeacher: world.teacher.cookie, homePupil: world.pupil.cookie,
      guestTeacher: world.guestTeacher.cookie, guestPupil: world.guestPupil.cookie, parent: world.parent.cookie,
      otherConventionGuest: world.otherGuest.cookie, anonymous: undefined,
    };
  });
  afterAll(() => hub?.close());

  it('covers every query and mutation of the spaces and notifications resolvers', () => {
    const schema = hub.api.app.get(GraphQLSchemaHost).schema;
    const mine = ['SpacesResolver', 'WallResolver', 'NotificationsResolver', 'AgendaResolver', 'HomeworkResolver', 'ChatResolver', 'DocumentsResolver',
      'SearchResolver', 'ModerationAccessResolver', 'UpcomingResolver', 'CalendarFeedResolver'];
    const { DiscoveryService, MetadataScanner } = jest.requireActual('@nestjs/core');
    const discovery = hub.api.app.get(DiscoveryService);
    const scanner = hub.api.app.get(MetadataScanner);
    const operations: string[] = [];
    for (const wrapper of discovery.getProviders()) {
      if (!wrapper.metatype || !mine.includes(wrapper.metatype.name) || !wrapper.instance) continue;
      for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(wrapper.instance))) {
        const type = Reflect.getMetadata('graphql:resolver_type', (wrapper.instance as Record<string, object>)[method]);
        if (type === 'Query' || type === 'Mutation') operations.push(method);
      }
    }
    const covered = new Set([...SPACE_OPERATIONS.map((o) => o.name), ...INBOX_OPERATIONS.map((o) => o.name), ...ADMIN_OPERATIONS.map((o) => o.name),
      'createSpace',
      // Rules of authorship on top of the table, proven in spaces.e2e-spec.ts ('keeps the history of edits...').
      'editPost']);
    expect(operations.filter((name) => !covered.has(name))).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const name of operations) expect(schema.getQueryType()?.getFields()[name] ?? schema.getMutationType()?.getFields()[name]).toBeDefined();
  });

  it.each(PERSONAS)('gives %s the role the product says in a space of their school', async (persona) => {
    const result = await gql(`query($id: ID!) { space(id: $id) { myRole } }`, { id: own.spaceId }, cookies[persona]);
    const role = OWN_ROLE[persona];
    if (role) expect(result.data).toEqual({ space: { myRole: role } });
    else expect(outcome(result)).toBe(persona === 'anonymous' ? 'UNAUTHENTICATED' : 'NOT_FOUND');
  });

  const cases = SPACE_OPERATIONS.flatMap((operation) => PERSONAS.flatMap((persona) =>
    (['own', 'foreign'] as const).map((where) => [operation.name, persona, where] as const)));

  it.each(cases)('%s as %s in a %s space answers as the permissions table says', async (name, persona, where) => {
    const operation = SPACE_OPERATIONS.find((o) => o.name === name)!;
    const role = (where === 'own' ? OWN_ROLE : FOREIGN_ROLE)[persona];
    const result = await operation.run(where === 'own' ? own : foreign, cookies[persona]);
    expect({ name, persona, where, outcome: outcome(result) }).toEqual({ name, persona, where, outcome: expected(operation, persona, role) });
    if (outcome(result) === 'NOT_FOUND' && operation.name !== 'spaces') {
      // Exactly like a missing space: no word about what exists.
      expect(result.errors![0].message).toMatch(/n'existe pas ou vous n'y avez pas accès\.$/);
    }
  });

  it.each(PERSONAS)('lets %s create a space for their school only as the product says', async (persona) => {
    const [forOwn, forOther] = CREATE_SPACE_EXPECTED[persona];
    expect(outcome(await gql(CREATE_SPACE, { input: { structureId: world.schoolId, title: 'Nouveau' } }, cookies[persona]))).toBe(forOwn);
    expect(outcome(await gql(CREATE_SPACE, { input: { structureId: world.otherSchoolId, title: 'Nouveau' } }, cookies[persona]))).toBe(forOther);
  });

  it.each(PERSONAS)('lets %s see spaces as administrators do, and open a moderation access, only if they are one', async (persona) => {
    // A fresh administrator for the plain column: what it opens here must not change the cases above.
    const cookie = persona === 'hubAdmin' ? (await hub.adminSession()).cookie : cookies[persona];
    for (const operation of ADMIN_OPERATIONS) {
      for (const target of [own, foreign]) {
        const result = await operation.run(target, cookie);
        expect({ name: operation.name, outcome: outcome(result) }).toEqual({ name: operation.name, outcome: ADMIN_EXPECTED(persona) });
      }
    }
  });

  it.each(PERSONAS)('answers %s about their own inbox only', async (persona) => {
    for (const operation of INBOX_OPERATIONS) {
      const result = await gql(operation.query, operation.variables ?? {}, cookies[persona]);
      expect({ name: operation.name, outcome: outcome(result) })
        .toEqual({ name: operation.name, outcome: persona === 'anonymous' ? 'UNAUTHENTICATED' : 'OK' });
    }
  });

  /*
   * Issue 11, finding 1 (admission): guests whose convention no longer admits them, though still BOUND (the job that
   * suspends them has not run: the worker is down). A guest pupil whose collège (UAI) an amendment dropped and a guest
   * teacher whose profile's quota it set to 0 answer every operation like an anonymous visitor (their session is
   * refused at once), and the per-request facts refuse them the space too; a guest of the same convention still
   * admitted keeps the table's role.
   */
  describe('guests no longer admitted by their convention (school dropped, profile at quota 0)', () => {
    let amended: Target;
    let conventionId: string;
    let notAdmitted: Record<'droppedSchoolPupil' | 'zeroQuotaTeacher', Session>;
    let stillAdmitted: Session;

    beforeAll(async () => {
      const [{ partner_id: partnerId }] = await hub.dataSource.query('SELECT partner_id FROM convention WHERE id = $1', [world.conventionId]);
      conventionId = await convention(hub, partnerId, world.schoolId);
      const created = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: { structureId: world.schoolId, title: 'Avenant' } },
        world.teacher.cookie)).createSpace;
      ok(await hub.gql(ADD_MEMBERS, { input: { spaceId: created.id, guestCohorts: [{ conventionId }] } }, world.teacher.cookie));
      amended = { spaceId: created.id, structureId: world.schoolId };
      const droppedSchoolPupil = await guest(hub, conventionId, 'Inès (6e B)', 'National_ELV', '6e B');
      const zeroQuotaTeacher = await guest(hub, conventionId, 'Mme Roux', 'National_ENS', null);
      stillAdmitted = await guest(hub, conventionId, 'Paul (6e B)', 'National_ELV', '6e B');
      // The amendment, as it leaves the convention's terms: the pupil's collège no longer covered, teachers at quota 0.
      await hub.dataSource.query(`INSERT INTO convention_partner_structure (convention_id, uai, name) VALUES ($1, '0750002V', 'Collège Victor Hugo')`,
        [conventionId]);
      await hub.dataSource.query(`UPDATE guest SET uai = '0750002V' WHERE id = $1`, [stillAdmitted.id]);
      await hub.dataSource.query(`DELETE FROM convention_partner_structure WHERE convention_id = $1 AND uai <> '0750002V'`, [conventionId]);
      await hub.dataSource.query(`UPDATE guest SET uai = '0750002V' WHERE id = $1`, [zeroQuotaTeacher.id]);
      await hub.dataSource.query(`UPDATE convention_profile_quota SET quota = 0 WHERE convention_id = $1 AND profile = 'National_ENS'`, [conventionId]);
      notAdmitted = { droppedSchoolPupil, zeroQuotaTeacher };
    });

    const who = ['droppedSchoolPupil', 'zeroQuotaTeacher'] as const;

    it.each(who)('the per-request facts of %s hold their school and profile and refuse them the space', async (name) => {
      const access = hub.api.app.get(SpaceAccessRepository);
      const { subject, spaces } = await access.loadSubjectAndSpaces({ kind: 'GUEST', id: notAdmitted[name].id, sessionId: 'x', displayName: '',
        roles: [Role.GUEST] }, [amended.spaceId]);
      expect(subject.kind === 'GUEST' && subject.guest).toMatchObject({ state: 'BOUND', convention: { coveredUais: ['0750002V'] } });
      expect(resolveSpaceAccess(subject, spaces.get(amended.spaceId)!.facts, new Date())).toBeNull();
    });

    it('keeps a guest of the same convention still admitted at the role the table gives', async () => {
      expect((await gql(`query($id: ID!) { space(id: $id) { myRole } }`, { id: amended.spaceId }, stillAdmitted.cookie)).data)
        .toEqual({ space: { myRole: 'CONTRIBUTOR' } });
    });

    const admissionCases = SPACE_OPERATIONS.flatMap((operation) => who.map((name) => [operation.name, name] as const));

    it.each(admissionCases)('%s as %s answers like an anonymous visitor', async (name, persona) => {
      const operation = SPACE_OPERATIONS.find((o) => o.name === name)!;
      const result = await operation.run(amended, notAdmitted[persona].cookie);
      expect({ name, persona, outcome: outcome(result) }).toEqual({ name, persona, outcome: 'UNAUTHENTICATED' });
    });

    it.each(who)('answers %s about their inbox like an anonymous visitor', async (name) => {
      for (const operation of INBOX_OPERATIONS) {
        const result = await gql(operation.query, operation.variables ?? {}, notAdmitted[name].cookie);
        expect({ name: operation.name, outcome: outcome(result) }).toEqual({ name: operation.name, outcome: 'UNAUTHENTICATED' });
      }
    });
  });
});
