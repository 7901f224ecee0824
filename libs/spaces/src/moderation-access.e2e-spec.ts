import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLObjectType } from 'graphql';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { Client } from 'graphql-ws';
import request from 'supertest';
import { graphqlWsClient } from '../../../test/graphql-ws';
import { startTestApi, TestApi } from '../../../test/harness';
import { waitFor } from '../../../test/processes';
import { png } from '../test/files';
import { codeOf, CREATE_POST, ok, one, Session, sharedSpace, SpaceWorld, buildWorld } from '../test/fixtures';
import { SpaceViewers } from './space-viewer.js';

/**
 * Hub administrators and children's content (issue 11, finding 8; ADR 0019), through the real API. The review found
 * that administrators were OWNER of every space and so read every child's work. Now they see a space's name, owners
 * and size; reading it is an « accès de modération »: a reason, one hour, one audit event, a line the owners see.
 */

const NOT_FOUND_MESSAGE = "Cet espace n'existe pas ou vous n'y avez pas accès.";
const OPEN = `mutation($input: OpenModerationAccessInput!) { openModerationAccess(input: $input) {
  id spaceId adminName reason openedAt expiresAt open } }`;
const JOURNAL = `query($id: ID!) { space(id: $id) { moderationAccesses { id adminName reason openedAt expiresAt open } } }`;
const CONTENT = `query($id: ID!) { space(id: $id) { id myRole myPermissions posts { edges { node { id } } } documents { edges { node { id } } }
  events { edges { node { id } } } homework { edges { node { id } } } chatMessages { edges { node { id } } } members { edges { node { id } } } } }`;
const SEARCH = `query($query: String!, $spaceId: ID) { search(query: $query, spaceId: $spaceId) { edges { node { id } } } }`;

