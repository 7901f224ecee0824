import { AdmissionRefusalCode, GuestAdmissionFacts, guestAdmissionRefusal } from '@passerelle/conventions';

/*
 * A guest's admission facts (conventions' admission.ts decides), read in one statement wherever a guest's access is
 * decided: at a returning sign-in (GuestClaimService), at every request (SessionService.resolve, and the spaces'
 * per-request facts) and by the job that follows an amendment. One SQL for all of them, so that they cannot drift.
 */

/**
 * The columns of the facts, for a guest aliased `g` joined to its convention aliased `c`, each named `<prefix><name>`:
 * the guest's state, school and profile; the convention's partner, status and window, the UAIs it covers and the
 * profiles it admits (quota above 0), as they stand now (the current version).
 */
export function guestAdmissionColumns(prefix = ''): string {
  return `g.state AS ${prefix}state, g.uai AS ${prefix}uai, g.profile AS ${prefix}profile, c.partner_id AS ${prefix}partner_id,
      c.status AS ${prefix}status, c.valid_from AS ${prefix}valid_from, c.valid_until AS ${prefix}valid_until,
      ARRAY(SELECT ps.uai::text FROM convention_partner_structure ps WHERE ps.convention_id = c.id) AS ${prefix}covered_uais,
      ARRAY(SELECT q.profile FROM convention_profile_quota q WHERE q.convention_id = c.id AND q.quota > 0) AS ${prefix}admitted_profiles`;
}

/** The row `guestAdmissionColumns('')` reads. */
export interface GuestAdmissionRow {
  state: string; uai: string | null; profile: string; partner_id: string; status: string; valid_from: Date | string;
  valid_until: Date | string; covered_uais: string[] | null; admitted_profiles: string[] | null;
}

export function guestAdmissionFactsOf(row: GuestAdmissionRow): GuestAdmissionFacts {
  return {
    state: row.state, uai: row.uai, profile: row.profile,
    convention: {
      partnerId: row.partner_id, status: row.status, validFrom: new Date(row.valid_from), validUntil: new Date(row.valid_until),
      coveredUais: row.covered_uais ?? [], admittedProfiles: row.admitted_profiles ?? [],
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The admission facts of one guest (null when there is no such guest), in one indexed statement. */
export async function readGuestAdmission(db: { query(sql: string, params?: unknown[]): Promise<unknown> }, guestId: string)
  : Promise<GuestAdmissionFacts | null> {
  if (!UUID.test(guestId)) return null;
  const rows = await db.query(`SELECT ${guestAdmissionColumns()} FROM guest g JOIN convention c ON c.id = g.convention_id WHERE g.id = $1`,
    [guestId]) as GuestAdmissionRow[];
  return rows[0] ? guestAdmissionFactsOf(rows[0]) : null;
}

/**
 * Why this guest may not come in at `at`, or null when it may (the admission rule without the partner check: there is
 * no sign-in here); a guest that no longer exists is CONVENTION_NOT_ACTIVE.
 */
export async function guestRefusalNow(db: { query(sql: string, params?: unknown[]): Promise<unknown> }, guestId: string, at: Date)
  : Promise<AdmissionRefusalCode | null> {
  const facts = await readGuestAdmission(db, guestId);
  return facts ? guestAdmissionRefusal(facts, at) : 'CONVENTION_NOT_ACTIVE';
}

/** Whether this guest may come in now. */
export async function isGuestAdmitted(db: { query(sql: string, params?: unknown[]): Promise<unknown> }, guestId: string, at: Date): Promise<boolean> {
  return (await guestRefusalNow(db, guestId, at)) === null;
}
