import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { HandlesJob, JobHandler, JobPayloads } from '@passerelle/jobs';
import { guestLoginPrefix, nextPoolStep, PoolCounts, PROVISION_BATCH } from './guest-pool.rules.js';

type Outcome =
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'progressed'; readonly before: number }
  | { readonly kind: 'converged'; readonly before: number; readonly after: number };

/**
 * Brings one profile's guest pool of a convention to its quota. Each batch (at most 1,000 guests added or removed)
 * is its own transaction, under a lock of the convention row that serialises it with any other provisioning of
 * that convention, and starts by counting again: a crash loses at most the batch in flight, and the next run (the
 * queue retries) goes on from what is really there. The pool never ends with more or fewer guests than its quota,
 * except when more are bound than a lowered quota allows: bound and suspended guests are never removed.
 */
@Injectable()
@HandlesJob('guest-pool-provision')
export class GuestPoolProvisionHandler implements JobHandler<'guest-pool-provision'> {
  private readonly logger = new Logger('GuestPoolProvision');

  constructor(private readonly dataSource: DataSource, private readonly audit: AuditService) {}

  async handle({ conventionId, profile, revision }: JobPayloads['guest-pool-provision']): Promise<void> {
    let before: number | undefined;
    for (;;) {
      const outcome = await this.step(conventionId, profile, revision, before);
      if (outcome.kind === 'skipped') {
        this.logger.log({ msg: 'guest pool provisioning skipped', conventionId, profile, revision, reason: outcome.reason });
        return;
      }
      before ??= outcome.before;
      if (outcome.kind === 'converged') return;
    }
  }

  /** One transaction: lock, count, then add or remove one batch, or record that the pool has converged. */
  private step(conventionId: string, profile: string, revision: number, firstBefore: number | undefined): Promise<Outcome> {
    return this.dataSource.transaction(async (manager) => {
      const [convention]: { code: string; status: string; pool_revision: number }[] = await manager.query(
        `SELECT code, status, pool_revision FROM convention WHERE id = $1 FOR UPDATE`, [conventionId]);
      if (!convention) return { kind: 'skipped', reason: 'no such convention' };
      if (convention.status !== 'ACTIVE') return { kind: 'skipped', reason: `convention is ${convention.status}` };
      // An older job than the convention's pool revision: the job of the newer revision converges the pool.
      if (revision < convention.pool_revision) return { kind: 'skipped', reason: `revision ${revision} < ${convention.pool_revision}` };

      const [row]: { quota: number; live: number; available: number; max_seq: number }[] = await manager.query(
        `SELECT coalesce((SELECT quota FROM convention_profile_quota WHERE convention_id = $1 AND profile = $2), 0)::int AS quota,
                count(*) FILTER (WHERE state <> 'DEPROVISIONED')::int AS live,
                count(*) FILTER (WHERE state = 'AVAILABLE')::int AS available,
                coalesce(max(seq), 0)::int AS max_seq
         FROM guest WHERE convention_id = $1 AND profile = $2`, [conventionId, profile]);
      const counts: PoolCounts = { quota: row.quota, live: row.live, available: row.available, maxSeq: row.max_seq };
      const before = firstBefore ?? counts.live;
      const step = nextPoolStep(counts, PROVISION_BATCH);

      if (step.kind === 'grow') {
        // One multi-row INSERT; a seq already taken (a concurrent run that got the lock first) is skipped, not an error.
        await manager.query(
          `INSERT INTO guest (convention_id, profile, seq, login)
           SELECT $1::uuid, $2::text, seq, $3::text || seq FROM generate_series($4::int, $5::int) AS seq
           ON CONFLICT ON CONSTRAINT guest_seq_unique DO NOTHING`,
          [conventionId, profile, guestLoginPrefix(convention.code, profile), step.firstSeq, step.firstSeq + step.count - 1]);
        return { kind: 'progressed', before };
      }
      if (step.kind === 'shrink') {
        // Only AVAILABLE guests, the newest first; a guest being bound right now is waited for, then left alone.
        await manager.query(
          `DELETE FROM guest WHERE id IN (
             SELECT id FROM guest WHERE convention_id = $1 AND profile = $2 AND state = 'AVAILABLE'
             ORDER BY seq DESC LIMIT $3 FOR UPDATE)
           AND state = 'AVAILABLE'`, [conventionId, profile, step.count]);
        return { kind: 'progressed', before };
      }
      await this.audit.record(manager, {
        actor: SYSTEM_ACTOR, action: 'guest-pool.provisioned', subject: { type: 'convention', id: conventionId }, conventionId,
        details: { profile, revision, quota: counts.quota, before, after: counts.live, available: counts.available },
      });
      return { kind: 'converged', before, after: counts.live };
    });
  }
}
