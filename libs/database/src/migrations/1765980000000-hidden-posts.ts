import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A space's moderators may hide a published post with a reason (issue 12): the post takes the status HIDDEN, which
 * every reader that shows members published posts already leaves out (the wall, search, notifications, the home page),
 * and keeps who hid it, when and why for its author and the moderators. Each hide and each « show again » is one more
 * row of `post_moderation` (decisions HIDE and UNHIDE; a hide says why, as a rejection does).
 * Must run on PostgreSQL 15 and on the embedded PGlite (PostgreSQL 18).
 */
export class HiddenPosts1765980000000 implements MigrationInterface {
  name = 'HiddenPosts1765980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE post ADD COLUMN hidden_reason varchar(500), ADD COLUMN hidden_at timestamptz,
      ADD COLUMN hidden_by_kind text, ADD COLUMN hidden_by_id uuid`);
    await q.query(`ALTER TABLE post DROP CONSTRAINT post_status_known`);
    await q.query(`ALTER TABLE post ADD CONSTRAINT post_status_known CHECK (status IN ('PENDING', 'PUBLISHED', 'REJECTED', 'HIDDEN'))`);
    await q.query(`ALTER TABLE post ADD CONSTRAINT post_hidden_has_reason CHECK (status <> 'HIDDEN'
      OR (hidden_reason IS NOT NULL AND hidden_at IS NOT NULL AND hidden_by_kind IS NOT NULL AND hidden_by_id IS NOT NULL))`);
    await q.query(`ALTER TABLE post_moderation DROP CONSTRAINT post_moderation_decision_known`);
    await q.query(`ALTER TABLE post_moderation ADD CONSTRAINT post_moderation_decision_known CHECK (decision IN ('APPROVE', 'REJECT', 'HIDE', 'UNHIDE'))`);
    await q.query(`ALTER TABLE post_moderation DROP CONSTRAINT post_moderation_reject_has_reason`);
    await q.query(`ALTER TABLE post_moderation ADD CONSTRAINT post_moderation_reject_has_reason CHECK (decision NOT IN ('REJECT', 'HIDE') OR reason IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE post SET status = 'PUBLISHED' WHERE status = 'HIDDEN'`);
    await q.query(`DELETE FROM post_moderation WHERE decision IN ('HIDE', 'UNHIDE')`);
    await q.query(`ALTER TABLE post_moderation DROP CONSTRAINT post_moderation_reject_has_reason`);
    await q.query(`ALTER TABLE post_moderation ADD CONSTRAINT post_moderation_reject_has_reason CHECK (decision <> 'REJECT' OR reason IS NOT NULL)`);
    await q.query(`ALTER TABLE post_moderation DROP CONSTRAINT post_moderation_decision_known`);
    await q.query(`ALTER TABLE post_moderation ADD CONSTRAINT post_moderation_decision_known CHECK (decision IN ('APPROVE', 'REJECT'))`);
    await q.query(`ALTER TABLE post DROP CONSTRAINT post_hidden_has_reason`);
    await q.query(`ALTER TABLE post DROP CONSTRAINT post_status_known`);
    await q.query(`ALTER TABLE post ADD CONSTRAINT post_status_known CHECK (status IN ('PENDING', 'PUBLISHED', 'REJECTED'))`);
    await q.query(`ALTER TABLE post DROP COLUMN hidden_reason, DROP COLUMN hidden_at, DROP COLUMN hidden_by_kind, DROP COLUMN hidden_by_id`);
  }
}
