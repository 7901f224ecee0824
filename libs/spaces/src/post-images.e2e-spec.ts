import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import type { TestApi } from '../../../test/harness';
import { waitFor } from '../../../test/processes';
import { filesUnder, startHubWithFiles } from '../test/files';
import { buildWorld, codeOf, CREATE_COMMENT, CREATE_POST, MODERATE_POST, ok, one, sharedSpace, SpaceWorld } from '../test/fixtures';

/**
 * Images in posts (ADR 0022) through the real API: only a document of the post's own space that is an image, by the
 * hub's own address, with an alt text; thumbnails (`?taille=vignette`) made once with sharp, without EXIF or GPS, under
 * the document route's own access rules; a pupil's held upload shown in their held post is approved with it.
 */

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/** A real JPEG photo, as a phone writes it: camera make and a GPS position in its EXIF. */
async function photoWithGps(width = 1600, height = 1200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3a7d44' } }).jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: 'Passerelle-Cam', Model: 'Photo de classe' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
    }).toBuffer();
}

function pdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
}

describe('images in posts', () => {
  let hub: TestApi;
  let world: SpaceWorld;
  let dataDir: string;
  let files: Awaited<ReturnType<typeof startHubWithFiles>> | undefined;
  let spaceId: string;
  let otherSpaceId: string;
  let heldSpaceId: string;

  beforeAll(async () => {
    files = await startHubWithFiles('post-images', { MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
    ({ hub, dataDir } = files);
    world = await buildWorld(hub);
    spaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    otherSpaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: false });
    heldSpaceId = await sharedSpace(hub, world, { pupilPostsNeedApproval: true });
  });
  afterAll(async () => {
    await files?.close();
  });

  async function upload(cookie: string, space: string, content: Buffer, filename: string): Promise<{ id: string; status: string }> {
    const res = await request(hub.url).post(`/spaces/${space}/documents`).set('Origin', hub.url).set('Cookie', cookie)
      .attach('file', content, { filename, contentType: 'application/octet-stream' });
    expect(res.status).toBe(201);
    return res.body;
  }

  function get(cookie: string | null, path: string, headers: Record<string, string> = {}) {
    const req = request(hub.url).get(path).buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
    if (cookie) req.set('Cookie', cookie);
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return req;
  }

  const thumbnail = (id: string) => `/documents/${id}/content?taille=vignette`;
  const post = (space: string, bodyHtml: string, cookie: string) =>
    hub.gql<{ createPost: { id: string; status: string; bodyHtml: string } }>(CREATE_POST, { input: { spaceId: space, bodyHtml } }, cookie);

  it('publishes a teacher\'s post with an image of the space, as the thumbnail linked to the full image', async () => {
    const photo = await upload(world.teacher.cookie, spaceId, await photoWithGps(), 'mare.jpg');
    const created = ok(await post(spaceId, `<p>Notre sortie</p><img src="/documents/${photo.id}/content" alt="La mare  de l'école">`,
      world.teacher.cookie)).createPost;
    expect(created.status).toBe('PUBLISHED');
    expect(created.bodyHtml).toBe(`<p>Notre sortie</p><a href="/documents/${photo.id}/content?apercu=1" rel="noopener noreferrer nofollow">`
      + `<img src="/documents/${photo.id}/content?taille=vignette" alt="La mare de l'école" /></a>`);
    const row = await one<{ bodyText: string }>(hub, `SELECT body_text AS "bodyText" FROM post WHERE id = $1`, [created.id]);
    expect(row.bodyText).toBe("Notre sortie\n[Image : La mare de l'école]");
  });

  it('serves a thumbnail at most 640 px wide, WebP, without EXIF or GPS, made once and kept next to the document', async () => {
    const original = await photoWithGps();
    expect((await sharp(original).metadata()).exif?.includes(Buffer.from('Passerelle-Cam'))).toBe(true);
    const photo = await upload(world.teacher.cookie, spaceId, original, 'photo.jpg');
    const before = (await filesUnder(join(dataDir, 'documents'))).length;

    const first = await get(world.pupil.cookie, thumbnail(photo.id));
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('image/webp');
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    expect(first.headers['content-disposition']).toBe(`inline; filename="photo-vignette.webp"; filename*=UTF-8''photo-vignette.webp`);
    expect(first.headers.etag).toMatch(/^"[0-9a-f]{64}-vignette-1"$/);
    const bytes = first.body as Buffer;
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 640, height: 480 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(bytes.includes(Buffer.from('Passerelle-Cam'))).toBe(false);
    expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
    expect((await filesUnder(join(dataDir, 'documents'))).length).toBe(before + 1);

    const again = await get(world.guestPupil.cookie, thumbnail(photo.id));
    expect(again.status).toBe(200);
    expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);
    expect((await filesUnder(join(dataDir, 'documents'))).length).toBe(before + 1);

    const unchanged = await get(world.parent.cookie, thumbnail(photo.id), { 'If-None-Match': first.headers.etag });
    expect(unchanged.status).toBe(304);
  });

  it('answers a non-member, a missing document and a non-image exactly alike (404), and an anonymous caller 401', async () => {
    const photo = await upload(world.teacher.cookie, spaceId, await photoWithGps(400, 300), 'petit.jpg');
    const missing = await get(world.otherTeacher.cookie, thumbnail('00000000-0000-4000-8000-000000000000'));
    const foreign = await get(world.otherTeacher.cookie, thumbnail(photo.id));
    expect(missing.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(JSON.parse(foreign.body.toString())).toEqual(JSON.parse(missing.body.toString()));
    expect((await get(null, thumbnail(photo.id))).status).toBe(401);
    const doc = await upload(world.teacher.cookie, spaceId, pdf(), 'consignes.pdf');
    expect((await get(world.pupil.cookie, thumbnail(doc.id))).status).toBe(404);
    const unknownSize = await get(world.pupil.cookie, `/documents/${photo.id}/content?taille=geante`);
    expect(unknownSize.status).toBe(400);
    expect(JSON.parse(unknownSize.body.toString())).toMatchObject({ code: 'BAD_USER_INPUT', field: ['taille'] });
  });

  it.each([
    ['an external host', (id: string) => `https://evil.example/documents/${id}/content`],
    ['data:', () => 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='],
    ['javascript:', () => 'javascript:alert(1)'],
    ['protocol-relative', (id: string) => `//evil.example/documents/${id}/content`],
    ['a path trick', (id: string) => `/documents/${id}/../../auth/session`],
    ['an encoded slash', (id: string) => `/documents/${id}%2Fcontent`],
    ['another route', (id: string) => `/spaces/${id}/documents`],
  ])('refuses an image whose address is %s (IMAGE_SOURCE_REFUSED), in French, « tu » to a pupil', async (_what, src) => {
    const photo = await upload(world.teacher.cookie, spaceId, await photoWithGps(200, 150), 'a.jpg');
    const result = await post(spaceId, `<p>Regarde</p><img src="${src(photo.id)}" alt="Un dessin">`, world.pupil.cookie);
    expect(codeOf(result)).toBe('IMAGE_SOURCE_REFUSED');
    expect(result.errors?.[0].extensions?.field).toEqual(['input', 'bodyHtml']);
    expect(result.errors?.[0].message).toBe('Une image doit être un document de cet espace : ajoute-la avec « Ajouter une image ».');
  });

  it('refuses an image without alt text, of another space, that is not an image, or that does not exist', async () => {
    const photo = await upload(world.teacher.cookie, spaceId, await photoWithGps(200, 150), 'b.jpg');
    const noAlt = await post(spaceId, `<img src="/documents/${photo.id}/content">`, world.teacher.cookie);
    expect(codeOf(noAlt)).toBe('IMAGE_ALT_REQUIRED');
    expect(noAlt.errors?.[0].message).toBe('Décrivez chaque image en quelques mots (texte de remplacement).');

    const elsewhere = await upload(world.teacher.cookie, otherSpaceId, await photoWithGps(200, 150), 'ailleurs.jpg');
    const foreign = await post(spaceId, `<img src="/documents/${elsewhere.id}/content" alt="Ailleurs">`, world.teacher.cookie);
    expect(codeOf(foreign)).toBe('IMAGE_NOT_FOUND');
    expect(foreign.errors?.[0].extensions?.field).toEqual(['input', 'bodyHtml']);

    const doc = await upload(world.teacher.cookie, spaceId, pdf(), 'fiche.pdf');
    const notImage = await post(spaceId, `<img src="/documents/${doc.id}/content" alt="La fiche">`, world.pupil.cookie);
    expect(codeOf(notImage)).toBe('IMAGE_NOT_AN_IMAGE');
    expect(notImage.errors?.[0].message).toBe("Ce document n'est pas une image : joins-le plutôt comme fichier.");

    const missing = await post(spaceId, `<img src="/documents/00000000-0000-4000-8000-000000000000/content" alt="x">`, world.teacher.cookie);
    expect(codeOf(missing)).toBe('IMAGE_NOT_FOUND');
    expect(Number((await one<{ n: string }>(hub, `SELECT count(*)::text AS n FROM post WHERE space_id = $1 AND body_html LIKE '%<img%'`,
      [spaceId])).n)).toBe(1);
  });

  it('checks an edited post the same way, and serves one stored thumbnail to a class asking at the same time', async () => {
    const created = ok(await post(spaceId, '<p>Avant</p>', world.teacher.cookie)).createPost;
    const elsewhere = await upload(world.teacher.cookie, otherSpaceId, await photoWithGps(200, 150), 'ailleurs.jpg');
    const edited = await hub.gql(`mutation($input: EditPostInput!) { editPost(input: $input) { id bodyHtml } }`,
      { input: { postId: created.id, bodyHtml: `<img src="/documents/${elsewhere.id}/content" alt="Ailleurs">` } }, world.teacher.cookie);
    expect(codeOf(edited)).toBe('IMAGE_NOT_FOUND');
    const bad = await hub.gql(`mutation($input: EditPostInput!) { editPost(input: $input) { id bodyHtml } }`,
      { input: { postId: created.id, bodyHtml: `<img src="https://evil.example/x.png" alt="x">` } }, world.teacher.cookie);
    expect(codeOf(bad)).toBe('IMAGE_SOURCE_REFUSED');

    const photo = await upload(world.teacher.cookie, spaceId, await photoWithGps(1200, 900), 'classe.jpg');
    const before = (await filesUnder(join(dataDir, 'documents'))).length;
    const answers = await Promise.all([world.pupil, world.pupil2, world.guestPupil, world.parent, world.teacher]
      .map((who) => get(who.cookie, thumbnail(photo.id))));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => (answer.body as Buffer).toString('base64'))).size).toBe(1);
    expect((await filesUnder(join(dataDir, 'documents'))).length).toBe(before + 1);
  });

  it('keeps images out of comments (dropped, as before)', async () => {
    const photo = await upload(world.teacher.cookie, spaceId, await photoWithGps(200, 150), 'c.jpg');
    const created = ok(await post(spaceId, '<p>Question</p>', world.teacher.cookie)).createPost;
    const comment = ok(await hub.gql<{ createComment: { bodyHtml: string } }>(CREATE_COMMENT, { input: {
      postId: created.id, bodyHtml: `<p>Réponse</p><img src="/documents/${photo.id}/content" alt="x">` } }, world.pupil.cookie)).createComment;
    expect(comment.bodyHtml).toBe('<p>Réponse</p>');
  });

  it('holds a pupil\'s post showing their held upload; nobody else sees the image until a moderator approves the post, which publishes both', async () => {
    const held = await upload(world.pupil.cookie, heldSpaceId, await photoWithGps(800, 600), 'mon-dessin.jpg');
    expect(held.status).toBe('PENDING');
    const created = ok(await post(heldSpaceId, `<img src="/documents/${held.id}/content" alt="Mon dessin">`, world.pupil.cookie)).createPost;
    expect(created.status).toBe('PENDING');

    expect((await get(world.pupil.cookie, thumbnail(held.id))).status).toBe(200);
    expect((await get(world.teacher.cookie, thumbnail(held.id))).status).toBe(200);
    expect((await get(world.pupil2.cookie, thumbnail(held.id))).status).toBe(404);
    expect((await get(world.guestPupil.cookie, thumbnail(held.id))).status).toBe(404);
    expect((await get(world.parent.cookie, thumbnail(held.id))).status).toBe(404);
    expect((await get(world.parent.cookie, `/documents/${held.id}/content`)).status).toBe(404);

    ok(await hub.gql(MODERATE_POST, { id: created.id, decision: 'APPROVE' }, world.teacher.cookie));
    const version = await one<{ status: string }>(hub, `SELECT status FROM document_version WHERE document_id = $1`, [held.id]);
    expect(version.status).toBe('PUBLISHED');
    expect((await get(world.pupil2.cookie, thumbnail(held.id))).status).toBe(200);
    expect((await get(world.parent.cookie, thumbnail(held.id))).status).toBe(200);
  });

  it('refuses a held upload in a post that would be published at once (IMAGE_PENDING), and rejecting a post leaves its image held', async () => {
    const held = await upload(world.pupil2.cookie, heldSpaceId, await photoWithGps(300, 200), 'tableau.jpg');
    const byTeacher = await post(heldSpaceId, `<img src="/documents/${held.id}/content" alt="Un tableau">`, world.teacher.cookie);
    expect(codeOf(byTeacher)).toBe('IMAGE_PENDING');
    // Another pupil does not see it: the same answer as a missing document.
    const byOther = await post(heldSpaceId, `<img src="/documents/${held.id}/content" alt="Un tableau">`, world.pupil.cookie);
    expect(codeOf(byOther)).toBe('IMAGE_NOT_FOUND');

    const created = ok(await post(heldSpaceId, `<img src="/documents/${held.id}/content" alt="Un tableau">`, world.pupil2.cookie)).createPost;
    ok(await hub.gql(MODERATE_POST, { id: created.id, decision: 'REJECT', reason: 'Ajoute une phrase.' }, world.teacher.cookie));
    const version = await one<{ status: string }>(hub, `SELECT status FROM document_version WHERE document_id = $1`, [held.id]);
    expect(version.status).toBe('PENDING');
    expect((await get(world.pupil.cookie, thumbnail(held.id))).status).toBe(404);
  });

  it('stops serving the image of a deleted document, and removes its thumbnail with it', async () => {
    const photo = await upload(world.teacher.cookie, spaceId, await photoWithGps(900, 600), 'supprime.jpg');
    ok(await post(spaceId, `<img src="/documents/${photo.id}/content" alt="Bientôt supprimée">`, world.teacher.cookie));
    expect((await get(world.pupil.cookie, thumbnail(photo.id))).status).toBe(200);
    const before = (await filesUnder(join(dataDir, 'documents'))).length;
    ok(await hub.gql(`mutation($id: ID!) { deleteDocument(id: $id) }`, { id: photo.id }, world.teacher.cookie));
    expect((await get(world.pupil.cookie, thumbnail(photo.id))).status).toBe(404);
    await waitFor('the original and its thumbnail removed', async () => (await filesUnder(join(dataDir, 'documents'))).length === before - 2);
  });

  it('refuses safely to shrink a decompression bomb (a huge image in a small file)', async () => {
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#ffffff' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(MAX_UPLOAD_BYTES);
    const doc = await upload(world.teacher.cookie, spaceId, bomb, 'bombe.png');
    const res = await get(world.pupil.cookie, thumbnail(doc.id));
    expect(res.status).toBe(409);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'IMAGE_UNREADABLE' });
  });
});
