import { Injectable, Logger } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { HandlesJob, jobRequest, JobHandler, JobPayloads, UnitOfWork } from '@passerelle/jobs';
import { profileShortName } from './guest-pool.rules.js';

/**
 * The convention was resumed: suspended guests become BOUND again when they have an identity, AVAILABLE otherwise.
 * Only while the convention is ACTIVE (a suspension that came after wins). Quotas may have changed during the
 * suspension, when provisioning skips: each profile's pool is provisioned again, in the same transaction (outbox).
 */
@Injectable()
@HandlesJob('convention-guests-resume')
export class ConventionGuestsResumeHandler implements JobHandler<'convention-guests-resume'> {
  private readonly logger = new Logger('ConventionGuestsResume');

  constructor(private readonly unitOfWork: UnitOfWork, private readonly audit: AuditService) {}

  async handle({ conventionId, revision }: JobPayloads['convention-guests-resume']): Promise<void> {
    await this.unitOfWork.run(async ({ manager, enqueue }) => {
      const [convention]: { status: string; pool_revision: number }[] = await manager.query(
        `SELECT status, pool_revision FROM convention WHERE id = $1 FOR SHARE`, [conventionId]);
      if (!convention || convention.status !== 'ACTIVE') {
        this.logger.log({ msg: 'resumption skipped: the convention is not active', conventionId, status: convention?.status });
        return;
      }
      const [{ bound, available }]: { bound: number; available: number }[] = await manager.query(
        `WITH changed AS (
           UPDATE guest SET state = CASE WHEN subject IS NOT NULL THEN 'BOUND' ELSE 'AVAILABLE' END, suspended_at = NULL
           WHERE convention_id = $1 AND state = 'SUSPENDED' RETURNING state)
         SELECT count(*) FILTER (WHERE state = 'BOUND')::int AS bound, count(*) FILTER (WHERE state = 'AVAILABLE')::int AS available
         FROM changed`, [conventionId]);
      if (bound + available === 0) return;
      await this.audit.record(manager, {
        actor: SYSTEM_ACTOR, action: 'guest.resumed', subject: { type: 'convention', id: conventionId }, conventionId,
        details: { bound, available, revision },
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
