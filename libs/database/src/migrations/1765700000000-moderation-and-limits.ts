import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A space's moderation covers everything a pupil publishes: comments and document versions get the status posts have
 * (PENDING, PUBLISHED, REJECTED with a reason the pupil reads), and their moderation decisions are recorded in
 * `content_moderation` (posts keep `post_moderation`). Existing rows are published; the hub's code always writes the
 * status (wall-rules.ts initialStatus), the default keeps the seeds and benchmarks that write rows directly working.
 *
 * `contribution_window` counts what each person published in a space during the current window (posts, comments,
 * uploads, mentions): the per-person limits are counted there, one row per (space, person, kind), updated under the
 * row's lock in the same transaction as the contribution, so that a refused contribution counts nothing.
 * Must run on PostgreSQL 15 and on the embedded PGlite (PostgreSQL 18).
 */
export class ModerationAndLimits1765700000000 implements MigrationInterface {
  name = 'ModerationAndLimits1765700000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['post_comment', 'document_version']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN status text NOT NULL DEFAULT 'PUBLISHED',
        ADD COLUMN moderation_reason varchar(500), ADD COLUMN moderated_at timestamptz`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_status_known CHECK (status IN ('PENDING', 'PUBLISHED', 'REJECTED'))`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_rejected_has_reason CHECK (status <> 'REJECTED' OR moderation_reason IS NOT NULL)`);
      await q.query(`CREATE INDEX ${table}_space_pending_idx ON ${table} (space_id, created_at) WHERE status = 'PENDING'`);
    }

    await q.query(`
      CREATE TABLE content_moderation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT content_moderation_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        comment_id uuid CONSTRAINT content_moderation_comment_id_fkey REFERENCES post_comment (id) ON DELETE CASCADE,
        document_version_id uuid CONSTRAINT content_moderation_document_version_id_fkey REFERENCES document_version (id) ON DELETE CASCADE,
        decision text NOT NULL CONSTRAINT content_moderation_decision_known CHECK (decision IN ('APPROVE', 'REJECT')),
        reason varchar(500),
        moderator_kind text NOT NULL CONSTRAINT content_moderation_moderator_kind_known CHECK (moderator_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST')),
        moderator_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT content_moderation_one_subject CHECK (num_nonnulls(comment_id, document_version_id) = 1),
        CONSTRAINT content_moderation_reject_has_reason CHECK (decision <> 'REJECT' OR reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX content_moderation_comment_idx ON content_moderation (comment_id) WHERE comment_id IS NOT NULL`);
    await q.query(`CREATE INDEX content_moderation_document_version_idx ON content_moderation (document_version_id) WHERE document_version_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE contribution_window (
        space_id uuid NOT NULL CONSTRAINT contribution_window_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        actor_kind text NOT NULL CONSTRAINT contribution_window_actor_kind_known CHECK (actor_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST')),
        actor_id uuid NOT NULL,
        kind text NOT NULL CONSTRAINT contribution_window_kind_known CHECK (kind IN ('POST', 'COMMENT', 'UPLOAD', 'MENTION')),
        window_start timestamptz NOT NULL,
        count integer NOT NULL CONSTRAINT contribution_window_count_positive CHECK (count >= 0),
        CONSTRAINT contribution_window_pkey PRIMARY KEY (space_id, actor_kind, actor_id, kind)
      )`);
    await q.query(`CREATE INDEX contribution_window_actor_idx ON contribution_window (actor_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contribution_window`);
    await q.query(`DROP TABLE content_moderation`);
    for (const table of ['post_comment', 'document_version']) {
      await q.query(`DROP INDEX ${table}_space_pending_idx`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN status, DROP COLUMN moderation_reason, DROP COLUMN moderated_at`);
    }
  }
}
