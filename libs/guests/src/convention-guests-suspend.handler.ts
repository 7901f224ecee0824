import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { Clock } from '@passerelle/conventions';
import { HandlesJob, JobHandler, JobPayloads } from '@passerelle/jobs';
import { GuestSessionsPort, revokeSessionsOf } from './guest-sessions.port.js';

/**
 * The convention was suspended or ended: every guest that is BOUND or AVAILABLE becomes SUSPENDED (for its convention:
 * a guest already suspended because an amendment no longer admits it keeps that reason), then every
 * session of the bound ones is ended. The database change comes first and commits before any revocation, and the
 * convention is no longer ACTIVE, so claimGuest cannot open a new session in between. A re-run (after a crash or a
 * Redis failure during revocation) revokes again the sessions of every suspended guest that has an identity.
 */
@Injectable()
@HandlesJob('convention-guests-suspend')
export class ConventionGuestsSuspendHandler implements JobHandler<'convention-guests-suspend'> {
  private readonly logger = new Logger('ConventionGuestsSuspend');

  constructor(private readonly dataSource: DataSource, private readonly sessions: GuestSessionsPort,
    private readonly audit: AuditService, private readonly clock: Clock) {}

  async handle({ conventionId, revision }: JobPayloads['convention-guests-suspend']): Promise<void> {
    const toRevoke = await this.dataSource.transaction(async (manager) => {
      // FOR SHARE: a resumption waits until this suspension is done (and the other way round).
      const [convention]: { status: string }[] = await manager.query(
        `SELECT status FROM convention WHERE id = $1 FOR SHARE`, [conventionId]);
      if (!convention || (convention.status !== 'SUSPENDED' && convention.status !== 'ENDED')) {
        this.logger.log({ msg: 'suspension skipped: the convention is not suspended or ended', conventionId, status: convention?.status });
        return null;
      }
      const [{ suspended }]: { suspended: number }[] = await manager.query(
        `WITH changed AS (
           UPDATE guest SET state = 'SUSPENDED', suspended_at = $2, suspension_reason = 'CONVENTION'
           WHERE convention_id = $1 AND state IN ('BOUND', 'AVAILABLE') RETURNING 1)
         SELECT count(*)::int AS suspended FROM changed`, [conventionId, this.clock.now()]);
      const bound: { id: string }[] = await manager.query(
        `SELECT id FROM guest WHERE convention_id = $1 AND state = 'SUSPENDED' AND subject IS NOT NULL`, [conventionId]);
      if (suspended > 0) {
        await this.audit.record(manager, {
          actor: SYSTEM_ACTOR, action: 'guest.suspended', subject: { type: 'convention', id: conventionId }, conventionId,
          details: { count: suspended, withIdentity: bound.length, status: convention.status, revision },
        });
      }
      return bound.map((row) => row.id);
    });
    if (!toRevoke) return;
    const revoked = await revokeSessionsOf(this.sessions, toRevoke);
    this.logger.log({ msg: 'guests suspended, sessions revoked', conventionId, guests: toRevoke.length, sessions: revoked });
  }
}
