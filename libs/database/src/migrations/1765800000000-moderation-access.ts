import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * « Accès de modération » (ADR 0019): hub administrators are no longer owners of every space; to read a space's
 * content they open a time-limited moderation access with a reason, which the space's owners see. One row per
 * opening, never changed afterwards (a trigger refuses UPDATE); it goes with its space. The administrator's name is
 * kept as it was, so that the journal stays readable if the account goes.
 * Must run on PostgreSQL 15 and on the embedded PGlite (PostgreSQL 18).
 */
export class ModerationAccess1765800000000 implements MigrationInterface {
  name = 'ModerationAccess1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE space_moderation_access (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT space_moderation_access_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        admin_id uuid NOT NULL,
        admin_name varchar(200) NOT NULL CONSTRAINT space_moderation_access_admin_name_given CHECK (length(btrim(admin_name)) > 0),
        reason varchar(500) NOT NULL CONSTRAINT space_moderation_access_reason_given CHECK (length(btrim(reason)) > 0),
        opened_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT space_moderation_access_window CHECK (expires_at > opened_at AND expires_at <= opened_at + interval '1 day')
      )`);
    // The administrator's open accesses (every request of theirs); a space's journal, newest first.
    await q.query(`CREATE INDEX space_moderation_access_admin_idx ON space_moderation_access (admin_id, expires_at)`);
    await q.query(`CREATE INDEX space_moderation_access_space_idx ON space_moderation_access (space_id, opened_at DESC, id)`);
    await q.query(`
      CREATE FUNCTION space_moderation_access_unchangeable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'space_moderation_access rows are never changed';
      END $$`);
    await q.query(`CREATE TRIGGER space_moderation_access_unchangeable BEFORE UPDATE ON space_moderation_access
      FOR EACH ROW EXECUTE FUNCTION space_moderation_access_unchangeable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS space_moderation_access_unchangeable ON space_moderation_access`);
    await q.query(`DROP FUNCTION IF EXISTS space_moderation_access_unchangeable()`);
    await q.query(`DROP TABLE IF EXISTS space_moderation_access`);
  }
}