describe('hub administrators and spaces (accès de modération)', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let dataDir: string;
  let admin: Session;
  const clients: Client[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'passerelle-moderation-access-'));
    hub = await startTestApi({ REDIS_URL: undefined, DATA_DIR: dataDir });
    world = await buildWorld(hub);
    const session = await hub.adminSession();
    await hub.dataSource.query(`UPDATE hub_admin SET display_name = 'Admin Académie' WHERE id = $1`, [session.id]);
    admin = { id: session.id, cookie: session.cookie, name: 'Admin Académie' };
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  interface Seeded {
    spaceId: string;
    postId: string;
    documentId: string;
    chatId: string;
    word: string;
  }

  /** A space of the école with what children write in it: a post, a document, an event, homework, a chat message. */
  async function seeded(): Promise<Seeded> {
    const spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    const word = `secret${Math.random().toString(36).slice(2, 8)}`;
    const postId = ok(await hub.gql<{ createPost: { id: string } }>(CREATE_POST, { input: { spaceId, bodyHtml: `Mon poème ${word}` } },
      world.pupil.cookie)).createPost.id;
    const uploaded = await request(hub.url).post(`/spaces/${spaceId}/documents`).set('Origin', hub.url).set('Cookie', world.pupil.cookie)
      .attach('file', png(2_000), { filename: 'dessin.png', contentType: 'application/octet-stream' });
    expect(uploaded.status).toBe(201);
    ok(await hub.gql(`mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
      { input: { spaceId, title: 'Sortie', startsAt: '2026-12-18T09:00:00.000Z' } }, world.teacher.cookie));
    ok(await hub.gql(`mutation($input: CreateHomeworkInput!) { createHomework(input: $input) { id } }`,
      { input: { spaceId, title: 'Lire', dueOn: '2026-12-18' } }, world.teacher.cookie));
    const chatId = ok(await hub.gql<{ sendChatMessage: { id: string } }>(`mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { id } }`,
      { input: { spaceId, text: 'Coucou les 6e' } }, world.pupil.cookie)).sendChatMessage.id;
    return { spaceId, postId, documentId: uploaded.body.id as string, chatId, word };
  }

  async function openAccess(spaceId: string, reason = 'Signalement d’un parent : propos blessants') {
    return ok(await hub.gql<{ openModerationAccess: { id: string; adminName: string; reason: string; openedAt: string; expiresAt: string; open: boolean } }>(
      OPEN, { input: { spaceId, reason } }, admin.cookie)).openModerationAccess;
  }

  const opened = async () => (await one<{ n: number }>(hub, `SELECT count(*)::int AS n FROM space_moderation_access`)).n;
  const audited = async () => (await one<{ n: number }>(hub,
    `SELECT count(*)::int AS n FROM audit_event WHERE action = 'space.moderation-access-opened'`)).n;

  it('answers a hub administrator as a non-member wherever a space\'s content is read: wall, documents, agenda, homework, chat, search, notifications', async () => {
    const space = await seeded();
    // What the review did: the administrator read the space and its children's work.
    const read = await hub.gql(CONTENT, { id: space.spaceId }, admin.cookie);
    expect(read.errors?.[0]).toMatchObject({ message: NOT_FOUND_MESSAGE, extensions: { code: 'NOT_FOUND' } });
    expect(read.data?.space ?? null).toBeNull();
    const listed = ok(await hub.gql<{ spaces: { edges: { node: { id: string } }[] } }>(`{ spaces(first: 100) { edges { node { id } } } }`, {},
      admin.cookie)).spaces.edges.map((edge) => edge.node.id);
    expect(listed).not.toContain(space.spaceId);
    expect(codeOf(await hub.gql(`query($id: ID!) { post(id: $id) { id bodyHtml } }`, { id: space.postId }, admin.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(SEARCH, { query: space.word, spaceId: space.spaceId }, admin.cookie))).toBe('NOT_FOUND');
    expect(ok(await hub.gql<{ search: { edges: unknown[] } }>(SEARCH, { query: space.word }, admin.cookie)).search.edges).toEqual([]);
    expect((await request(hub.url).get(`/documents/${space.documentId}/content`).set('Cookie', admin.cookie)).status).toBe(404);
    expect((await request(hub.url).get(`/spaces/${space.spaceId}/calendar.ics`).set('Cookie', admin.cookie)).status).toBe(404);
    expect(codeOf(await hub.gql(`mutation($id: ID!) { deletePost(id: $id) { id } }`, { id: space.postId }, admin.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(`mutation($id: ID!) { removeChatMessage(id: $id) { id } }`, { id: space.chatId }, admin.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(`mutation($id: ID!) { deleteDocument(id: $id) }`, { id: space.documentId }, admin.cookie))).toBe('NOT_FOUND');
    // The live chat: refused like a non-member.
    const client = graphqlWsClient(hub.url, admin.cookie);
    clients.push(client);
    const errors: { extensions?: { code?: string } }[] = [];
    client.subscribe({ query: `subscription($spaceId: ID!) { chatMessageAdded(spaceId: $spaceId) { id text } }`, variables: { spaceId: space.spaceId } },
      { next: (value) => { if (value.errors) errors.push(...(value.errors as unknown as typeof errors)); }, error: () => undefined, complete: () => undefined });
    expect((await waitFor('the refusal of the subscription', async () => errors[0], 10_000, 20)).extensions?.code).toBe('NOT_FOUND');
    // A pupil's post held for approval notifies the space's moderators, never the administrator.
    const held = await sharedSpace(hub, world);
    ok(await hub.gql(CREATE_POST, { input: { spaceId: held, bodyHtml: 'À valider' } }, world.pupil.cookie));
    await hub.drainOutbox();
    const inbox = async (who: Session) => ok(await hub.gql<{ notifications: { edges: { node: { spaceId: string | null } }[] } }>(
      `{ notifications(first: 100) { edges { node { spaceId } } } }`, {}, who.cookie)).notifications.edges.map((edge) => edge.node.spaceId);
    expect(await inbox(world.teacher)).toContain(held);
    expect((await inbox(admin)).filter((id) => id === held || id === space.spaceId)).toEqual([]);
    // Nothing was opened.
    expect(await opened()).toBe(0);
  });

  it('shows hub administrators a space\'s name, school, owners and size, and nothing else', async () => {
    const space = await seeded();
    const overview = ok(await hub.gql<{ spaceOverview: { title: string; structureId: string; owners: { displayName: string }[]; membersCount: number;
      storageUsedBytes: number; moderationAccesses: unknown[] } }>(`query($id: ID!) { spaceOverview(id: $id) { title structureId
      owners { displayName } membersCount storageUsedBytes moderationAccesses { id } } }`, { id: space.spaceId }, admin.cookie)).spaceOverview;
    const members = ok(await hub.gql<{ space: { title: string; members: { edges: unknown[] } } }>(
      `query($id: ID!) { space(id: $id) { title members(first: 100) { edges { node { id } } } } }`, { id: space.spaceId }, world.teacher.cookie)).space;
    expect(overview).toEqual({ title: members.title, structureId: world.schoolId, owners: [{ displayName: 'Mme Martin' }],
      membersCount: members.members.edges.length, storageUsedBytes: 2_000, moderationAccesses: [] });
    const listed = ok(await hub.gql<{ spaceOverviews: { edges: { node: { id: string } }[] } }>(
      `query($structureId: ID) { spaceOverviews(structureId: $structureId, first: 100) { edges { node { id } } } }`,
      { structureId: world.schoolId }, admin.cookie)).spaceOverviews.edges.map((edge) => edge.node.id);
    expect(listed).toContain(space.spaceId);
    // Exactly these fields: no description, no posts, no documents, no members' names.
    const type = hub.api.app.get(GraphQLSchemaHost).schema.getType('SpaceOverview') as GraphQLObjectType;
    expect(Object.keys(type.getFields()).sort()).toEqual(
      ['createdAt', 'id', 'membersCount', 'moderationAccesses', 'owners', 'storageUsedBytes', 'structureId', 'title']);
    // Administrators only.
    for (const who of [world.teacher, world.director, world.pupil]) {
      expect(codeOf(await hub.gql(`query($id: ID!) { spaceOverview(id: $id) { title } }`, { id: space.spaceId }, who.cookie))).toBe('FORBIDDEN');
    }
    expect(codeOf(await hub.gql(`query($id: ID!) { spaceOverview(id: $id) { title } }`, { id: '00000000-0000-4000-8000-000000000000' },
      admin.cookie))).toBe('NOT_FOUND');
  });

  it('refuses a moderation access without a reason, to a missing space, or to anyone but an administrator, writing nothing', async () => {
    const space = await seeded();
    const [rows, events] = [await opened(), await audited()];
    const blank = await hub.gql(OPEN, { input: { spaceId: space.spaceId, reason: '   ' } }, admin.cookie);
    expect(blank.errors?.[0]).toMatchObject({ message: "Indiquez la raison de l'accès de modération.",
      extensions: { code: 'BAD_USER_INPUT', field: ['input', 'reason'] } });
    expect(codeOf(await hub.gql(OPEN, { input: { spaceId: space.spaceId, reason: 'x'.repeat(501) } }, admin.cookie))).toBe('BAD_USER_INPUT');
    for (const missing of ['00000000-0000-4000-8000-000000000000', 'pas-un-id']) {
      const answer = await hub.gql(OPEN, { input: { spaceId: missing, reason: 'Vérification' } }, admin.cookie);
      expect(answer.errors?.[0]).toMatchObject({ message: NOT_FOUND_MESSAGE, extensions: { code: 'NOT_FOUND' } });
    }
    for (const who of [world.teacher, world.director, world.guestTeacher]) {
      expect(codeOf(await hub.gql(OPEN, { input: { spaceId: space.spaceId, reason: 'Vérification' } }, who.cookie))).toBe('FORBIDDEN');
    }
    expect([await opened(), await audited()]).toEqual([rows, events]);
    expect(codeOf(await hub.gql(`query($id: ID!) { space(id: $id) { id } }`, { id: space.spaceId }, admin.cookie))).toBe('NOT_FOUND');
  });

  it('opens a moderation access: one audit event, a line the owners see; the administrator then reads and removes as a moderator, never takes part', async () => {
    const space = await seeded();
    const events = await audited();
    const access = await openAccess(space.spaceId);
    expect(access).toMatchObject({ adminName: 'Admin Académie', reason: 'Signalement d’un parent : propos blessants', open: true });
    expect(new Date(access.expiresAt).getTime() - new Date(access.openedAt).getTime()).toBe(3_600_000);
    expect(await audited()).toBe(events + 1);
    expect(await one(hub, `SELECT actor_kind, actor_id, subject_type, subject_id, details->>'moderationAccessId' AS access_id
      FROM audit_event WHERE action = 'space.moderation-access-opened' AND subject_id = $1`, [space.spaceId]))
      .toEqual({ actor_kind: 'HUB_ADMIN', actor_id: admin.id, subject_type: 'space', subject_id: space.spaceId, access_id: access.id });
    // The audit event holds ids and times, never the reason's words (a reason may name a child; audit outlives content).
    const { details } = await one<{ details: Record<string, unknown> }>(hub,
      `SELECT details FROM audit_event WHERE action = 'space.moderation-access-opened' AND subject_id = $1`, [space.spaceId]);
    expect(Object.keys(details).sort()).toEqual(['durationMinutes', 'expiresAt', 'moderationAccessId', 'openedAt']);
    expect(details.durationMinutes).toBe(60);
    expect(JSON.stringify(details)).not.toContain('propos blessants');

    // The space's owners see it; other members do not.
    const journal = ok(await hub.gql<{ space: { moderationAccesses: unknown[] } }>(JOURNAL, { id: space.spaceId }, world.teacher.cookie));
    expect(journal.space.moderationAccesses).toEqual([{ id: access.id, adminName: 'Admin Académie', reason: access.reason,
      openedAt: access.openedAt, expiresAt: access.expiresAt, open: true }]);
    expect(ok(await hub.gql<{ space: { moderationAccesses: unknown[] } }>(JOURNAL, { id: space.spaceId }, world.director.cookie))
      .space.moderationAccesses).toHaveLength(1);
    for (const who of [world.guestTeacher, world.pupil]) {
      const refused = await hub.gql(JOURNAL, { id: space.spaceId }, who.cookie);
      expect(refused.errors?.[0]).toMatchObject({ message: "Seuls les responsables de l'espace voient les accès de modération.",
        extensions: { code: 'FORBIDDEN' } });
    }

    // The administrator reads the space as a moderator...
    const content = ok(await hub.gql<{ space: { myRole: string; myPermissions: string[]; posts: { edges: unknown[] }; documents: { edges: unknown[] };
      events: { edges: unknown[] }; homework: { edges: unknown[] }; chatMessages: { edges: unknown[] }; members: { edges: unknown[] } } }>(
      CONTENT, { id: space.spaceId }, admin.cookie)).space;
    expect({ role: content.myRole, permissions: content.myPermissions })
      .toEqual({ role: 'MODERATOR', permissions: ['READ', 'VIEW_MEMBERS', 'MODERATE', 'READ_CHAT'] });
    for (const list of [content.posts, content.documents, content.events, content.homework, content.chatMessages, content.members]) {
      expect(list.edges.length).toBeGreaterThan(0);
    }
    expect((await request(hub.url).get(`/documents/${space.documentId}/content`).set('Cookie', admin.cookie)).status).toBe(200);
    expect((await request(hub.url).get(`/spaces/${space.spaceId}/calendar.ics`).set('Cookie', admin.cookie)).status).toBe(200);
    expect(ok(await hub.gql<{ search: { edges: unknown[] } }>(SEARCH, { query: space.word, spaceId: space.spaceId }, admin.cookie)).search.edges)
      .toHaveLength(1);
    // ...removes content...
    ok(await hub.gql(`mutation($id: ID!) { deletePost(id: $id) { id } }`, { id: space.postId }, admin.cookie));
    expect(ok(await hub.gql<{ removeChatMessage: { removed: boolean } }>(`mutation($id: ID!, $reason: String) { removeChatMessage(id: $id, reason: $reason) {
      removed } }`, { id: space.chatId, reason: 'Signalé' }, admin.cookie)).removeChatMessage.removed).toBe(true);
    ok(await hub.gql(`mutation($id: ID!) { deleteDocument(id: $id) }`, { id: space.documentId }, admin.cookie));
    // ...and never takes part.
    const post = await hub.gql(CREATE_POST, { input: { spaceId: space.spaceId, bodyHtml: 'Bonjour' } }, admin.cookie);
    expect(post.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' },
      message: "Un accès de modération permet de lire l'espace et d'en retirer des contenus, pas d'y participer." });
    for (const [query, variables] of [
      [`mutation($input: SendChatMessageInput!) { sendChatMessage(input: $input) { id } }`, { input: { spaceId: space.spaceId, text: 'Bonjour' } }],
      [`mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
        { input: { spaceId: space.spaceId, title: 'x', startsAt: '2026-12-18T09:00:00.000Z' } }],
      [`mutation($input: UpdateSpaceInput!) { updateSpace(input: $input) { id } }`, { input: { spaceId: space.spaceId, title: 'Repris' } }],
    ] as const) {
      expect(codeOf(await hub.gql(query, variables, admin.cookie))).toBe('FORBIDDEN');
    }
    // Only this space: another one stays closed to them.
    const other = await seeded();
    expect(codeOf(await hub.gql(`query($id: ID!) { space(id: $id) { id } }`, { id: other.spaceId }, admin.cookie))).toBe('NOT_FOUND');
  });

  it('ends after one hour: the administrator reads nothing again, and the owners see it closed', async () => {
    const space = await seeded();
    const access = await openAccess(space.spaceId, 'Contrôle après un signalement');
    expect(ok(await hub.gql<{ space: { id: string } }>(`query($id: ID!) { space(id: $id) { id } }`, { id: space.spaceId }, admin.cookie)).space.id)
      .toBe(space.spaceId);
    const viewers = hub.api.app.get(SpaceViewers);
    const end = new Date(access.expiresAt).getTime();
    viewers.useClock(() => new Date(end));
    try {
      const read = await hub.gql(`query($id: ID!) { space(id: $id) { id posts { edges { node { id } } } } }`, { id: space.spaceId }, admin.cookie);
      expect(read.errors?.[0]).toMatchObject({ message: NOT_FOUND_MESSAGE, extensions: { code: 'NOT_FOUND' } });
      expect((await request(hub.url).get(`/documents/${space.documentId}/content`).set('Cookie', admin.cookie)).status).toBe(404);
      const journal = ok(await hub.gql<{ space: { moderationAccesses: { id: string; open: boolean }[] } }>(JOURNAL, { id: space.spaceId },
        world.teacher.cookie)).space.moderationAccesses;
      expect(journal).toEqual([expect.objectContaining({ id: access.id, open: false })]);
    } finally {
      viewers.useClock(() => new Date());
    }
  });

  it('keeps the journal as written: a moderation access is never changed', async () => {
    const space = await seeded();
    const access = await openAccess(space.spaceId);
    await expect(hub.dataSource.query(`UPDATE space_moderation_access SET expires_at = expires_at + interval '1 hour' WHERE id = $1`, [access.id]))
      .rejects.toThrow(/never changed/);
    await expect(hub.dataSource.query(`INSERT INTO space_moderation_access (space_id, admin_id, admin_name, reason, expires_at)
      VALUES ($1, $2, 'Admin', 'x', now() + interval '2 days')`, [space.spaceId, admin.id])).rejects.toThrow(/space_moderation_access_window/);
  });
});
