import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * French full-text search over the content of spaces (ADR 0013).
 *
 * - `unaccent` and a text search configuration `public.french_unaccent`: a copy of `french` where every word first
 *   loses its accents, then goes through the French Snowball stemmer, so that "ecole" finds "École".
 * - `public.search_vector(title, body)`: the document of one row, title weighted A and body B (ts_rank counts a word
 *   of a title more). IMMUTABLE, so that indexes may use it.
 * - One GIN expression index per searchable table, on exactly the expression the search query repeats
 *   (libs/search/src/search.repository.ts). Expression indexes rather than stored generated columns: TypeORM's
 *   schema reader fails on generated columns it did not create (it looks for their expression in a
 *   `typeorm_metadata` table), which would break `db:generate` and the entity-mapping tests; it ignores expression
 *   indexes. The price: ts_rank recomputes the vector of each row that matched.
 *
 * Must run on PostgreSQL 15 and on the embedded PGlite (PostgreSQL 18, unaccent loaded as a contrib extension).
 */
export class FullTextSearch1765200000000 implements MigrationInterface {
  name = 'FullTextSearch1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public`);
    await q.query(`CREATE TEXT SEARCH CONFIGURATION public.french_unaccent (COPY = pg_catalog.french)`);
    await q.query(`ALTER TEXT SEARCH CONFIGURATION public.french_unaccent
      ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH public.unaccent, pg_catalog.french_stem`);
    await q.query(`
      CREATE FUNCTION public.search_vector(title text, body text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(body, '')), 'B')
      $$`);
    await q.query(`CREATE INDEX post_search_idx ON post USING gin (public.search_vector(NULL, body_text))`);
    await q.query(`CREATE INDEX post_comment_search_idx ON post_comment USING gin (public.search_vector(NULL, body_text))`);
    await q.query(`CREATE INDEX announcement_search_idx ON announcement USING gin (public.search_vector(title, body_text))`);
    await q.query(`CREATE INDEX space_event_search_idx ON space_event USING gin (public.search_vector(title, description))`);
    await q.query(`CREATE INDEX homework_search_idx ON homework USING gin (public.search_vector(title, details_text))`);
    // File names: "sortie_au_musée.pdf" would be one "file" token; underscores, dots and slashes separate words there.
    await q.query(`CREATE INDEX document_search_idx ON document
      USING gin (public.search_vector(regexp_replace(name, '[_./]+', ' ', 'g'), NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['document_search_idx', 'homework_search_idx', 'space_event_search_idx', 'announcement_search_idx',
      'post_comment_search_idx', 'post_search_idx']) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS public.search_vector(text, text)`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION IF EXISTS public.french_unaccent`);
    await q.query(`DROP EXTENSION IF EXISTS unaccent`);
  }
}
