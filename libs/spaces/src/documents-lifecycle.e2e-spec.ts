import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApi, TestApi } from '../../../test/harness';
import { filesUnder, png, uploadTo } from '../test/files';
import { buildWorld, ok, sharedSpace, SpaceWorld } from '../test/fixtures';

/**
 * What follows an upload and a deletion, through the real API (in-process jobs): members are told of a new document
 * or version; deleting a document or an empty folder releases the space's quota and removes the stored files.
 */

const INBOX = `query { notifications(first: 100) { edges { node { kind spaceId message documentId } } } }`;
type Inbox = { notifications: { edges: { node: { kind: string; spaceId: string; message: string; documentId: string | null } }[] } };

describe('documents: notifications, deletion and quota', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let dataDir: string;
  let spaceId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'passerelle-documents-life-'));
    hub = await startTestApi({ REDIS_URL: undefined, DATA_DIR: dataDir });
    world = await buildWorld(hub);
    // Pupils' uploads published at once (holding them is moderation-and-limits.e2e-spec.ts).
    spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
  });
  afterAll(async () => {
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function documentNotices(cookie: string, documentId: string): Promise<string[]> {
    await hub.drainOutbox();
    return ok(await hub.gql<Inbox>(INBOX, {}, cookie)).notifications.edges
      .filter((edge) => edge.node.kind === 'DOCUMENT_ADDED' && edge.node.documentId === documentId).map((edge) => edge.node.message);
  }

  it('tells every member of a new document and of its new version, not the one who uploaded it', async () => {
    const space = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    const title = ok(await hub.gql<{ space: { title: string } }>(`query($id: ID!) { space(id: $id) { title } }`, { id: space }, world.teacher.cookie)).space.title;
    const first = await uploadTo(hub, world.pupil.cookie, space, png(2_000), 'affiche.png');
    expect(first.status).toBe(201);
    const outbox = await hub.dataSource.query(`SELECT job_id FROM outbox_job WHERE payload->>'spaceId' = $1 AND name = 'space-activity'
      AND payload->>'kind' = 'DOCUMENT_ADDED'`, [space]);
    expect(outbox).toHaveLength(1);

    for (const member of [world.teacher, world.pupil2, world.guestPupil, world.guestTeacher, world.parent]) {
      expect(await documentNotices(member.cookie, first.body.id)).toEqual([`Nouveau document dans « ${title} ».`]);
    }
    expect(await documentNotices(world.pupil.cookie, first.body.id)).toEqual([]);
    expect(await documentNotices(world.otherGuest.cookie, first.body.id)).toEqual([]);

    expect((await uploadTo(hub, world.teacher.cookie, space, png(2_000), 'affiche-v2.png', `?documentId=${first.body.id}`)).status).toBe(201);
    expect((await documentNotices(world.pupil.cookie, first.body.id))).toEqual([`Nouvelle version d'un document dans « ${title} ».`]);
    expect((await documentNotices(world.pupil2.cookie, first.body.id)).sort()).toEqual(
      [`Nouveau document dans « ${title} ».`, `Nouvelle version d'un document dans « ${title} ».`].sort());
  });

  it('lets a member switch document notifications off', async () => {
    const space = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    ok(await hub.gql(`mutation { setNotificationPreference(kind: DOCUMENT_ADDED, enabled: false) { kind enabled } }`, {}, world.pupil2.cookie));
    try {
      const uploaded = await uploadTo(hub, world.teacher.cookie, space, png(1_000), 'plan.png');
      expect(await documentNotices(world.pupil2.cookie, uploaded.body.id)).toEqual([]);
      expect(await documentNotices(world.pupil.cookie, uploaded.body.id)).toHaveLength(1);
    } finally {
      ok(await hub.gql(`mutation { setNotificationPreference(kind: DOCUMENT_ADDED, enabled: true) { kind enabled } }`, {}, world.pupil2.cookie));
    }
  });

  const DELETE_DOCUMENT = `mutation($id: ID!) { deleteDocument(id: $id) }`;
  const DELETE_FOLDER = `mutation($id: ID!) { deleteDocumentFolder(id: $id) }`;
  const CREATE_FOLDER = `mutation($spaceId: ID!, $name: String!, $parentId: ID) { createDocumentFolder(spaceId: $spaceId, name: $name, parentId: $parentId) { id } }`;
  const MISSING = '00000000-0000-4000-8000-000000000000';

  async function usedBytes(space: string): Promise<number> {
    const [row] = await hub.dataSource.query(`SELECT used_bytes::text AS used FROM space_storage WHERE space_id = $1`, [space]);
    return Number(row?.used ?? 0);
  }

  it('lets a pupil delete their own document: every version goes, the quota is given back, the files are removed', async () => {
    const space = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    const before = await filesUnder(dataDir);
    const first = await uploadTo(hub, world.pupil.cookie, space, png(3_000), 'brouillon.png');
    expect((await uploadTo(hub, world.pupil.cookie, space, png(5_000), 'brouillon-2.png', `?documentId=${first.body.id}`)).status).toBe(201);
    await hub.drainOutbox();
    expect(await usedBytes(space)).toBe(8_000);
    expect((await filesUnder(dataDir)).length).toBe(before.length + 2);

    expect(ok(await hub.gql<{ deleteDocument: string }>(DELETE_DOCUMENT, { id: first.body.id }, world.pupil.cookie)).deleteDocument).toBe(first.body.id);
    expect(await usedBytes(space)).toBe(0);
    await hub.drainOutbox();
    expect(await filesUnder(dataDir)).toEqual(before);
    expect((await request(hub.url).get(`/documents/${first.body.id}/content`).set('Cookie', world.pupil.cookie)).status).toBe(404);
    const [{ n }] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM document_version WHERE document_id = $1`, [first.body.id]);
    expect(n).toBe(0);
  });

  it('lets only moderators delete someone else\'s document; a parent or another pupil is refused', async () => {
    const space = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    const theirs = await uploadTo(hub, world.pupil.cookie, space, png(1_000), 'dessin.png');
    for (const who of [world.pupil2, world.guestPupil, world.parent]) {
      const refused = await hub.gql(DELETE_DOCUMENT, { id: theirs.body.id }, who.cookie);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await usedBytes(space)).toBe(1_000);
    ok(await hub.gql(DELETE_DOCUMENT, { id: theirs.body.id }, world.guestTeacher.cookie));
    expect(await usedBytes(space)).toBe(0);
  });

  it('answers a foreign or deleted document or folder exactly like a missing one', async () => {
    const own = await uploadTo(hub, world.teacher.cookie, spaceId, png(1_000), 'classe.png');
    const folder = ok(await hub.gql<{ createDocumentFolder: { id: string } }>(CREATE_FOLDER, { spaceId, name: 'Privé' }, world.teacher.cookie))
      .createDocumentFolder.id;
    for (const [mutation, id] of [[DELETE_DOCUMENT, own.body.id], [DELETE_FOLDER, folder]]) {
      const foreign = await hub.gql(mutation, { id }, world.otherTeacher.cookie);
      const missing = await hub.gql(mutation, { id: MISSING }, world.otherTeacher.cookie);
      expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
      expect((await hub.gql(mutation, { id }, world.otherGuest.cookie)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    ok(await hub.gql(DELETE_DOCUMENT, { id: own.body.id }, world.teacher.cookie));
    expect((await hub.gql(DELETE_DOCUMENT, { id: own.body.id }, world.teacher.cookie)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses to delete a folder that is not empty, and deletes it once emptied', async () => {
    const space = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    const top = ok(await hub.gql<{ createDocumentFolder: { id: string } }>(CREATE_FOLDER, { spaceId: space, name: 'Sortie' }, world.pupil.cookie))
      .createDocumentFolder.id;
    const sub = ok(await hub.gql<{ createDocumentFolder: { id: string } }>(CREATE_FOLDER, { spaceId: space, name: 'Photos', parentId: top },
      world.pupil.cookie)).createDocumentFolder.id;
    const photo = await uploadTo(hub, world.pupil.cookie, space, png(1_000), 'photo.png', `?folderId=${sub}`);

    const notEmpty = await hub.gql(DELETE_FOLDER, { id: top }, world.pupil.cookie);
    expect(notEmpty.errors?.[0]?.extensions?.code).toBe('FOLDER_NOT_EMPTY');
    expect(notEmpty.errors?.[0]?.message).toBe("Ce dossier n'est pas vide : supprimez d'abord les documents et dossiers qu'il contient.");
    expect((await hub.gql(DELETE_FOLDER, { id: sub }, world.pupil.cookie)).errors?.[0]?.extensions?.code).toBe('FOLDER_NOT_EMPTY');
    expect((await hub.gql(DELETE_FOLDER, { id: sub }, world.pupil2.cookie)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    ok(await hub.gql(DELETE_DOCUMENT, { id: photo.body.id }, world.pupil.cookie));
    ok(await hub.gql(DELETE_FOLDER, { id: sub }, world.pupil.cookie));
    expect(ok(await hub.gql<{ deleteDocumentFolder: string }>(DELETE_FOLDER, { id: top }, world.teacher.cookie)).deleteDocumentFolder).toBe(top);
    const [{ n }] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM document_folder WHERE space_id = $1`, [space]);
    expect(n).toBe(0);
  });
});
