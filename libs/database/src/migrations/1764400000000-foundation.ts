import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation schema: directory (structures, classes, people), hub administrators, the stores that back
 * sessions, rate limits and replay caches when no Redis is configured, the job outbox and notifications.
 * Must run on PostgreSQL 15 and on the embedded PGlite (PostgreSQL 18).
 */
export class Foundation1764400000000 implements MigrationInterface {
  name = 'Foundation1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE structure (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        uai varchar(8) NOT NULL CONSTRAINT structure_uai_format CHECK (uai ~ '^[0-9]{7}[ABCDEFGHJKLMNPRSTUVWXYZ]$'),
        name varchar(200) NOT NULL CONSTRAINT structure_name_not_blank CHECK (length(btrim(name)) > 0),
        type text NOT NULL CONSTRAINT structure_type_known CHECK (type IN ('ECOLE', 'COLLEGE')),
        academie varchar(100),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT structure_uai_unique UNIQUE (uai)
      )`);
    await q.query(`CREATE INDEX structure_created_at_idx ON structure (created_at, id)`);
    await q.query(`
      CREATE TABLE school_class (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        structure_id uuid NOT NULL REFERENCES structure (id) ON DELETE RESTRICT,
        level text NOT NULL CONSTRAINT school_class_level_known
          CHECK (level IN ('PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2', 'SIXIEME', 'CINQUIEME', 'QUATRIEME', 'TROISIEME')),
        label varchar(100) NOT NULL CONSTRAINT school_class_label_not_blank CHECK (length(btrim(label)) > 0),
        school_year varchar(9) NOT NULL CONSTRAINT school_class_school_year_format
          CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$' AND substr(school_year, 6, 4)::int = substr(school_year, 1, 4)::int + 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT school_class_label_unique UNIQUE (structure_id, school_year, label)
      )`);
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        display_name varchar(200) NOT NULL CONSTRAINT person_display_name_not_blank CHECK (length(btrim(display_name)) > 0),
        profiles text[] NOT NULL CONSTRAINT person_profiles_known CHECK (
          cardinality(profiles) >= 1 AND profiles <@ ARRAY['National_ELV', 'National_ENS', 'National_DIR', 'National_TUT',
            'National_EVS', 'National_ETA', 'National_ACA', 'National_DOC', 'National_COL', 'National_PER']::text[]),
        origin text NOT NULL CONSTRAINT person_origin_known CHECK (origin IN ('HOME', 'PARTNER')),
        structure_id uuid REFERENCES structure (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX person_structure_idx ON person (structure_id)`);
    await q.query(`CREATE INDEX person_created_at_idx ON person (created_at, id)`);
    await q.query(`
      CREATE TABLE class_membership (
        school_class_id uuid NOT NULL REFERENCES school_class (id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (school_class_id, person_id)
      )`);
    await q.query(`CREATE INDEX class_membership_person_idx ON class_membership (person_id)`);

    await q.query(`
      CREATE TABLE hub_admin (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        login varchar(64) NOT NULL CONSTRAINT hub_admin_login_format CHECK (login ~ '^[a-z0-9._-]{3,64}$'),
        display_name varchar(200) NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz,
        CONSTRAINT hub_admin_login_unique UNIQUE (login)
      )`);

    // Embedded stores (used only when REDIS_URL is not set).
    await q.query(`
      CREATE TABLE session (
        id_hash char(64) PRIMARY KEY,
        principal_kind text NOT NULL CONSTRAINT session_principal_kind_known CHECK (principal_kind IN ('HUB_ADMIN', 'PERSON')),
        principal_id uuid NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        idle_expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX session_principal_idx ON session (principal_id)`);
    await q.query(`CREATE INDEX session_expiry_idx ON session (absolute_expires_at)`);
    await q.query(`
      CREATE TABLE rate_limit_counter (
        key text PRIMARY KEY,
        hits integer NOT NULL CONSTRAINT rate_limit_counter_hits_positive CHECK (hits > 0),
        window_ends_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE replay_entry (
        key text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE outbox_job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        queue text NOT NULL,
        name text NOT NULL,
        job_id text NOT NULL,
        payload jsonb NOT NULL,
        run_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_error text
      )`);
    // A job waiting in the outbox exists once: a second write of the same job id collapses into it.
    await q.query(`CREATE UNIQUE INDEX outbox_job_pending_job_id_unique ON outbox_job (job_id) WHERE dispatched_at IS NULL`);
    await q.query(`CREATE INDEX outbox_job_pending_idx ON outbox_job (run_at) WHERE dispatched_at IS NULL`);

    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_kind text NOT NULL CONSTRAINT notification_recipient_kind_known CHECK (recipient_kind IN ('HUB_ADMIN', 'PERSON')),
        recipient_id uuid NOT NULL,
        kind text NOT NULL,
        dedupe_key text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT notification_dedupe_unique UNIQUE (recipient_id, dedupe_key)
      )`);
    await q.query(`CREATE INDEX notification_recipient_idx ON notification (recipient_id, created_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notification', 'outbox_job', 'replay_entry', 'rate_limit_counter', 'session', 'hub_admin',
      'class_membership', 'person', 'school_class', 'structure']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
