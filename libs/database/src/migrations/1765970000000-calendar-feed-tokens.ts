import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secret agenda feeds (ADR 0023): one token per member (a home person or a guest) and space, kept as the SHA-256 of a
 * 256-bit random value, never in clear. A person or a guest deleted takes their tokens with them; so does a space.
 * `window_start` / `window_hits` throttle the fetches of each token (a fixed window, counted in the same row).
 */
export class CalendarFeedTokens1765970000000 implements MigrationInterface {
  name = 'CalendarFeedTokens1765970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feed_token (
        id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT calendar_feed_token_pkey PRIMARY KEY,
        space_id uuid NOT NULL CONSTRAINT calendar_feed_token_space_id_fkey REFERENCES space (id) ON DELETE CASCADE,
        person_id uuid CONSTRAINT calendar_feed_token_person_id_fkey REFERENCES person (id) ON DELETE CASCADE,
        guest_id uuid CONSTRAINT calendar_feed_token_guest_id_fkey REFERENCES guest (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL CONSTRAINT calendar_feed_token_hash_length CHECK (octet_length(token_hash) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        window_start timestamptz NOT NULL DEFAULT now(),
        window_hits integer NOT NULL DEFAULT 0 CONSTRAINT calendar_feed_token_window_hits_positive CHECK (window_hits >= 0),
        last_fetched_at timestamptz,
        CONSTRAINT calendar_feed_token_one_member CHECK ((person_id IS NULL) <> (guest_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX calendar_feed_token_hash_unique ON calendar_feed_token (token_hash)`);
    await q.query(`CREATE UNIQUE INDEX calendar_feed_token_person_unique ON calendar_feed_token (space_id, person_id) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX calendar_feed_token_guest_unique ON calendar_feed_token (space_id, guest_id) WHERE guest_id IS NOT NULL`);
    await q.query(`CREATE INDEX calendar_feed_token_person_idx ON calendar_feed_token (person_id) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE INDEX calendar_feed_token_guest_idx ON calendar_feed_token (guest_id) WHERE guest_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_feed_token`);
  }
}
