import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shared spaces: the spaces, the conventions that cover them, their members (whole classes, people with a role,
 * guest cohorts of a convention), the wall (posts with their revisions and moderation decisions, comments,
 * reactions, mentions), announcements, and per-person notification preferences. A trigger announces every new
 * notification on the `notification_added` channel so that API processes can push it to subscribers.
 *
 * Content rows carry their `space_id` (the tenant) and their author as (kind, id): names are never copied onto
 * content, they are resolved when read (a deprovisioned guest shows a pseudonym).
 * Must run on PostgreSQL 15 and on the embedded PGlite (PostgreSQL 18).
 */
export class Spaces1764900000000 implements MigrationInterface {
  name = 'Spaces1764900000000';

  async up(q: QueryRunner): Promise<void> {
    const actorKind = (column: string, constraint: string) =>
      `${column} text NOT NULL CONSTRAINT ${constraint} CHECK (${column} IN ('HUB_ADMIN', 'PERSON', 'GUEST'))`;

    await q.query(`
      CREATE TABLE space (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        structure_id uuid NOT NULL CONSTRAINT space_structure_id_fkey REFERENCES structure (id) ON DELETE RESTRICT,
        title varchar(200) NOT NULL CONSTRAINT space_title_not_blank CHECK (length(btrim(title)) > 0),
        description varchar(2000) NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'OPEN' CONSTRAINT space_status_known CHECK (status IN ('OPEN', 'ARCHIVED')),
        pupil_posts_need_approval boolean NOT NULL DEFAULT true,
        private_messages_allowed boolean NOT NULL DEFAULT false,
        parents_may_read boolean NOT NULL DEFAULT false,
        ${actorKind('created_by_kind', 'space_created_by_kind_known')},
        created_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz,
        CONSTRAINT space_archived_has_date CHECK ((status = 'ARCHIVED') = (archived_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX space_created_at_idx ON space (created_at, id)`);
    await q.query(`CREATE INDEX space_structure_idx ON space (structure_id, created_at, id)`);

    // The conventions that cover a space: only their guests may reach it, and only while the convention is in force.
    await q.query(`
      CREATE TABLE space_convention (
        space_id uuid NOT NULL CONSTRAINT space_convention_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        convention_id uuid NOT NULL CONSTRAINT space_convention_convention_id_fkey REFERENCES convention (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT space_convention_pkey PRIMARY KEY (space_id, convention_id)
      )`);
    await q.query(`CREATE INDEX space_convention_convention_idx ON space_convention (convention_id)`);

    // Whole classes: membership follows class_membership.
    await q.query(`
      CREATE TABLE space_class (
        space_id uuid NOT NULL CONSTRAINT space_class_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        school_class_id uuid NOT NULL CONSTRAINT space_class_school_class_id_fkey REFERENCES school_class (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT space_class_pkey PRIMARY KEY (space_id, school_class_id)
      )`);
    await q.query(`CREATE INDEX space_class_school_class_idx ON space_class (school_class_id)`);

    // Individual people, each with a role.
    await q.query(`
      CREATE TABLE space_person (
        space_id uuid NOT NULL CONSTRAINT space_person_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        person_id uuid NOT NULL CONSTRAINT space_person_person_id_fkey REFERENCES person (id) ON DELETE CASCADE,
        role text NOT NULL CONSTRAINT space_person_role_known CHECK (role IN ('OWNER', 'MODERATOR', 'CONTRIBUTOR', 'READER')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT space_person_pkey PRIMARY KEY (space_id, person_id)
      )`);
    await q.query(`CREATE INDEX space_person_person_idx ON space_person (person_id)`);

    // Guest cohorts: the BOUND guests of a convention, optionally of one partner class.
    await q.query(`
      CREATE TABLE space_guest_cohort (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT space_guest_cohort_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        convention_id uuid NOT NULL CONSTRAINT space_guest_cohort_convention_id_fkey REFERENCES convention (id) ON DELETE RESTRICT,
        class_code varchar(100) CONSTRAINT space_guest_cohort_class_code_not_blank CHECK (length(btrim(class_code)) > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX space_guest_cohort_whole_unique ON space_guest_cohort (space_id, convention_id) WHERE class_code IS NULL`);
    await q.query(`CREATE UNIQUE INDEX space_guest_cohort_class_unique ON space_guest_cohort (space_id, convention_id, class_code) WHERE class_code IS NOT NULL`);
    await q.query(`CREATE INDEX space_guest_cohort_convention_idx ON space_guest_cohort (convention_id)`);

    await q.query(`
      CREATE TABLE post (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT post_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        ${actorKind('author_kind', 'post_author_kind_known')},
        author_id uuid NOT NULL,
        body_html text NOT NULL CONSTRAINT post_body_html_length CHECK (length(body_html) <= 20000),
        body_text text NOT NULL,
        status text NOT NULL CONSTRAINT post_status_known CHECK (status IN ('PENDING', 'PUBLISHED', 'REJECTED')),
        moderation_reason varchar(500),
        moderated_at timestamptz,
        revision integer NOT NULL DEFAULT 1 CONSTRAINT post_revision_positive CHECK (revision >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz,
        CONSTRAINT post_rejected_has_reason CHECK (status <> 'REJECTED' OR moderation_reason IS NOT NULL),
        CONSTRAINT post_deleted_is_blank CHECK (deleted_at IS NULL OR (body_html = '' AND body_text = ''))
      )`);
    await q.query(`CREATE INDEX post_space_created_at_idx ON post (space_id, created_at, id)`);
    await q.query(`CREATE INDEX post_space_pending_idx ON post (space_id, created_at) WHERE status = 'PENDING'`);

    // What a post said before each edit or deletion (moderators read it).
    await q.query(`
      CREATE TABLE post_revision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        post_id uuid NOT NULL CONSTRAINT post_revision_post_id_fkey REFERENCES post (id) ON DELETE CASCADE,
        space_id uuid NOT NULL CONSTRAINT post_revision_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        revision integer NOT NULL,
        action text NOT NULL CONSTRAINT post_revision_action_known CHECK (action IN ('EDIT', 'DELETE')),
        body_html text NOT NULL,
        body_text text NOT NULL,
        ${actorKind('editor_kind', 'post_revision_editor_kind_known')},
        editor_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT post_revision_unique UNIQUE (post_id, revision)
      )`);

    await q.query(`
      CREATE TABLE post_moderation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        post_id uuid NOT NULL CONSTRAINT post_moderation_post_id_fkey REFERENCES post (id) ON DELETE CASCADE,
        space_id uuid NOT NULL CONSTRAINT post_moderation_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        decision text NOT NULL CONSTRAINT post_moderation_decision_known CHECK (decision IN ('APPROVE', 'REJECT')),
        reason varchar(500),
        ${actorKind('moderator_kind', 'post_moderation_moderator_kind_known')},
        moderator_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT post_moderation_reject_has_reason CHECK (decision <> 'REJECT' OR reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX post_moderation_post_idx ON post_moderation (post_id)`);

    await q.query(`
      CREATE TABLE post_comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT post_comment_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        post_id uuid NOT NULL CONSTRAINT post_comment_post_id_fkey REFERENCES post (id) ON DELETE CASCADE,
        ${actorKind('author_kind', 'post_comment_author_kind_known')},
        author_id uuid NOT NULL,
        body_html text NOT NULL CONSTRAINT post_comment_body_html_length CHECK (length(body_html) <= 20000),
        body_text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX post_comment_post_created_at_idx ON post_comment (post_id, created_at, id)`);

    await q.query(`
      CREATE TABLE post_reaction (
        post_id uuid NOT NULL CONSTRAINT post_reaction_post_id_fkey REFERENCES post (id) ON DELETE CASCADE,
        space_id uuid NOT NULL CONSTRAINT post_reaction_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        ${actorKind('reactor_kind', 'post_reaction_reactor_kind_known')},
        reactor_id uuid NOT NULL,
        emoji text NOT NULL CONSTRAINT post_reaction_emoji_known CHECK (emoji IN ('THUMBS_UP', 'CLAP', 'HEART', 'IDEA', 'SMILE', 'WOW')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT post_reaction_pkey PRIMARY KEY (post_id, reactor_kind, reactor_id, emoji)
      )`);

    // Who a post or comment mentions (members of its space, by id).
    await q.query(`
      CREATE TABLE mention (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT mention_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        subject_kind text NOT NULL CONSTRAINT mention_subject_kind_known CHECK (subject_kind IN ('POST', 'COMMENT')),
        subject_id uuid NOT NULL,
        mentioned_kind text NOT NULL CONSTRAINT mention_mentioned_kind_known CHECK (mentioned_kind IN ('PERSON', 'GUEST')),
        mentioned_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mention_unique UNIQUE (subject_id, mentioned_kind, mentioned_id)
      )`);

    await q.query(`
      CREATE TABLE announcement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT announcement_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        ${actorKind('author_kind', 'announcement_author_kind_known')},
        author_id uuid NOT NULL,
        title varchar(200) NOT NULL CONSTRAINT announcement_title_not_blank CHECK (length(btrim(title)) > 0),
        body_html text NOT NULL CONSTRAINT announcement_body_html_length CHECK (length(body_html) <= 20000),
        body_text text NOT NULL,
        pinned boolean NOT NULL DEFAULT false,
        display_from timestamptz,
        display_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT announcement_display_window_ordered CHECK (display_from IS NULL OR display_until IS NULL OR display_until > display_from)
      )`);
    await q.query(`CREATE INDEX announcement_space_created_at_idx ON announcement (space_id, created_at, id)`);

    await q.query(`
      CREATE TABLE notification_preference (
        ${actorKind('principal_kind', 'notification_preference_principal_kind_known')},
        principal_id uuid NOT NULL,
        kind text NOT NULL,
        enabled boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_preference_pkey PRIMARY KEY (principal_kind, principal_id, kind)
      )`);

    await q.query(`CREATE INDEX notification_unread_idx ON notification (recipient_id) WHERE read_at IS NULL`);
    // Every new notification is announced (at commit) to API processes that push it to subscribers.
    await q.query(`
      CREATE FUNCTION notification_announce() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('notification_added', json_build_object(
          'id', NEW.id, 'recipientKind', NEW.recipient_kind, 'recipientId', NEW.recipient_id)::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER notification_announce AFTER INSERT ON notification
      FOR EACH ROW EXECUTE FUNCTION notification_announce()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS notification_announce ON notification`);
    await q.query(`DROP FUNCTION IF EXISTS notification_announce()`);
    await q.query(`DROP INDEX IF EXISTS notification_unread_idx`);
    for (const table of ['notification_preference', 'announcement', 'mention', 'post_reaction', 'post_comment', 'post_moderation',
      'post_revision', 'post', 'space_guest_cohort', 'space_person', 'space_class', 'space_convention', 'space']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
