import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents of a space (stockage et partage): a tree of folders per space, documents and their versions, and the
 * storage account of each space (quota and bytes used). A version's bytes live in the document storage under
 * `storage_key` (random, never derived from the name); the database keeps its size, SHA-256 and the type detected
 * from its content. `used_bytes` can never pass `quota_bytes`: the quota holds even when two uploads race.
 * Must run on PostgreSQL 15 and on the embedded PGlite (PostgreSQL 18).
 */
export class SpaceDocuments1765000000000 implements MigrationInterface {
  name = 'SpaceDocuments1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const actorKind = (column: string, constraint: string) =>
      `${column} text NOT NULL CONSTRAINT ${constraint} CHECK (${column} IN ('HUB_ADMIN', 'PERSON', 'GUEST'))`;

    await q.query(`
      CREATE TABLE space_storage (
        space_id uuid PRIMARY KEY CONSTRAINT space_storage_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        quota_bytes bigint NOT NULL DEFAULT 524288000 CONSTRAINT space_storage_quota_positive CHECK (quota_bytes >= 0),
        used_bytes bigint NOT NULL DEFAULT 0,
        CONSTRAINT space_storage_within_quota CHECK (used_bytes >= 0 AND used_bytes <= quota_bytes)
      )`);

    await q.query(`
      CREATE TABLE document_folder (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT document_folder_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        parent_id uuid CONSTRAINT document_folder_parent_id_fkey REFERENCES document_folder (id) ON DELETE CASCADE,
        name varchar(200) NOT NULL CONSTRAINT document_folder_name_not_blank CHECK (length(btrim(name)) > 0),
        ${actorKind('created_by_kind', 'document_folder_created_by_kind_known')},
        created_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT document_folder_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    await q.query(`CREATE UNIQUE INDEX document_folder_name_uq ON document_folder (space_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))`);

    await q.query(`
      CREATE TABLE document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT document_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        folder_id uuid CONSTRAINT document_folder_id_fkey REFERENCES document_folder (id) ON DELETE CASCADE,
        name varchar(200) NOT NULL CONSTRAINT document_name_not_blank CHECK (length(btrim(name)) > 0),
        current_version integer NOT NULL DEFAULT 1 CONSTRAINT document_current_version_positive CHECK (current_version >= 1),
        ${actorKind('created_by_kind', 'document_created_by_kind_known')},
        created_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX document_space_idx ON document (space_id, created_at, id)`);
    await q.query(`CREATE INDEX document_folder_idx ON document (folder_id)`);

    await q.query(`
      CREATE TABLE document_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL CONSTRAINT document_version_document_id_fkey REFERENCES document (id) ON DELETE CASCADE,
        space_id uuid NOT NULL CONSTRAINT document_version_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        version integer NOT NULL CONSTRAINT document_version_positive CHECK (version >= 1),
        storage_key varchar(100) NOT NULL CONSTRAINT document_version_storage_key_uq UNIQUE,
        original_name varchar(200) NOT NULL,
        media_type varchar(200) NOT NULL,
        extension varchar(10) NOT NULL,
        size_bytes bigint NOT NULL CONSTRAINT document_version_size_positive CHECK (size_bytes > 0),
        sha256 char(64) NOT NULL,
        ${actorKind('uploaded_by_kind', 'document_version_uploaded_by_kind_known')},
        uploaded_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT document_version_uq UNIQUE (document_id, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['document_version', 'document', 'document_folder', 'space_storage']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
