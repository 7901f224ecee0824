import { join } from 'node:path';
import request from 'supertest';
import type { TestApi } from '../../../test/harness';
import { png, startHubWithFiles, uploadTo } from '../test/files';
import { buildWorld, codeOf, CREATE_SPACE, ok, sharedSpace, SpaceWorld } from '../test/fixtures';

/*
 * Issue 12, documents screen: the download of an older version (with the document's access checks; held and refused
 * versions for their uploader and the moderators only), the rename of a folder (its creator, owners, moderators), and the documents of a
 * folder page by page (cursor), whatever their number.
 */

function pdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

const VERSIONS = `query($id: ID!) { space(id: $id) { documents(first: 50) { edges { node { id versions { version status contentUrl } } } } } }`;
const RENAME_FOLDER = `mutation($id: ID!, $name: String!) { renameDocumentFolder(id: $id, name: $name) { id name parentId empty } }`;
const CREATE_FOLDER = `mutation($spaceId: ID!, $name: String!, $parentId: ID) { createDocumentFolder(spaceId: $spaceId, name: $name, parentId: $parentId) { id empty } }`;
const MODERATE = `mutation($id: ID!, $version: Int!, $decision: ModerationDecision!, $reason: String) {
  moderateDocument(id: $id, version: $version, decision: $decision, reason: $reason) { id } }`;
const PAGE = `query($id: ID!, $folderId: ID, $atRoot: Boolean, $after: String) { space(id: $id) {
  documentFolders { id name empty }
  documents(first: 50, folderId: $folderId, atRoot: $atRoot, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name folderId } } } } }`;

interface Versions { space: { documents: { edges: { node: { id: string; versions: { version: number; status: string; contentUrl: string | null }[] } }[] } } }
interface Page { space: { documentFolders: { id: string; name: string; empty: boolean }[];
  documents: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; name: string; folderId: string | null } }[] } } }

