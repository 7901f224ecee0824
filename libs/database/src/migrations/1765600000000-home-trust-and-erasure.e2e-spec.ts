import { startTestApi, TestApi, unique } from '../../../../test/harness';
import { HomeTrustAndErasure1765600000000 } from './1765600000000-home-trust-and-erasure';

/**
 * The migration on existing data: a HOME partner that already signed people in serves their schools (nobody who
 * signs in today is refused tomorrow), one that never did serves none, a PARTNER none; home people start from their
 * last binding; the first daily sweep is written once.
 */
describe('migration 1765600000000: home-trust schools and home people last seen', () => {
  let hub: TestApi;
  beforeAll(async () => {
    hub = await startTestApi();
  });
  afterAll(() => hub?.close());

  it('gives existing HOME partners the schools of the people bound through them, and reverts cleanly', async () => {
    const runner = hub.dataSource.createQueryRunner();
    const migration = new HomeTrustAndErasure1765600000000();
    try {
      await migration.down(runner);
      const [school]: { id: string; uai: string }[] = await runner.query(
        `INSERT INTO structure (uai, name, type) VALUES ('0693456G', 'École Pasteur', 'ECOLE') ON CONFLICT (uai) DO UPDATE SET name = EXCLUDED.name
         RETURNING id, uai`);
      const saml = (entityId: string) => JSON.stringify({ entityId, ssoUrl: 'https://idp.example/sso', signingCertificates: [] });
      const partner = async (trust: string, entityId: string) => (await runner.query(
        `INSERT INTO partner_ent (slug, name, kind, protocol, trust, saml_settings) VALUES ($1, 'ENT', 'ECOLE', 'SAML2', $2, $3::jsonb) RETURNING id`,
        [unique('ent-'), trust, saml(entityId)]))[0].id as string;
      const used = await partner('HOME', 'https://ent-pasteur.example');
      const unused = await partner('HOME', 'https://ent-neuf.example');
      const guests = await partner('PARTNER', 'https://ent-college.example');
      const [bound]: { id: string; updated_at: Date }[] = await runner.query(
        `INSERT INTO person (display_name, profiles, origin, structure_id, external_issuer, external_subject, updated_at)
         VALUES ('Mme Roux', ARRAY['National_DIR'], 'HOME', $1, 'https://ent-pasteur.example', 'sub-1', '2026-03-02T08:00:00Z')
         RETURNING id, updated_at`, [school.id]);

      await migration.up(runner);

      const served: { id: string; served_uais: string[] }[] = await runner.query(
        `SELECT id, served_uais FROM partner_ent WHERE id = ANY($1)`, [[used, unused, guests]]);
      expect(Object.fromEntries(served.map((p) => [p.id, p.served_uais])))
        .toEqual({ [used]: [school.uai], [unused]: [], [guests]: [] });
      const [seen]: { last_seen_at: Date }[] = await runner.query(`SELECT last_seen_at FROM person WHERE id = $1`, [bound.id]);
      expect(seen.last_seen_at.toISOString()).toBe('2026-03-02T08:00:00.000Z');
      // One sweep for tomorrow: the migration's and the one each start writes share the job id (the outbox keeps one
      // row per id until it is handed over; BullMQ collapses a second hand-over on the id). With Redis, the relay may
      // already have handed the start's row over as a delayed job: count ids, whatever their hand-over state.
      const sweeps: { run_at: Date }[] = await runner.query(
        `SELECT DISTINCT ON (job_id) run_at FROM outbox_job WHERE name = 'home-people-erasure-sweep' AND run_at > now()`);
      expect(sweeps).toHaveLength(1);
      expect(sweeps[0].run_at.getUTCHours()).toBe(2);
      expect(sweeps[0].run_at.getTime()).toBeGreaterThan(Date.now());
      // The database refuses what the rules forbid: a value not shaped as an UAI, or served schools on a PARTNER.
      await expect(runner.query(`UPDATE partner_ent SET served_uais = ARRAY['693456g'] WHERE id = $1`, [used])).rejects.toThrow(/served_uais_format/);
      await expect(runner.query(`UPDATE partner_ent SET served_uais = ARRAY['0693456G'] WHERE id = $1`, [guests])).rejects.toThrow(/home_only/);
    } finally {
      await runner.release();
    }
  });
});
