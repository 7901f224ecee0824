import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { normaliseUai, parseProfile, Profile } from '@passerelle/directory';
import { isUuid } from '@passerelle/graphql-kit';
import { AdmissionCandidate, decideAdmission } from './admission.js';
import { ConventionStatus } from './convention-status.js';

export interface AdmissionRequest {
  readonly partnerId: string;
  /** The person's school, as the partner sent it (normalised here). */
  readonly uai: string;
  /** National code (case-insensitive) or Profile. */
  readonly profile: Profile | string;
  /** The instant of the decision (Clock.now()). */
  readonly at: Date;
  /**
   * Lock the partner's convention rows FOR SHARE until the caller's transaction ends, so that a concurrent
   * suspension or end waits for the claim (and the claim sees the new state if it came first).
   */
  readonly lock?: boolean;
}

export interface AdmittingConvention {
  readonly convention: {
    readonly id: string;
    readonly code: string;
    readonly version: number;
    readonly status: ConventionStatus;
    readonly validFrom: Date;
    readonly validUntil: Date;
  };
  readonly profile: Profile;
  /** The profile's guest quota under that convention (> 0). */
  readonly quota: number;
}

interface CandidateRow {
  id: string; code: string; version: number; status: ConventionStatus; valid_from: Date; valid_until: Date; created_at: Date;
  covers_uai: boolean; quota: number | null;
}

/**
 * Read API of conventions for the guests and federation libraries. Runs with the caller's manager (inside its
 * transaction). Signatures are stable.
 */
@Injectable()
export class ConventionsQueries {
  /**
   * The ACTIVE, in-date convention with this partner that covers the UAI and allows the profile (quota > 0),
   * or an AdmissionRefusedError coded NO_CONVENTION, STRUCTURE_NOT_COVERED, PROFILE_NOT_ALLOWED or
   * CONVENTION_NOT_ACTIVE (checked in that order), with a French message.
   */
  async findAdmittingConvention(manager: EntityManager, request: AdmissionRequest): Promise<AdmittingConvention> {
    const uai = normaliseUai(request.uai ?? '');
    const profile = parseProfile(String(request.profile ?? ''));
    const rows: CandidateRow[] = isUuid(request.partnerId) ? await manager.query(
      `SELECT c.id, c.code, c.version, c.status, c.valid_from, c.valid_until, c.created_at,
              EXISTS (SELECT 1 FROM convention_partner_structure ps WHERE ps.convention_id = c.id AND ps.uai = $2) AS covers_uai,
              (SELECT q.quota FROM convention_profile_quota q WHERE q.convention_id = c.id AND q.profile = $3) AS quota
       FROM convention c WHERE c.partner_id = $1
       ORDER BY c.created_at, c.id${request.lock ? ' FOR SHARE OF c' : ''}`,
      [request.partnerId, uai, profile ?? '']) : [];
    const candidates: AdmissionCandidate[] = rows.map((row) => ({
      id: row.id, code: row.code, version: row.version, status: row.status, validFrom: new Date(row.valid_from),
      validUntil: new Date(row.valid_until), createdAt: new Date(row.created_at), coversUai: row.covers_uai,
      quota: row.quota === null || row.quota === undefined ? null : Number(row.quota),
    }));
    const chosen = decideAdmission(candidates, { uai, profile: profile ?? String(request.profile), at: request.at });
    return {
      convention: {
        id: chosen.id, code: chosen.code, version: chosen.version, status: chosen.status,
        validFrom: chosen.validFrom, validUntil: chosen.validUntil,
      },
      profile: profile!,
      quota: chosen.quota,
    };
  }
}