describe('documents: older versions, folder rename, pages of a folder', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let files: Awaited<ReturnType<typeof startHubWithFiles>> | undefined;
  let spaceId: string;
  let heldSpaceId: string;

  beforeAll(async () => {
    files = await startHubWithFiles('documents-versions');
    ({ hub } = files);
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    heldSpaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: true });
  });
  afterAll(async () => {
    await files?.close();
  });

  const get = (path: string, cookie?: string) => {
    const req = request(hub.url).get(path).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    return cookie ? req.set('Cookie', cookie) : req;
  };
  const versionsOf = async (space: string, id: string, cookie: string) =>
    ok(await hub.gql<Versions>(VERSIONS, { id: space }, cookie)).space.documents.edges.find((e) => e.node.id === id)?.node.versions;

  it('downloads an older version, as an attachment, to every member who reads the document', async () => {
    const first = await uploadTo(hub, world.teacher.cookie, spaceId, pdf('version un'), 'consignes.pdf');
    expect((await uploadTo(hub, world.teacher.cookie, spaceId, pdf('version deux'), 'consignes v2.pdf', `?documentId=${first.body.id}`)).status).toBe(201);
    const versions = await versionsOf(spaceId, first.body.id, world.pupil.cookie);
    expect(versions).toEqual([
      { version: 2, status: 'PUBLISHED', contentUrl: `/documents/${first.body.id}/versions/2/content` },
      { version: 1, status: 'PUBLISHED', contentUrl: `/documents/${first.body.id}/versions/1/content` },
    ]);
    for (const cookie of [world.pupil.cookie, world.guestPupil.cookie, world.parent.cookie, world.teacher.cookie]) {
      const old = await get(versions![1].contentUrl!, cookie);
      expect(old.status).toBe(200);
      expect((old.body as Buffer).equals(pdf('version un'))).toBe(true);
      expect(old.headers['content-type']).toBe('application/pdf');
      expect(old.headers['content-disposition']).toBe(`attachment; filename="consignes.pdf"; filename*=UTF-8''consignes.pdf`);
      expect(old.headers['x-content-type-options']).toBe('nosniff');
      expect(old.headers['content-security-policy']).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
      expect(old.headers['cache-control']).toBe('private, no-store');
    }
    expect(((await get(versions![0].contentUrl!, world.pupil.cookie)).body as Buffer).equals(pdf('version deux'))).toBe(true);
  });

  it('refuses a version to outsiders and anonymous callers, and unknown versions, as a missing document', async () => {
    const doc = await uploadTo(hub, world.teacher.cookie, spaceId, pdf('secret'), 'interne.pdf');
    const path = `/documents/${doc.body.id}/versions/1/content`;
    expect((await get(path, world.pupil.cookie)).status).toBe(200);
    const outsider = await get(path, world.otherTeacher.cookie);
    expect(outsider.status).toBe(404);
    expect((await get(path, world.otherGuest.cookie)).status).toBe(404);
    expect((await get(path)).status).toBe(401);
    for (const other of ['2', '0', '-1', 'abc', '1.5', '99999999999']) {
      const res = await get(`/documents/${doc.body.id}/versions/${other}/content`, world.teacher.cookie);
      expect([other, res.status]).toEqual([other, 404]);
    }
    expect((await get(`/documents/00000000-0000-4000-8000-000000000000/versions/1/content`, world.teacher.cookie)).status).toBe(404);
    const missing = await get(`/documents/00000000-0000-4000-8000-000000000000/versions/1/content`, world.otherTeacher.cookie);
    expect(JSON.parse(missing.body.toString())).toEqual(JSON.parse(outsider.body.toString()));
  });

  it('keeps held and refused versions from other pupils; their uploader and the moderators download them', async () => {
    const doc = await uploadTo(hub, world.teacher.cookie, heldSpaceId, png(900), 'affiche.png');
    const held = await uploadTo(hub, world.pupil.cookie, heldSpaceId, png(1_200), 'affiche-lea.png', `?documentId=${doc.body.id}`);
    expect(held.status).toBe(201);
    const heldPath = `/documents/${doc.body.id}/versions/2/content`;
    const mine = await versionsOf(heldSpaceId, doc.body.id, world.pupil.cookie);
    expect(mine).toEqual([
      { version: 2, status: 'PENDING', contentUrl: heldPath },
      { version: 1, status: 'PUBLISHED', contentUrl: `/documents/${doc.body.id}/versions/1/content` },
    ]);
    expect((await versionsOf(heldSpaceId, doc.body.id, world.pupil2.cookie))?.map((v) => v.version)).toEqual([1]);
    expect((await versionsOf(heldSpaceId, doc.body.id, world.teacher.cookie))?.[0]).toEqual(
      { version: 2, status: 'PENDING', contentUrl: heldPath });
    expect((await get(heldPath, world.pupil.cookie)).status).toBe(200);
    expect((await get(heldPath, world.pupil2.cookie)).status).toBe(404);
    expect((await get(heldPath, world.parent.cookie)).status).toBe(404);
    expect((await get(heldPath, world.teacher.cookie)).status).toBe(200);
    expect((await get(heldPath, world.guestTeacher.cookie)).status).toBe(200);

    // A second held version: the moderation queue links each held upload to its own bytes, not to the latest one.
    expect((await uploadTo(hub, world.pupil.cookie, heldSpaceId, png(1_300), 'affiche-lea-2.png', `?documentId=${doc.body.id}`)).status).toBe(201);
    const queue = ok(await hub.gql<{ space: { heldDocuments: { edges: { node: { documentId: string; version: number; contentUrl: string } }[] } } }>(
      `query($id: ID!) { space(id: $id) { heldDocuments(first: 10) { edges { node { documentId version contentUrl } } } } }`,
      { id: heldSpaceId }, world.teacher.cookie)).space.heldDocuments.edges.map((e) => e.node).filter((n) => n.documentId === doc.body.id);
    expect(queue).toEqual([
      { documentId: doc.body.id, version: 2, contentUrl: heldPath },
      { documentId: doc.body.id, version: 3, contentUrl: `/documents/${doc.body.id}/versions/3/content` },
    ]);
    const second = await get(heldPath, world.teacher.cookie);
    expect(second.headers['content-length']).toBe('1200');
    ok(await hub.gql(MODERATE, { id: doc.body.id, version: 3, decision: 'REJECT', reason: 'En double' }, world.teacher.cookie));
    ok(await hub.gql(MODERATE, { id: doc.body.id, version: 2, decision: 'REJECT', reason: 'Pas le bon fichier' }, world.teacher.cookie));
    expect((await versionsOf(heldSpaceId, doc.body.id, world.pupil.cookie))?.slice(0, 2)).toEqual([
      { version: 3, status: 'REJECTED', contentUrl: `/documents/${doc.body.id}/versions/3/content` }, { version: 2, status: 'REJECTED', contentUrl: heldPath }]);
    expect((await get(heldPath, world.pupil.cookie)).status).toBe(200);
    expect((await get(heldPath, world.pupil2.cookie)).status).toBe(404);
    expect((await get(heldPath, world.teacher.cookie)).status).toBe(200);
  });

  it('renames a folder for its creator, the owners and the moderators; refuses others, blank names and a sibling\'s name', async () => {
    const folder = ok(await hub.gql<{ createDocumentFolder: { id: string; empty: boolean } }>(CREATE_FOLDER, { spaceId, name: 'Dessins' },
      world.pupil.cookie)).createDocumentFolder;
    expect(folder.empty).toBe(true);
    ok(await hub.gql(CREATE_FOLDER, { spaceId, name: 'Poèmes' }, world.teacher.cookie));
    const renamed = ok(await hub.gql<{ renameDocumentFolder: { name: string; parentId: string | null; empty: boolean } }>(RENAME_FOLDER,
      { id: folder.id, name: '  Mes dessins  ' }, world.pupil.cookie)).renameDocumentFolder;
    expect(renamed).toEqual({ id: folder.id, name: 'Mes dessins', parentId: null, empty: true });
    expect(ok(await hub.gql<{ renameDocumentFolder: { name: string } }>(RENAME_FOLDER, { id: folder.id, name: 'Dessins de la classe' },
      world.teacher.cookie)).renameDocumentFolder.name).toBe('Dessins de la classe');
    expect(ok(await hub.gql<{ renameDocumentFolder: { name: string } }>(RENAME_FOLDER, { id: folder.id, name: 'Dessins CM2-6e' },
      world.guestTeacher.cookie)).renameDocumentFolder.name).toBe('Dessins CM2-6e');

    expect(codeOf(await hub.gql(RENAME_FOLDER, { id: folder.id, name: 'À moi' }, world.pupil2.cookie))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(RENAME_FOLDER, { id: folder.id, name: 'À moi' }, world.guestPupil.cookie))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(RENAME_FOLDER, { id: folder.id, name: 'À moi' }, world.parent.cookie))).toBe('FORBIDDEN');
    const outsider = await hub.gql(RENAME_FOLDER, { id: folder.id, name: 'À moi' }, world.otherTeacher.cookie);
    expect(codeOf(outsider)).toBe('NOT_FOUND');
    expect(outsider.errors?.[0]?.message).toBe("Ce dossier n'existe pas ou vous n'y avez pas accès.");
    expect(codeOf(await hub.gql(RENAME_FOLDER, { id: '00000000-0000-4000-8000-000000000000', name: 'x' }, world.teacher.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(RENAME_FOLDER, { id: folder.id, name: 'x' }))).toBe('UNAUTHENTICATED');
    const blank = await hub.gql(RENAME_FOLDER, { id: folder.id, name: '   ' }, world.teacher.cookie);
    expect(codeOf(blank)).toBe('BAD_USER_INPUT');
    expect(blank.errors?.[0]?.message).toBe('Donnez un nom au dossier.');
    const taken = await hub.gql(RENAME_FOLDER, { id: folder.id, name: 'poèmes' }, world.teacher.cookie);
    expect(codeOf(taken)).toBe('DOCUMENT_FOLDER_EXISTS');
    expect(taken.errors?.[0]?.message).toBe('Un dossier porte déjà ce nom ici.');
  });

  it('refuses a folder rename in an archived space', async () => {
    const space = await sharedSpace(hub, world);
    const folder = ok(await hub.gql<{ createDocumentFolder: { id: string } }>(CREATE_FOLDER, { spaceId: space, name: 'Avant' }, world.teacher.cookie))
      .createDocumentFolder;
    await hub.dataSource.query(`UPDATE space SET status = 'ARCHIVED', archived_at = now() WHERE id = $1`, [space]);
    expect(codeOf(await hub.gql(RENAME_FOLDER, { id: folder.id, name: 'Après' }, world.teacher.cookie))).toBe('SPACE_ARCHIVED');
  });

  it('pages the documents of one folder past 50, with a cursor, and keeps the root and other folders apart', async () => {
    const space = ok(await hub.gql<{ createSpace: { id: string } }>(CREATE_SPACE, { input: { structureId: world.schoolId, title: 'Photos de classe' } },
      world.teacher.cookie)).createSpace.id;
    const folder = ok(await hub.gql<{ createDocumentFolder: { id: string } }>(CREATE_FOLDER, { spaceId: space, name: 'Sortie' }, world.teacher.cookie))
      .createDocumentFolder.id;
    const other = ok(await hub.gql<{ createDocumentFolder: { id: string } }>(CREATE_FOLDER, { spaceId: space, name: 'Vide' }, world.teacher.cookie))
      .createDocumentFolder.id;
    for (let i = 1; i <= 55; i += 1) {
      expect((await uploadTo(hub, world.teacher.cookie, space, png(200), `photo-${i}.png`, `?folderId=${folder}`)).status).toBe(201);
    }
    expect((await uploadTo(hub, world.teacher.cookie, space, pdf('racine'), 'a-la-racine.pdf')).status).toBe(201);

    const first = ok(await hub.gql<Page>(PAGE, { id: space, folderId: folder }, world.teacher.cookie)).space;
    expect(first.documents.totalCount).toBe(55);
    expect(first.documents.edges).toHaveLength(50);
    expect(first.documents.pageInfo.hasNextPage).toBe(true);
    expect(first.documents.edges[0].node.name).toBe('photo-55.png');
    expect(first.documents.edges.every((e) => e.node.folderId === folder)).toBe(true);
    expect(first.documentFolders.map((f) => [f.name, f.empty])).toEqual([['Sortie', false], ['Vide', true]]);
    const second = ok(await hub.gql<Page>(PAGE, { id: space, folderId: folder, after: first.documents.pageInfo.endCursor }, world.teacher.cookie))
      .space.documents;
    expect(second.edges.map((e) => e.node.name)).toEqual(['photo-5.png', 'photo-4.png', 'photo-3.png', 'photo-2.png', 'photo-1.png']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const names = new Set([...first.documents.edges, ...second.edges].map((e) => e.node.name));
    expect(names.size).toBe(55);

    const root = ok(await hub.gql<Page>(PAGE, { id: space, atRoot: true }, world.teacher.cookie)).space.documents;
    expect(root.edges.map((e) => e.node.name)).toEqual(['a-la-racine.pdf']);
    expect(ok(await hub.gql<Page>(PAGE, { id: space, folderId: other }, world.teacher.cookie)).space.documents.edges).toEqual([]);
    expect(ok(await hub.gql<Page>(PAGE, { id: space }, world.teacher.cookie)).space.documents.totalCount).toBe(56);
    // A folder of another space is refused, not read.
    const foreignFolder = ok(await hub.gql<{ createDocumentFolder: { id: string } }>(CREATE_FOLDER, { spaceId, name: 'Ailleurs' }, world.teacher.cookie))
      .createDocumentFolder.id;
    expect(codeOf(await hub.gql(PAGE, { id: space, folderId: foreignFolder }, world.teacher.cookie))).toBe('BAD_USER_INPUT');
  });
});
