import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chat of spaces (messagerie instantanée): one channel per space, private messages between two members where
 * the space allows them (and between pupils of different schools only where it allows that too), tombstones for
 * removed messages. A trigger announces every new or changed message on the `chat_message` channel (ids only,
 * never the text) so that every API process can push it to its subscribers.
 * Must run on PostgreSQL 15 and on the embedded PGlite (PostgreSQL 18).
 */
export class Chat1765300000000 implements MigrationInterface {
  name = 'Chat1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE space ADD COLUMN cross_school_private_messages boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE chat_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL CONSTRAINT chat_message_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        author_kind text NOT NULL CONSTRAINT chat_message_author_kind_known CHECK (author_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST')),
        author_id uuid NOT NULL,
        recipient_kind text CONSTRAINT chat_message_recipient_kind_known CHECK (recipient_kind IN ('PERSON', 'GUEST')),
        recipient_id uuid,
        text varchar(1000) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        removed_at timestamptz,
        removed_by_kind text CONSTRAINT chat_message_removed_by_kind_known CHECK (removed_by_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST')),
        removed_by_id uuid,
        removal_reason varchar(500),
        CONSTRAINT chat_message_recipient_complete CHECK ((recipient_kind IS NULL) = (recipient_id IS NULL)),
        CONSTRAINT chat_message_not_to_self CHECK (recipient_id IS NULL OR recipient_id <> author_id),
        CONSTRAINT chat_message_text_length CHECK (removed_at IS NOT NULL OR length(btrim(text)) > 0),
        CONSTRAINT chat_message_removed_is_blank CHECK (removed_at IS NULL OR text = ''),
        CONSTRAINT chat_message_removal_complete CHECK (
          (removed_at IS NULL) = (removed_by_kind IS NULL) AND (removed_at IS NULL) = (removed_by_id IS NULL))
      )`);
    // The channel (public messages), newest first; a member's private conversations.
    await q.query(`CREATE INDEX chat_message_channel_idx ON chat_message (space_id, created_at, id) WHERE recipient_id IS NULL`);
    await q.query(`CREATE INDEX chat_message_private_author_idx ON chat_message (space_id, author_id, created_at) WHERE recipient_id IS NOT NULL`);
    await q.query(`CREATE INDEX chat_message_private_recipient_idx ON chat_message (space_id, recipient_id, created_at) WHERE recipient_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION chat_message_announce() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('chat_message', json_build_object('id', NEW.id, 'spaceId', NEW.space_id)::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER chat_message_announce AFTER INSERT OR UPDATE ON chat_message
      FOR EACH ROW EXECUTE FUNCTION chat_message_announce()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS chat_message_announce ON chat_message`);
    await q.query(`DROP FUNCTION IF EXISTS chat_message_announce()`);
    await q.query(`DROP TABLE IF EXISTS chat_message`);
    await q.query(`ALTER TABLE space DROP COLUMN IF EXISTS cross_school_private_messages`);
  }
}
