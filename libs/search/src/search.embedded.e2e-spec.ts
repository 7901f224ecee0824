import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, EmbeddedPostgres, runMigrations, startEmbeddedPostgres } from '@passerelle/database';
import { grantScope } from '@passerelle/spaces';
import { highlightOnto, parseHeadline } from './highlight';
import { pageParameters, SEARCH_PAGE_SQL } from './search.repository';
import { ALL_KINDS } from './search-request';

/**
 * The embedded hub runs on PGlite (PostgreSQL 18 in WebAssembly, unaccent loaded as a contrib extension): the search
 * migration and the search statement itself must work there exactly as on PostgreSQL 15.
 */
describe('search on the embedded PostgreSQL (PGlite)', () => {
  let dir: string;
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-search-'));
    embedded = await startEmbeddedPostgres(dir);
    dataSource = new DataSource(dataSourceOptions({ url: embedded.url, entities: [], embedded: true }));
    await dataSource.initialize();
    await runMigrations(dataSource, { lock: false });
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds "École" for "ecole", other forms of a word, and a document by its file name, best first', async () => {
    const [{ id: structureId }] = await dataSource.query(`INSERT INTO structure (uai, name, type) VALUES ('0750002B', 'École', 'ECOLE') RETURNING id`);
    const [{ id: spaceId }] = await dataSource.query(`INSERT INTO space (structure_id, title, created_by_kind, created_by_id)
      VALUES ($1, 'Défi', 'HUB_ADMIN', gen_random_uuid()) RETURNING id`, [structureId]);
    const [{ id: postId }] = await dataSource.query(`INSERT INTO post (space_id, author_kind, author_id, body_html, body_text, status)
      VALUES ($1, 'HUB_ADMIN', gen_random_uuid(), '', 'L''École est fermée, les élèves chantaient', 'PUBLISHED') RETURNING id`, [spaceId]);
    const [{ id: documentId }] = await dataSource.query(`INSERT INTO document (space_id, name, created_by_kind, created_by_id)
      VALUES ($1, 'photos_ecole.jpg', 'HUB_ADMIN', gen_random_uuid()) RETURNING id`, [spaceId]);
    await dataSource.query(`INSERT INTO document_version (document_id, space_id, version, storage_key, original_name, media_type, extension,
      size_bytes, sha256, uploaded_by_kind, uploaded_by_id, status) VALUES ($1, $2, 1, gen_random_uuid()::text, 'photos_ecole.jpg', 'image/jpeg',
      'jpg', 10, repeat('0', 64), 'HUB_ADMIN', gen_random_uuid(), 'PUBLISHED')`, [documentId, spaceId]);
    const search = async (text: string) => (await dataSource.query(SEARCH_PAGE_SQL, pageParameters(
      [{ scope: grantScope(spaceId), mayModerate: false, mayAnnounce: false, homeworkClassIds: null }], { kind: 'PERSON', id: spaceId },
      { text, kinds: ALL_KINDS, now: new Date() }, 10, null))) as { id: string; title: string | null; titleHeadline: string | null; bodyHeadline: string | null }[];

    const found = await search('ecole');
    expect(found.map((row) => row.id)).toEqual([documentId, postId]);
    expect(parseHeadline(found[1].bodyHeadline!).html).toBe('L&#39;<mark>École</mark> est fermée, les élèves chantaient');
    expect(highlightOnto(found[0].title!, found[0].titleHeadline!).html).toBe('photos_<mark>ecole</mark>.jpg');
    expect((await search('élève chanter')).map((row) => row.id)).toEqual([postId]);
    expect(await search('-ecole')).toEqual([]);
  });
});
