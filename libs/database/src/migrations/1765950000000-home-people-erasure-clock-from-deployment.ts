import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Home people known before the erasure rule start its clock now, not in the past.
 *
 * 1765600000000 (landed) gave existing home people `last_seen_at = updated_at` — the time of their last binding, often
 * last school year — and left people without an external identity at NULL, which the sweep reads as `created_at`.
 * Its first daily sweep therefore erased, with their contributions, people who had no way of knowing the rule: a
 * teacher or pupil who last signed in in June was "not seen since 1 September" the night the rule arrived.
 *
 * Which rows to raise. A backfilled value and one written by a sign-in since cannot be told apart by value (a sign-in
 * also sets `last_seen_at = updated_at = now()`), nor by the deployment time of 1765600000000 (not recorded anywhere
 * that lasts). They can be told apart by date for what matters: the sweep only erases people whose clock is before a
 * 1 September (homePeopleErasureCutoff), and a value anywhere inside the current school year is due on the same day as
 * one written today. So the rows raised are those whose clock (`coalesce(last_seen_at, created_at)`) is before
 * 1 September of the current school year: they are set to now(). Sign-ins recorded this school year — every sign-in
 * since 1765600000000, when both migrations run in the same school year — keep their value. If this one ran in a later
 * school year than 1765600000000, last year's real sign-ins are raised too: those people are kept one school year more
 * rather than erased without warning (the safe side). People erased already cannot be brought back; their erasure is
 * in the audit journal ('person.erased').
 *
 * After this, a raised row's `last_seen_at` means "the rule's clock started here" rather than a sign-in. Must run on
 * PostgreSQL 15 and on the embedded PGlite (no time zone database: Paris midnight on 1 September is written +02:00, as
 * homePeopleErasureCutoff does). Pending 'home-person-erase' jobs need nothing: each re-checks the clock before erasing.
 */
export class HomePeopleErasureClockFromDeployment1765950000000 implements MigrationInterface {
  name = 'HomePeopleErasureClockFromDeployment1765950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE person SET last_seen_at = now()
      WHERE origin = 'HOME'
        AND coalesce(last_seen_at, created_at) < (
          extract(year FROM (now() AT TIME ZONE 'UTC') - interval '8 months')::int || '-09-01T00:00:00+02:00')::timestamptz`);
  }

  async down(): Promise<void> {
    // The earlier clocks are not kept: going back leaves today's (later) clocks, which erase nobody early.
  }
}
