import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApi, TestApi } from '../../../test/harness';
import { filesUnder, png, uploadTo } from '../test/files';
import { buildWorld, ok, one, sharedSpace, SpaceWorld } from '../test/fixtures';

/**
 * Documents through the real API: multipart upload streamed to the local-disk storage (a temporary DATA_DIR of this
 * file), download, refusals that leave nothing behind, and who may do what.
 */

const MAX_UPLOAD_BYTES = 64 * 1024;

function pdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
}

/** A Windows executable's start (MZ header and PE signature). */
function exe(): Buffer {
  const bytes = Buffer.alloc(1024);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

describe('documents API', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let dataDir: string;
  let spaceId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'passerelle-documents-'));
    hub = await startTestApi({ REDIS_URL: undefined, DATA_DIR: dataDir, MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
    world = await buildWorld(hub);
    // Pupils' uploads published at once (holding them is moderation-and-limits.e2e-spec.ts).
    spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
  });
  afterAll(async () => {
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function download(cookie: string | null, documentId: string) {
    const req = request(hub.url).get(`/documents/${documentId}/content`).buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    if (cookie) req.set('Cookie', cookie);
    return req;
  }

  async function documentRows(space: string): Promise<number> {
    return Number((await one<{ n: string }>(hub, `SELECT count(*)::text AS n FROM document WHERE space_id = $1`, [space])).n);
  }

  it('round-trips a pupil\'s upload byte for byte, typed from its content, with a safe attachment name', async () => {
    const content = png(40_000);
    const res = await uploadTo(hub, world.pupil.cookie, spaceId, content, '../Mon dessin d\'été\u202E.png');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ spaceId, name: "Mon dessin d'été.png", mediaType: 'image/png', sizeBytes: 40_000, version: 1 });

    const got = await download(world.parent.cookie, res.body.id);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body as Buffer, content)).toBe(0);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="Mon dessin d'ete.png"; filename*=UTF-8''Mon%20dessin%20d%27%C3%A9t%C3%A9.png`);

    const listed = ok(await hub.gql<{ space: { documents: { edges: { node: { id: string; name: string; contentUrl: string } }[] } } }>(
      `query($id: ID!) { space(id: $id) { documents(first: 10) { edges { node { id name contentUrl } } } } }`, { id: spaceId }, world.guestPupil.cookie));
    expect(listed.space.documents.edges.map((edge) => edge.node)).toContainEqual(
      { id: res.body.id, name: "Mon dessin d'été.png", contentUrl: `/documents/${res.body.id}/content` });
  });

  it('adds a new version of a document, served in place of the first', async () => {
    const first = await uploadTo(hub, world.teacher.cookie, spaceId, pdf(), 'consignes.pdf');
    expect(first.status).toBe(201);
    const second = png(2_000);
    const res = await request(hub.url).post(`/spaces/${spaceId}/documents?documentId=${first.body.id}`).set('Origin', hub.url).set('Cookie', world.teacher.cookie)
      .attach('file', second, { filename: 'consignes.png' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: first.body.id, version: 2, mediaType: 'image/png' });
    expect(Buffer.compare((await download(world.pupil.cookie, first.body.id)).body as Buffer, second)).toBe(0);
  });

  it('files documents in folders that nest, and refuses a folder of another space', async () => {
    const CREATE = `mutation($spaceId: ID!, $name: String!, $parentId: ID) {
      createDocumentFolder(spaceId: $spaceId, name: $name, parentId: $parentId) { id parentId name } }`;
    const top = ok(await hub.gql<{ createDocumentFolder: { id: string } }>(CREATE, { spaceId, name: 'Sortie au collège' }, world.teacher.cookie))
      .createDocumentFolder;
    // A control character typed into a name is refused (control-characters.e2e-spec.ts); spaces around are trimmed.
    const bell = await hub.gql(CREATE, { spaceId, name: ' Photos\u0007 ', parentId: top.id }, world.pupil.cookie);
    expect(bell.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['name'] });
    const sub = ok(await hub.gql<{ createDocumentFolder: { id: string; parentId: string; name: string } }>(CREATE,
      { spaceId, name: ' Photos ', parentId: top.id }, world.pupil.cookie)).createDocumentFolder;
    expect(sub).toMatchObject({ parentId: top.id, name: 'Photos' });
    const again = await hub.gql(CREATE, { spaceId, name: 'photos', parentId: top.id }, world.teacher.cookie);
    expect(again.errors?.[0]?.extensions?.code).toBe('DOCUMENT_FOLDER_EXISTS');

    const res = await request(hub.url).post(`/spaces/${spaceId}/documents?folderId=${sub.id}`).set('Origin', hub.url).set('Cookie', world.pupil.cookie)
      .attach('file', png(1_000), { filename: 'photo.png' });
    expect(res.status).toBe(201);
    expect(res.body.folderId).toBe(sub.id);

    const other = await sharedSpace(hub, world);
    const elsewhere = await request(hub.url).post(`/spaces/${other}/documents?folderId=${sub.id}`).set('Origin', hub.url).set('Cookie', world.teacher.cookie)
      .attach('file', png(1_000), { filename: 'photo.png' });
    expect(elsewhere.status).toBe(400);
  });

  it('refuses a file over the space\'s quota and stores nothing: no row, no file', async () => {
    const space = await sharedSpace(hub, world);
    await hub.dataSource.query(`INSERT INTO space_storage (space_id, quota_bytes) VALUES ($1, 10000)
      ON CONFLICT (space_id) DO UPDATE SET quota_bytes = 10000`, [space]);
    const before = await filesUnder(dataDir);
    const res = await uploadTo(hub, world.teacher.cookie, space, png(20_000), 'trop-gros.png');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('SPACE_QUOTA_EXCEEDED');
    expect(res.body.message).toMatch(/plein/);
    expect(await documentRows(space)).toBe(0);
    expect(await filesUnder(dataDir)).toEqual(before);
    expect((await one<{ used: string }>(hub, `SELECT used_bytes::text AS used FROM space_storage WHERE space_id = $1`, [space])).used).toBe('0');

    // What fits still goes in, and counts.
    expect((await uploadTo(hub, world.teacher.cookie, space, png(6_000), 'petit.png')).status).toBe(201);
    expect((await uploadTo(hub, world.teacher.cookie, space, png(6_000), 'encore.png')).body.code).toBe('SPACE_QUOTA_EXCEEDED');
    expect(await documentRows(space)).toBe(1);
  });

  it('holds the quota when two uploads race: one is stored, the other refused and removed', async () => {
    const space = await sharedSpace(hub, world);
    await hub.dataSource.query(`INSERT INTO space_storage (space_id, quota_bytes) VALUES ($1, 10000)`, [space]);
    const before = (await filesUnder(dataDir)).length;
    const results = await Promise.all([
      uploadTo(hub, world.teacher.cookie, space, png(6_000), 'a.png'), uploadTo(hub, world.pupil.cookie, space, png(6_000), 'b.png'),
    ]);
    expect(results.map((res) => res.status).sort()).toEqual([201, 413]);
    expect(await documentRows(space)).toBe(1);
    expect((await filesUnder(dataDir)).length).toBe(before + 1);
  });

  it('refuses a file over the size cap, with nothing stored', async () => {
    const before = await filesUnder(dataDir);
    const rows = await documentRows(spaceId);
    const res = await uploadTo(hub, world.teacher.cookie, spaceId, png(MAX_UPLOAD_BYTES + 10_000), 'grand.png');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('DOCUMENT_TOO_LARGE');
    expect(await documentRows(spaceId)).toBe(rows);
    expect(await filesUnder(dataDir)).toEqual(before);
  });

  it.each([
    ['an executable', exe(), 'jeu.exe'],
    ['an executable renamed .pdf', exe(), 'devoirs.pdf'],
    ['a script renamed .pdf', Buffer.from('#!/bin/sh\nrm -rf ~\n'), 'devoirs.pdf'],
    ['an HTML page renamed .png', Buffer.from('<html><script>alert(1)</script></html>'), 'image.png'],
  ])('refuses %s (type detected from the content), with nothing stored', async (_label, content, filename) => {
    const before = await filesUnder(dataDir);
    const rows = await documentRows(spaceId);
    const res = await uploadTo(hub, world.pupil.cookie, spaceId, content, filename);
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('DOCUMENT_TYPE_REFUSED');
    expect(await documentRows(spaceId)).toBe(rows);
    expect(await filesUnder(dataDir)).toEqual(before);
  });

  it('lets a reader (parent) download but not upload', async () => {
    const res = await uploadTo(hub, world.parent.cookie, spaceId, png(1_000), 'parent.png');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('answers a foreign space or document exactly like a missing one (404)', async () => {
    const own = await uploadTo(hub, world.teacher.cookie, spaceId, png(1_000), 'classe.png');
    const foreignUpload = await uploadTo(hub, world.otherTeacher.cookie, spaceId, png(1_000), 'intrus.png');
    const missingUpload = await uploadTo(hub, world.otherTeacher.cookie, '00000000-0000-4000-8000-000000000000', png(1_000), 'intrus.png');
    expect(foreignUpload.status).toBe(404);
    expect(foreignUpload.body).toEqual(missingUpload.body);
    for (const cookie of [world.otherTeacher.cookie, world.otherGuest.cookie]) {
      const foreign = await download(cookie, own.body.id);
      expect(foreign.status).toBe(404);
      expect(JSON.parse((foreign.body as Buffer).toString('utf8'))).toEqual(
        JSON.parse(((await download(cookie, '00000000-0000-4000-8000-000000000000')).body as Buffer).toString('utf8')));
    }
  });

  it('refuses anonymous callers (401)', async () => {
    const own = await uploadTo(hub, world.teacher.cookie, spaceId, png(1_000), 'classe.png');
    expect((await uploadTo(hub, null, spaceId, png(1_000), 'anonyme.png')).status).toBe(401);
    expect((await download(null, own.body.id)).status).toBe(401);
  });
});
