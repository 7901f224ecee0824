import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startTestApi, TestApi } from '../../../test/harness';
import { RunningDemoIdentityProviders, startDemoIdentityProviders } from './demo-identity-providers.js';
import { DEMO_REFUSED_NOT_EMPTY, DemoSeeder } from './demo-seeder.js';
import { DEMO_CM2_PUPILS, DEMO_ECOLE, DEMO_JEAN_MOULIN, DEMO_SPACE, DEMO_VICTOR_HUGO } from './demo-world.js';

/**
 * The demo world written through the domain services into a fresh database (real PostgreSQL, jobs in-process from the
 * outbox), with the local identity providers running so that the partners are registered from their discovery document
 * and metadata.
 */
describe('demo seed', () => {
  let hub: TestApi;
  let db: DataSource;
  let providers: RunningDemoIdentityProviders;
  let stateDir: string;
  let seeded: Awaited<ReturnType<DemoSeeder['seed']>>;

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);

  beforeAll(async () => {
    hub = await startTestApi({ REDIS_URL: undefined });
    db = hub.dataSource;
    stateDir = mkdtempSync(join(tmpdir(), 'passerelle-demo-'));
    providers = await startDemoIdentityProviders({ publicUrl: hub.url, stateDir, ports: { home: 0, jeanMoulin: 0, victorHugo: 0 } });
    seeded = await DemoSeeder.of(hub.api.app).seed(providers.endpoints);
    await hub.drainOutbox();
  }, 120_000);

  afterAll(async () => {
    await providers?.stop();
    await hub?.close();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('writes the école with its CM2 A of 22 pupils, its teacher and its director, known by their home-ENT identity', async () => {
    expect(seeded.seeded).toBe(true);
    const [ecole] = await db.query(`SELECT id, name, type FROM structure WHERE uai = $1`, [DEMO_ECOLE.uai]);
    expect(ecole).toMatchObject({ name: 'École Jules Ferry', type: 'ECOLE' });
    expect(await count(`SELECT count(*) AS n FROM structure`)).toBe(1);
    const classes = await db.query(`SELECT id, level, label FROM school_class WHERE structure_id = $1`, [ecole.id]);
    expect(classes).toEqual([expect.objectContaining({ level: 'CM2', label: 'CM2 A' })]);
    const members = await db.query(
      `SELECT p.profiles, p.origin, p.external_issuer, p.external_subject FROM class_membership m JOIN person p ON p.id = m.person_id
       WHERE m.school_class_id = $1`, [classes[0].id]);
    expect(members.filter((m: { profiles: string[] }) => m.profiles.includes('National_ELV'))).toHaveLength(DEMO_CM2_PUPILS.length);
    expect(members.filter((m: { profiles: string[] }) => m.profiles.includes('National_ENS'))).toHaveLength(1);
    expect(members.every((m: { origin: string; external_issuer: string }) => m.origin === 'HOME'
      && m.external_issuer === providers.endpoints.home.issuer)).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM person WHERE 'National_DIR' = ANY(profiles) AND structure_id = $1`, [ecole.id])).toBe(1);
  });

  it('registers the home ENT (HOME) and the two collèges (PARTNER) from the running providers', async () => {
    const partners = await db.query(`SELECT slug, trust, protocol, oidc_settings, saml_settings, attribute_mapping FROM partner_ent ORDER BY created_at, id`);
    expect(partners.map((p: { slug: string; trust: string; protocol: string }) => [p.slug, p.trust, p.protocol])).toEqual([
      [DEMO_ECOLE.slug, 'HOME', 'OIDC'], [DEMO_JEAN_MOULIN.slug, 'PARTNER', 'OIDC'], [DEMO_VICTOR_HUGO.slug, 'PARTNER', 'SAML2'],
    ]);
    const [home, jeanMoulin, victorHugo] = partners;
    expect(home.oidc_settings).toMatchObject({ issuer: providers.endpoints.home.issuer, discovered: expect.objectContaining({ jwksUri: expect.any(String) }) });
    expect(jeanMoulin.oidc_settings).toMatchObject({ issuer: providers.endpoints.jeanMoulin.issuer, clientSecretBox: expect.any(String) });
    expect(JSON.stringify(jeanMoulin.oidc_settings)).not.toContain(providers.endpoints.jeanMoulin.clientSecret);
    expect(victorHugo.saml_settings).toMatchObject({ entityId: `${providers.urls.victorHugo}/metadata`, ssoUrl: `${providers.urls.victorHugo}/sso` });
    expect(victorHugo.saml_settings.signingCertificates).toHaveLength(1);
    expect(victorHugo.attribute_mapping).toMatchObject({ preset: 'ENT_CORE' });
  });

  it('activates one convention per collège with the estimated quotas, and provisions their guest pools to those quotas', async () => {
    const conventions = await db.query(
      `SELECT c.id, c.code, c.status, s.uai FROM convention c JOIN convention_partner_structure s ON s.convention_id = c.id ORDER BY c.code`);
    expect(conventions.map((c: { code: string; status: string; uai: string }) => [c.code, c.status, c.uai])).toEqual([
      ['defilecturejm', 'ACTIVE', DEMO_JEAN_MOULIN.uai], ['defilecturevh', 'ACTIVE', DEMO_VICTOR_HUGO.uai],
    ]);
    // 25 pupils + 10 % → 28, 2 teachers + 10 % → 3 (Jean Moulin); 24 pupils → 27, 2 teachers → 3 (Victor Hugo).
    const expected: Record<string, Record<string, number>> = {
      defilecturejm: { National_ELV: 28, National_ENS: 3 }, defilecturevh: { National_ELV: 27, National_ENS: 3 },
    };
    for (const convention of conventions) {
      const quotas = await db.query(`SELECT profile, quota FROM convention_profile_quota WHERE convention_id = $1 ORDER BY profile`, [convention.id]);
      expect(Object.fromEntries(quotas.map((q: { profile: string; quota: number }) => [q.profile, q.quota]))).toEqual(expected[convention.code]);
      const pools = await db.query(`SELECT profile, count(*)::int AS n FROM guest WHERE convention_id = $1 AND state = 'AVAILABLE' GROUP BY profile
        ORDER BY profile`, [convention.id]);
      expect(Object.fromEntries(pools.map((p: { profile: string; n: number }) => [p.profile, p.n]))).toEqual(expected[convention.code]);
    }
  });

  it('opens the shared space, covered by both conventions, with the class, posts, a document, an event and a homework', async () => {
    const [space] = await db.query(`SELECT id, title FROM space`);
    expect(space.title).toBe(DEMO_SPACE.title);
    expect(seeded.spaceId).toBe(space.id);
    expect(await count(`SELECT count(*) AS n FROM space_class WHERE space_id = $1`, [space.id])).toBe(1);
    const cohorts = await db.query(`SELECT convention_id FROM space_guest_cohort WHERE space_id = $1`, [space.id]);
    expect(cohorts.map((c: { convention_id: string }) => c.convention_id).sort()).toEqual([...seeded.conventionIds!].sort());
    expect(await count(`SELECT count(*) AS n FROM post WHERE space_id = $1 AND status = 'PUBLISHED'`, [space.id])).toBe(DEMO_SPACE.posts.length);
    const [document] = await db.query(`SELECT v.media_type, v.size_bytes FROM document d JOIN document_version v ON v.document_id = d.id
      WHERE d.space_id = $1`, [space.id]);
    expect(document).toMatchObject({ media_type: 'application/pdf' });
    expect(await count(`SELECT count(*) AS n FROM space_event WHERE space_id = $1`, [space.id])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM homework WHERE space_id = $1`, [space.id])).toBe(1);
  });

  it('refuses to seed a database that already has schools, and writes nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM person`);
    const again = await DemoSeeder.of(hub.api.app).seed(providers.endpoints);
    expect(again).toEqual({ seeded: false, reason: DEMO_REFUSED_NOT_EMPTY });
    expect(await count(`SELECT count(*) AS n FROM person`)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM structure`)).toBe(1);
  });
});
