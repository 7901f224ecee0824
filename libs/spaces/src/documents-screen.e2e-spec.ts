import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApi, TestApi } from '../../../test/harness';
import { png } from '../test/files';
import { buildWorld, codeOf, ok, sharedSpace, SpaceWorld } from '../test/fixtures';

/**
 * What the documents screen (/espaces/:id/documents) reads and does through the API: the folders of a space, the
 * versions of a document with who uploaded them, the storage quota (and a pupil's share), whether the caller may
 * change a document or a folder, the rename of a document, and the inline preview of images and PDF (`?apercu=1`).
 */

function pdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
}

/** A WAV sound: accepted as a document, never shown inline. */
function wav(): Buffer {
  const bytes = Buffer.alloc(2048);
  bytes.write('RIFF', 0, 'latin1');
  bytes.writeUInt32LE(2040, 4);
  bytes.write('WAVEfmt ', 8, 'latin1');
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(8000, 24);
  bytes.writeUInt32LE(8000, 28);
  bytes.writeUInt16LE(1, 32);
  bytes.writeUInt16LE(8, 34);
  bytes.write('data', 36, 'latin1');
  bytes.writeUInt32LE(2004, 40);
  return bytes;
}

const SCREEN = `query($id: ID!) { space(id: $id) {
  documentFolders { id parentId name mayDelete }
  documentStorage { quotaBytes usedBytes myShareBytes myUsedBytes }
  documents(first: 50) { edges { node { id name folderId mayChange uploadedBy { displayName }
    versions { version name sizeBytes status uploadedBy { displayName } } } } }
} }`;

interface Screen {
  space: {
    documentFolders: { id: string; parentId: string | null; name: string; mayDelete: boolean }[];
    documentStorage: { quotaBytes: number; usedBytes: number; myShareBytes: number | null; myUsedBytes: number | null };
    documents: { edges: { node: { id: string; name: string; folderId: string | null; mayChange: boolean; uploadedBy: { displayName: string };
      versions: { version: number; name: string; sizeBytes: number; status: string; uploadedBy: { displayName: string } }[] } }[] };
  };
}

const RENAME = `mutation($id: ID!, $name: String!) { renameDocument(id: $id, name: $name) { id name } }`;

