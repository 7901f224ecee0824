import { randomBytes, randomInt } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { guestLogin } from './guest-pool.rules.js';

/*
 * Test factories for the guests library: plain SQL inserts into the tables that are the contract with the conventions
 * library, with unique codes, slugs and UAIs so that suites running in parallel on one database never collide.
 * Test code only (it ships in dist/ like the rest of src/, and nothing in the hub imports it).
 */

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const DAY = 86_400_000;

/** A random valid UAI (7 digits and the letter that number modulo 23 selects). */
export function randomUai(): string {
  const digits = String(randomInt(0, 10_000_000)).padStart(7, '0');
  return digits + LETTERS[Number(digits) % 23];
}

function hex(bytes = 4): string {
  return randomBytes(bytes).toString('hex');
}

/** `ELV` or `National_elv` → `National_ELV`. */
export function nationalCode(profile: string): string {
  const short = profile.replace(/^National_/i, '').toUpperCase();
  return `National_${short}`;
}

export interface GivenConventionOptions {
  /** Guests per profile: `{ ELV: 60, ENS: 4 }` (short or national codes). */
  readonly quota?: Readonly<Record<string, number>>;
  readonly status?: 'DRAFT' | 'ACTIVE' | 'SUSPENDED' | 'ENDED';
  readonly validFrom?: Date;
  readonly validUntil?: Date;
  readonly endedAt?: Date | null;
  readonly retentionDays?: number;
  readonly contributionFate?: 'KEEP_PSEUDONYMIZED' | 'ERASE';
  readonly poolRevision?: number;
  /** An existing partner; a new one by default. */
  readonly partnerId?: string;
  /** Partner schools covered; one random UAI by default. */
  readonly partnerUais?: readonly string[];
  /** Hosting structures (ids of `structure` rows); none by default. */
  readonly hostingStructureIds?: readonly string[];
}

export interface GivenConvention {
  readonly id: string;
  readonly code: string;
  readonly partnerId: string;
  /** The first partner school covered. */
  readonly uai: string;
  readonly version: number;
  readonly validUntil: Date;
}

export interface GivenGuestOptions {
  readonly conventionId: string;
  readonly profile?: string;
  readonly state?: 'AVAILABLE' | 'BOUND' | 'SUSPENDED' | 'DEPROVISIONED';
  readonly issuer?: string;
  readonly subject?: string;
  readonly displayName?: string;
  readonly seq?: number;
  /** The guest's school; the convention's first covered UAI by default (bound and suspended guests only). */
  readonly uai?: string;
  /** Why a SUSPENDED guest is: its convention by default. */
  readonly suspensionReason?: 'CONVENTION' | 'NOT_ADMITTED';
}

