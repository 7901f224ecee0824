import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Home-ENT trust is bounded, and home people are erased like guests.
 * - `partner_ent.served_uais`: the schools (UAIs) a HOME partner signs people in for; empty for PARTNER partners (their
 *   schools are their conventions'). Existing HOME partners get the schools of the people already bound through them
 *   (same external issuer), so that nobody who signs in today is refused tomorrow; a HOME partner that never signed
 *   anybody in gets none, and signs nobody in until an administrator declares its schools (updatePartner).
 * - `person.last_seen_at`: set at each home-ENT sign-in; existing home-ENT people start from their last binding
 *   (`updated_at`, which each sign-in moved). Home people not seen for HOME_PEOPLE_RETENTION_DAYS after the end of the
 *   school year are erased by the 'home-person-erase' job, found by a daily sweep whose first run is written here.
 */
export class HomeTrustAndErasure1765600000000 implements MigrationInterface {
  name = 'HomeTrustAndErasure1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE partner_ent ADD COLUMN served_uais text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE partner_ent ADD CONSTRAINT partner_ent_served_uais_format
      CHECK (array_position(served_uais, NULL) IS NULL
        AND array_to_string(served_uais, ',') ~ '^([0-9]{7}[ABCDEFGHJKLMNPRSTUVWXYZ](,[0-9]{7}[ABCDEFGHJKLMNPRSTUVWXYZ])*)?$')`);
    await q.query(`ALTER TABLE partner_ent ADD CONSTRAINT partner_ent_served_uais_home_only
      CHECK (trust = 'HOME' OR cardinality(served_uais) = 0)`);
    await q.query(`
      UPDATE partner_ent p SET served_uais = coalesce((
        SELECT array_agg(DISTINCT s.uai ORDER BY s.uai)
        FROM person pe JOIN structure s ON s.id = pe.structure_id
        WHERE pe.origin = 'HOME' AND pe.external_issuer IS NOT NULL
          AND pe.external_issuer IN (p.saml_settings->>'entityId', p.oidc_settings->>'issuer')), '{}')
      WHERE p.trust = 'HOME'`);

    await q.query(`ALTER TABLE person ADD COLUMN last_seen_at timestamptz`);
    await q.query(`UPDATE person SET last_seen_at = updated_at WHERE origin = 'HOME' AND external_subject IS NOT NULL`);
    await q.query(`CREATE INDEX person_home_last_seen_idx ON person ((coalesce(last_seen_at, created_at))) WHERE origin = 'HOME'`);

    // The first daily sweep: tomorrow at 02:00 UTC (each sweep writes the next).
    await q.query(`
      INSERT INTO outbox_job (queue, name, job_id, payload, run_at)
      SELECT 'guests', 'home-people-erasure-sweep', 'home-people-erasure-sweep.' || to_char(d, 'YYYY-MM-DD'),
             jsonb_build_object('day', to_char(d, 'YYYY-MM-DD')), (d + interval '2 hours') AT TIME ZONE 'UTC'
      FROM (SELECT date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day' AS d) AS next
      ON CONFLICT (job_id) WHERE dispatched_at IS NULL DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM outbox_job WHERE name IN ('home-people-erasure-sweep', 'home-person-erase') AND dispatched_at IS NULL`);
    await q.query(`DROP INDEX IF EXISTS person_home_last_seen_idx`);
    await q.query(`ALTER TABLE person DROP COLUMN IF EXISTS last_seen_at`);
    await q.query(`ALTER TABLE partner_ent DROP CONSTRAINT IF EXISTS partner_ent_served_uais_home_only`);
    await q.query(`ALTER TABLE partner_ent DROP CONSTRAINT IF EXISTS partner_ent_served_uais_format`);
    await q.query(`ALTER TABLE partner_ent DROP COLUMN IF EXISTS served_uais`);
  }
}
