import { Injectable, Logger } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { guestSchoolAndProfileAdmitted } from '@passerelle/conventions';
import { HandlesJob, jobRequest, JobHandler, JobPayloads, UnitOfWork } from '@passerelle/jobs';
import { profileShortName } from './guest-pool.rules.js';

/**
 * The convention was resumed: the guests suspended with it become BOUND again when they have an identity that the
 * convention still admits (school covered, profile with a quota above 0), AVAILABLE when they never had one. A guest
 * whose school or profile an amendment dropped meanwhile stays SUSPENDED, now for that reason (NOT_ADMITTED), and a
 * guest suspended for that reason before is not resumed here: restoring its school or profile does. Only while the
 * convention is ACTIVE (a suspension that came after wins). Quotas may have changed during the suspension, when
 * provisioning skips: each profile's pool is provisioned again, in the same transaction (outbox).
 */
@Injectable()
@HandlesJob('convention-guests-resume')
export class ConventionGuestsResumeHandler implements JobHandler<'convention-guests-resume'> {
  private readonly logger = new Logger('ConventionGuestsResume');

  constructor(private readonly unitOfWork: UnitOfWork, private readonly audit: AuditService) {}

  async handle({ conventionId, revision }: JobPayloads['convention-guests-resume']): Promise<void> {
    await this.unitOfWork.run(async ({ manager, enqueue }) => {
      const [convention]: { status: string; pool_revision: number; covered_uais: string[]; admitted_profiles: string[] }[] = await manager.query(
        `SELECT c.status, c.pool_revision,
                ARRAY(SELECT ps.uai::text FROM convention_partner_structure ps WHERE ps.convention_id = c.id) AS covered_uais,
                ARRAY(SELECT q.profile FROM convention_profile_quota q WHERE q.convention_id = c.id AND q.quota > 0) AS admitted_profiles
         FROM convention c WHERE c.id = $1 FOR SHARE`, [conventionId]);
      if (!convention || convention.status !== 'ACTIVE') {
        this.logger.log({ msg: 'resumption skipped: the convention is not active', conventionId, status: convention?.status });
        return;
      }
      const identified: { id: string; uai: string | null; profile: string }[] = await manager.query(
        `SELECT id, uai, profile FROM guest WHERE convention_id = $1 AND state = 'SUSPENDED' AND suspension_reason = 'CONVENTION'
           AND subject IS NOT NULL FOR UPDATE`, [conventionId]);
      const terms = { coveredUais: convention.covered_uais, admittedProfiles: convention.admitted_profiles };
      const notAdmitted = identified.filter((guest) => !guestSchoolAndProfileAdmitted(guest, terms)).map((guest) => guest.id);
      if (notAdmitted.length > 0) {
        await manager.query(`UPDATE guest SET suspension_reason = 'NOT_ADMITTED' WHERE convention_id = $1 AND id = ANY($2::uuid[])`,
          [conventionId, notAdmitted]);
      }
      const [{ bound, available }]: { bound: number; available: number }[] = await manager.query(
        `WITH changed AS (
           UPDATE guest SET state = CASE WHEN subject IS NOT NULL THEN 'BOUND' ELSE 'AVAILABLE' END, suspended_at = NULL, suspension_reason = NULL
           WHERE convention_id = $1 AND state = 'SUSPENDED' AND suspension_reason = 'CONVENTION' RETURNING state)
         SELECT count(*) FILTER (WHERE state = 'BOUND')::int AS bound, count(*) FILTER (WHERE state = 'AVAILABLE')::int AS available
         FROM changed`, [conventionId]);
      if (bound + available + notAdmitted.length === 0) return;
      await this.audit.record(manager, {
        actor: SYSTEM_ACTOR, action: 'guest.resumed', subject: { type: 'convention', id: conventionId }, conventionId,
        details: { bound, available, stillNotAdmitted: notAdmitted.length, revision },
      });
      const profiles: { profile: string }[] = await manager.query(
        `SELECT profile FROM convention_profile_quota WHERE convention_id = $1 ORDER BY profile`, [conventionId]);
      for (const { profile } of profiles) {
        await enqueue(jobRequest('guest-pool-provision', { conventionId, profile, revision: convention.pool_revision },
          [conventionId, profileShortName(profile), String(convention.pool_revision), 'resumed', String(revision)]));
      }
    });
  }
}