/** Factories bound to a data source (the test API's), or to a transaction's manager. */
export function given(db: DataSource | EntityManager) {
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => db.query(sql, params);

  return {
    /** A partner ENT (OIDC, settings left empty: nothing signs in through it in these tests). */
    async partner(): Promise<{ id: string; slug: string }> {
      const slug = `p-${hex()}`;
      const [row] = await q<{ id: string }>(
        `INSERT INTO partner_ent (slug, name, kind, protocol, oidc_settings) VALUES ($1, $2, 'COLLEGE', 'OIDC', '{"issuer": "https://ent.college.example", "clientId": "passerelle", "scopes": ["openid"], "allowedAlgorithms": ["RS256"], "endSessionEndpoint": null, "discovered": null, "clientSecretBox": null}'::jsonb) RETURNING id`,
        [slug, `Collège partenaire ${slug}`]);
      return { id: row.id, slug };
    },

    /** A convention (ACTIVE, in date, unless told otherwise) with its partner schools and quotas. */
    async convention(options: GivenConventionOptions = {}): Promise<GivenConvention> {
      const partnerId = options.partnerId ?? (await this.partner()).id;
      const code = `t${hex(5)}`;
      const status = options.status ?? 'ACTIVE';
      const validFrom = options.validFrom ?? new Date(Date.now() - 30 * DAY);
      const validUntil = options.validUntil ?? new Date(Date.now() + 300 * DAY);
      const endedAt = options.endedAt !== undefined ? options.endedAt : status === 'ENDED' ? new Date() : null;
      const [row] = await q<{ id: string; version: number }>(
        `INSERT INTO convention (code, title, partner_id, status, school_year, valid_from, valid_until, retention_days, contribution_fate,
                                 pool_revision, created_by_kind, created_by_id, activated_at, ended_at)
         VALUES ($1, $2, $3, $4, '2026-2027', $5, $6, $7, $8, $9, 'SYSTEM', gen_random_uuid(), CASE WHEN $4 <> 'DRAFT' THEN now() END, $10)
         RETURNING id, version`,
        [code, `Convention de test ${code}`, partnerId, status, validFrom, validUntil, options.retentionDays ?? 30,
          options.contributionFate ?? 'KEEP_PSEUDONYMIZED', options.poolRevision ?? 0, endedAt]);
      const uais = options.partnerUais ?? [randomUai()];
      for (const uai of uais) {
        await q(`INSERT INTO convention_partner_structure (convention_id, uai, name) VALUES ($1, $2, $3)`, [row.id, uai, `Collège ${uai}`]);
      }
      for (const [profile, quota] of Object.entries(options.quota ?? { ELV: 10 })) {
        await q(`INSERT INTO convention_profile_quota (convention_id, profile, quota) VALUES ($1, $2, $3)`,
          [row.id, nationalCode(profile), quota]);
      }
      for (const structureId of options.hostingStructureIds ?? []) {
        await q(`INSERT INTO convention_hosting_structure (convention_id, structure_id) VALUES ($1, $2)`, [row.id, structureId]);
      }
      return { id: row.id, code, partnerId, uai: uais[0], version: row.version, validUntil };
    },

    /** One guest (AVAILABLE by default; BOUND and SUSPENDED ones get an identity). */
    async guest(options: GivenGuestOptions): Promise<{ id: string; login: string; seq: number; subject: string | null }> {
      const profile = nationalCode(options.profile ?? 'ELV');
      const [{ code }] = await q<{ code: string }>(`SELECT code FROM convention WHERE id = $1`, [options.conventionId]);
      const [{ next }] = await q<{ next: number }>(
        `SELECT coalesce(max(seq), 0)::int + 1 AS next FROM guest WHERE convention_id = $1 AND profile = $2`, [options.conventionId, profile]);
      const seq = options.seq ?? next;
      const state = options.state ?? 'AVAILABLE';
      const identified = state === 'BOUND' || state === 'SUSPENDED';
      const subject = identified ? options.subject ?? `sub-${hex(8)}` : null;
      // A bound guest comes from a school its convention covers (the first one, unless told otherwise).
      const [row] = await q<{ id: string }>(
        `INSERT INTO guest (convention_id, profile, seq, login, state, issuer, subject, display_name, bound_at, suspended_at, deprovisioned_at,
                            suspension_reason, uai)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
                 CASE WHEN $13::boolean THEN coalesce($14::text, (SELECT min(uai) FROM convention_partner_structure WHERE convention_id = $1)) END)
         RETURNING id`,
        [options.conventionId, profile, seq, guestLogin(code, profile, seq), state,
          identified ? options.issuer ?? 'https://idp.test' : null, subject, identified ? options.displayName ?? 'Élève Test' : null,
          identified ? new Date() : null, state === 'SUSPENDED' ? new Date() : null, state === 'DEPROVISIONED' ? new Date() : null,
          state === 'SUSPENDED' ? options.suspensionReason ?? 'CONVENTION' : null, identified, options.uai ?? null]);
      return { id: row.id, login: guestLogin(code, profile, seq), seq, subject };
    },

    /** `count` AVAILABLE guests after the highest seq of the pool, in one statement (for claim tests). */
    async pool(conventionId: string, profile: string, count: number): Promise<void> {
      const national = nationalCode(profile);
      const [{ code }] = await q<{ code: string }>(`SELECT code FROM convention WHERE id = $1`, [conventionId]);
      await q(
        `INSERT INTO guest (convention_id, profile, seq, login)
         SELECT $1::uuid, $2::text, m + s, $3::text || (m + s)
         FROM (SELECT coalesce(max(seq), 0) AS m FROM guest WHERE convention_id = $1 AND profile = $2) AS top, generate_series(1, $4::int) AS s`,
        [conventionId, national, guestLogin(code, national, 0).slice(0, -1), count]);
    },

    /** A hosting school and its director (a person with National_DIR). */
    async hostingSchool(): Promise<{ structureId: string; directorId: string; uai: string }> {
      const uai = randomUai();
      const [structure] = await q<{ id: string }>(
        `INSERT INTO structure (uai, name, type) VALUES ($1, $2, 'ECOLE') ON CONFLICT (uai) DO UPDATE SET name = excluded.name RETURNING id`,
        [uai, `École ${uai}`]);
      const [director] = await q<{ id: string }>(
        `INSERT INTO person (display_name, profiles, origin, structure_id) VALUES ('Directrice Test', ARRAY['National_DIR', 'National_ENS'], 'HOME', $1)
         RETURNING id`, [structure.id]);
      return { structureId: structure.id, directorId: director.id, uai };
    },
  };
}