describe('documents screen API', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let dataDir: string;
  let spaceId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'passerelle-documents-screen-'));
    hub = await startTestApi({ REDIS_URL: undefined, DATA_DIR: dataDir });
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
  });
  afterAll(async () => {
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function upload(cookie: string, content: Buffer, filename: string, query = '') {
    return request(hub.url).post(`/spaces/${spaceId}/documents${query}`).set('Origin', hub.url).set('Cookie', cookie)
      .attach('file', content, { filename, contentType: 'application/octet-stream' });
  }

  const screen = async (cookie: string) => ok(await hub.gql<Screen>(SCREEN, { id: spaceId }, cookie)).space;

  it('lists folders, versions with their uploader, and the storage with a pupil\'s own share', async () => {
    const folder = ok(await hub.gql<{ createDocumentFolder: { id: string; mayDelete: boolean } }>(
      `mutation($spaceId: ID!) { createDocumentFolder(spaceId: $spaceId, name: "Sciences") { id mayDelete } }`, { spaceId }, world.teacher.cookie))
      .createDocumentFolder;
    expect(folder.mayDelete).toBe(true);
    const first = await upload(world.teacher.cookie, pdf(), 'consignes.pdf', `?folderId=${folder.id}`);
    expect(first.status).toBe(201);
    const again = await upload(world.teacher.cookie, pdf(), 'consignes v2.pdf', `?documentId=${first.body.id}`);
    expect(again.status).toBe(201);
    const mine = await upload(world.pupil.cookie, png(3_000), 'dessin.png');
    expect(mine.status).toBe(201);

    const teacher = await screen(world.teacher.cookie);
    expect(teacher.documentFolders).toEqual([{ id: folder.id, parentId: null, name: 'Sciences', mayDelete: true }]);
    const consignes = teacher.documents.edges.map((e) => e.node).find((d) => d.id === first.body.id);
    expect(consignes).toMatchObject({ name: 'consignes v2.pdf', folderId: folder.id, mayChange: true, uploadedBy: { displayName: 'Mme Martin' } });
    expect(consignes?.versions.map((v) => [v.version, v.name, v.uploadedBy.displayName])).toEqual(
      [[2, 'consignes v2.pdf', 'Mme Martin'], [1, 'consignes.pdf', 'Mme Martin']]);
    expect(teacher.documentStorage.quotaBytes).toBeGreaterThan(0);
    expect(teacher.documentStorage.usedBytes).toBe(2 * pdf().length + 3_000);
    expect(teacher.documentStorage).toMatchObject({ myShareBytes: null, myUsedBytes: null });

    const pupil = await screen(world.pupil.cookie);
    expect(pupil.documentFolders).toEqual([{ id: folder.id, parentId: null, name: 'Sciences', mayDelete: false }]);
    const byId = new Map(pupil.documents.edges.map((e) => [e.node.id, e.node]));
    expect(byId.get(first.body.id)?.mayChange).toBe(false);
    expect(byId.get(mine.body.id)).toMatchObject({ mayChange: true, uploadedBy: { displayName: 'Léa D.' } });
    expect(pupil.documentStorage.myShareBytes).toBeGreaterThan(0);
    expect(pupil.documentStorage.myShareBytes).toBeLessThan(pupil.documentStorage.quotaBytes);
    expect(pupil.documentStorage.myUsedBytes).toBe(3_000);
  });

  it('renames a document for its uploader and the moderators, keeping its extension; refuses anyone else', async () => {
    const res = await upload(world.teacher.cookie, pdf(), 'fiche.pdf');
    const id = res.body.id as string;
    const refused = await hub.gql(RENAME, { id, name: 'Pas à moi' }, world.pupil.cookie);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(RENAME, { id, name: 'x' }, world.otherTeacher.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(RENAME, { id, name: 'x' }, world.parent.cookie))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(RENAME, { id, name: '   ' }, world.teacher.cookie))).toBe('BAD_USER_INPUT');

    const renamed = ok(await hub.gql<{ renameDocument: { name: string } }>(RENAME, { id, name: 'Fiche de lecture' }, world.teacher.cookie));
    expect(renamed.renameDocument.name).toBe('Fiche de lecture.pdf');
    const byModerator = ok(await hub.gql<{ renameDocument: { name: string } }>(RENAME, { id, name: 'Fiche/../finale.pdf' }, world.guestTeacher.cookie));
    expect(byModerator.renameDocument.name).toBe('finale.pdf');
    const own = await upload(world.pupil.cookie, png(500), 'moi.png');
    const mine = ok(await hub.gql<{ renameDocument: { name: string } }>(RENAME, { id: own.body.id, name: 'Mon dessin' }, world.pupil.cookie));
    expect(mine.renameDocument.name).toBe('Mon dessin.png');
  });

  it('previews a PDF and an image inline, framed by the hub only, and keeps every other type an attachment', async () => {
    const doc = await upload(world.teacher.cookie, pdf(), 'lecture.pdf');
    const image = await upload(world.teacher.cookie, png(800), 'photo.png');
    const sound = await upload(world.teacher.cookie, wav(), 'chanson.wav');
    expect(sound.status).toBe(201);

    for (const id of [doc.body.id, image.body.id]) {
      const preview = await request(hub.url).get(`/documents/${id}/content?apercu=1`).set('Cookie', world.guestPupil.cookie);
      expect(preview.status).toBe(200);
      expect(preview.headers['content-disposition']).toMatch(/^inline; filename="/);
      expect(preview.headers['content-security-policy']).toBe("default-src 'none'; sandbox; frame-ancestors 'self'");
      expect(preview.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(preview.headers['x-content-type-options']).toBe('nosniff');
    }
    const plain = await request(hub.url).get(`/documents/${doc.body.id}/content`).set('Cookie', world.guestPupil.cookie);
    expect(plain.headers['content-disposition']).toMatch(/^attachment; /);
    expect(plain.headers['content-security-policy']).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
    expect(plain.headers['x-frame-options']).toBe('DENY');

    const asked = await request(hub.url).get(`/documents/${sound.body.id}/content?apercu=1`).set('Cookie', world.guestPupil.cookie);
    expect(asked.status).toBe(200);
    expect(asked.headers['content-type']).toBe('audio/wav');
    expect(asked.headers['content-disposition']).toMatch(/^attachment; /);
    expect(asked.headers['content-security-policy']).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");

    // The preview checks access as the download does: a teacher of another school gets 404, an anonymous visitor 401.
    expect((await request(hub.url).get(`/documents/${doc.body.id}/content?apercu=1`).set('Cookie', world.otherTeacher.cookie)).status).toBe(404);
    expect((await request(hub.url).get(`/documents/${doc.body.id}/content?apercu=1`)).status).toBe(401);
  });
});
