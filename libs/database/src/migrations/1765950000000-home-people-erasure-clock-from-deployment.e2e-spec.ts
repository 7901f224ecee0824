import { HomePeopleErasureSweepHandler } from '@passerelle/guests';
import { startTestApi, TestApi, unique } from '../../../../test/harness';
import { HomeTrustAndErasure1765600000000 } from './1765600000000-home-trust-and-erasure';
import { HomePeopleErasureClockFromDeployment1765950000000 } from './1765950000000-home-people-erasure-clock-from-deployment';

/**
 * Home people known before the erasure rule (1765600000000, backfilled from updated_at, or NULL read as created_at)
 * are not erased by the first sweeps after deployment: 1765950000000 starts their clock at its own run. A sign-in
 * recorded this school year keeps its value; PARTNER people are not touched.
 */
describe('migration 1765950000000: the erasure clock of people known before the rule starts at deployment', () => {
  let hub: TestApi;
  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
  });
  afterAll(() => hub?.close());

  it('keeps people who last signed in last school year, or never, out of the first sweep', async () => {
    const runner = hub.dataSource.createQueryRunner();
    try {
      // The database as it was before 1765600000000 landed, with people of the past.
      await new HomeTrustAndErasure1765600000000().down(runner);
      const [school]: { id: string }[] = await runner.query(
        `INSERT INTO structure (uai, name, type) VALUES ('0694567H', 'École Curie', 'ECOLE') ON CONFLICT (uai) DO UPDATE SET name = EXCLUDED.name
         RETURNING id`);
      const person = async (origin: string, subject: string | null, createdAt: string, updatedAt: string) => (await runner.query(
        `INSERT INTO person (display_name, profiles, origin, structure_id, external_issuer, external_subject, created_at, updated_at)
         VALUES ($1, ARRAY['National_ENS'], $2, $3, $4, $5, $6, $7) RETURNING id`,
        [unique('Personne '), origin, school.id, subject ? 'https://ent-curie.example' : null, subject, createdAt, updatedAt]))[0].id as string;
      // Signed in last in June (last school year), an import that never signed in, one created without identity.
      const june = await person('HOME', unique('sub-'), '2025-09-10T08:00:00Z', '2026-06-20T08:00:00Z');
      const imported = await person('HOME', unique('sub-'), '2025-08-25T08:00:00Z', '2025-08-25T08:00:00Z');
      const local = await person('HOME', null, '2024-10-01T08:00:00Z', '2024-10-01T08:00:00Z');
      const partner = await person('PARTNER', null, '2024-10-01T08:00:00Z', '2024-10-01T08:00:00Z');
      await new HomeTrustAndErasure1765600000000().up(runner);
      // Since the column exists, one of them signed in (a real value, set by HomePeopleService.bind).
      const signedIn = await person('HOME', unique('sub-'), '2025-09-10T08:00:00Z', '2026-06-20T08:00:00Z');
      await runner.query(`UPDATE person SET last_seen_at = now() - interval '3 days', updated_at = now() - interval '3 days' WHERE id = $1`, [signedIn]);
      const [{ real }]: { real: Date }[] = await runner.query(`SELECT last_seen_at AS real FROM person WHERE id = $1`, [signedIn]);

      await new HomePeopleErasureClockFromDeployment1765950000000().up(runner);

      const rows: { id: string; last_seen_at: Date | null; recent: boolean }[] = await runner.query(
        `SELECT id, last_seen_at, last_seen_at > now() - interval '1 minute' AS recent FROM person WHERE id = ANY($1)`,
        [[june, imported, local, partner, signedIn]]);
      const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
      expect([june, imported, local].map((id) => byId[id].recent)).toEqual([true, true, true]);
      expect(byId[signedIn].last_seen_at?.toISOString()).toBe(real.toISOString());
      expect(byId[partner].last_seen_at).toBeNull();

      // The sweep the rule's deployment wrote finds none of them.
      await hub.api.app.get(HomePeopleErasureSweepHandler).handle({ day: new Date().toISOString().slice(0, 10) });
      const due: { id: string }[] = await runner.query(
        `SELECT payload->>'personId' AS id FROM outbox_job WHERE name = 'home-person-erase' AND payload->>'personId' = ANY($1)`,
        [[june, imported, local, signedIn]]);
      expect(due).toEqual([]);
    } finally {
      await runner.release();
    }
  });
});
