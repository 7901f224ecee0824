import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { Clock, guestSchoolAndProfileAdmitted } from '@passerelle/conventions';
import { HandlesJob, JobHandler, JobPayloads } from '@passerelle/jobs';
import { GuestSessionsPort, revokeSessionsOf } from './guest-sessions.port.js';

interface IdentifiedGuest {
  id: string; state: 'BOUND' | 'SUSPENDED'; suspension_reason: string | null; uai: string | null; profile: string;
}

/**
 * An amendment changed the schools (UAIs) or the profiles a convention admits (written in the amendment's transaction).
 * Against the convention as it stands now:
 * - a BOUND guest whose school is no longer covered, or whose profile no longer has a quota above 0, becomes SUSPENDED
 *   (reason NOT_ADMITTED), one audit event each, and every session of theirs is ended after the commit;
 * - a guest suspended for that reason whose school and profile are admitted again is BOUND again (one audit event
 *   each), or, while the convention itself is suspended, stays suspended with it (reason CONVENTION: resuming the
 *   convention brings it back).
 * Guests suspended with their convention are left to the convention's resumption (which checks admission too).
 * Access does not wait for this job: sign-in, session and every request apply the same rule to the current terms.
 * A re-run (after a crash or a failure during revocation) changes nothing and revokes again the sessions of every
 * guest of the convention suspended as not admitted.
 */
@Injectable()
@HandlesJob('convention-guests-admission')
export class ConventionGuestsAdmissionHandler implements JobHandler<'convention-guests-admission'> {
  private readonly logger = new Logger('ConventionGuestsAdmission');

  constructor(private readonly dataSource: DataSource, private readonly sessions: GuestSessionsPort,
    private readonly audit: AuditService, private readonly clock: Clock) {}

  async handle({ conventionId, version }: JobPayloads['convention-guests-admission']): Promise<void> {
    const toRevoke = await this.dataSource.transaction(async (manager) => {
      // FOR SHARE: the next amendment (FOR UPDATE) waits until this one is applied.
      const [convention]: { status: string; version: number; covered_uais: string[]; admitted_profiles: string[] }[] = await manager.query(
        `SELECT c.status, c.version,
                ARRAY(SELECT ps.uai::text FROM convention_partner_structure ps WHERE ps.convention_id = c.id) AS covered_uais,
                ARRAY(SELECT q.profile FROM convention_profile_quota q WHERE q.convention_id = c.id AND q.quota > 0) AS admitted_profiles
         FROM convention c WHERE c.id = $1 FOR SHARE`, [conventionId]);
      if (!convention || (convention.status !== 'ACTIVE' && convention.status !== 'SUSPENDED')) {
        this.logger.log({ msg: 'admission skipped: the convention is neither active nor suspended', conventionId, status: convention?.status });
        return null;
      }
      const terms = { coveredUais: convention.covered_uais, admittedProfiles: convention.admitted_profiles };
      const guests: IdentifiedGuest[] = await manager.query(
        `SELECT id, state, suspension_reason, uai, profile FROM guest
         WHERE convention_id = $1 AND subject IS NOT NULL AND (state = 'BOUND' OR (state = 'SUSPENDED' AND suspension_reason = 'NOT_ADMITTED'))
         ORDER BY seq FOR UPDATE`, [conventionId]);
      const dropped = guests.filter((guest) => guest.state === 'BOUND' && !guestSchoolAndProfileAdmitted(guest, terms));
      const readmitted = guests.filter((guest) => guest.state === 'SUSPENDED' && guestSchoolAndProfileAdmitted(guest, terms));
      const now = this.clock.now();
      if (dropped.length > 0) {
        await manager.query(
          `UPDATE guest SET state = 'SUSPENDED', suspension_reason = 'NOT_ADMITTED', suspended_at = $3
           WHERE convention_id = $1 AND id = ANY($2::uuid[]) AND state = 'BOUND'`, [conventionId, dropped.map((guest) => guest.id), now]);
      }
      const active = convention.status === 'ACTIVE';
      if (readmitted.length > 0) {
        await manager.query(active
          ? `UPDATE guest SET state = 'BOUND', suspension_reason = NULL, suspended_at = NULL
             WHERE convention_id = $1 AND id = ANY($2::uuid[]) AND state = 'SUSPENDED'`
          : `UPDATE guest SET suspension_reason = 'CONVENTION' WHERE convention_id = $1 AND id = ANY($2::uuid[]) AND state = 'SUSPENDED'`,
        [conventionId, readmitted.map((guest) => guest.id)]);
      }
      for (const guest of dropped) {
        const reason = guest.uai !== null && terms.coveredUais.includes(guest.uai) ? 'PROFILE_NOT_ALLOWED' : 'STRUCTURE_NOT_COVERED';
        await this.audit.record(manager, {
          actor: SYSTEM_ACTOR, action: 'guest.suspended', subject: { type: 'guest', id: guest.id }, conventionId, guestId: guest.id,
          details: { reason, profile: guest.profile, uai: guest.uai, conventionVersion: convention.version, amendmentVersion: version },
        });
      }
      for (const guest of readmitted) {
        await this.audit.record(manager, {
          actor: SYSTEM_ACTOR, action: active ? 'guest.resumed' : 'guest.readmitted', subject: { type: 'guest', id: guest.id }, conventionId,
          guestId: guest.id,
          details: { profile: guest.profile, uai: guest.uai, conventionVersion: convention.version, amendmentVersion: version,
            ...(active ? {} : { stillSuspendedWith: 'CONVENTION' }) },
        });
      }
      const suspended: { id: string }[] = await manager.query(
        `SELECT id FROM guest WHERE convention_id = $1 AND state = 'SUSPENDED' AND suspension_reason = 'NOT_ADMITTED'`, [conventionId]);
      this.logger.log({ msg: 'admission applied', conventionId, version, suspended: dropped.length, readmitted: readmitted.length });
      return suspended.map((row) => row.id);
    });
    if (!toRevoke || toRevoke.length === 0) return;
    const revoked = await revokeSessionsOf(this.sessions, toRevoke);
    this.logger.log({ msg: 'sessions of guests no longer admitted revoked', conventionId, guests: toRevoke.length, sessions: revoked });
  }
}
