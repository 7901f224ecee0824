import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { Clock } from '@passerelle/conventions';
import { HandlesJob, JobHandler, JobPayloads } from '@passerelle/jobs';
import { GUEST_CONTRIBUTIONS, GuestContributionsPort } from './guest-contributions.port.js';
import { GuestSessionsPort, revokeSessionsOf } from './guest-sessions.port.js';

/** Guests handed to the contributions port at a time. */
const CONTRIBUTIONS_CHUNK = 1_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * Retention is over after the end of a convention: its guests' contributions are kept under their pseudonymous
 * login or erased, as the convention says, and always erased for a guest who objected; then every guest becomes
 * DEPROVISIONED with its personal data (identity, name, school, class) set to NULL, in the same transaction.
 * Checks again that the convention is ENDED and that retention has passed (by the Clock); otherwise it does nothing
 * (scheduling it again is the conventions library's job). Running it twice changes nothing the second time.
 */
@Injectable()
@HandlesJob('convention-deprovision')
export class ConventionDeprovisionHandler implements JobHandler<'convention-deprovision'> {
  private readonly logger = new Logger('ConventionDeprovision');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(GUEST_CONTRIBUTIONS) private readonly contributions: GuestContributionsPort,
    private readonly sessions: GuestSessionsPort,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async handle({ conventionId }: JobPayloads['convention-deprovision']): Promise<void> {
    const now = this.clock.now();
    const hadIdentity = await this.dataSource.transaction(async (manager) => {
      const [convention]: { status: string; due: boolean | null; contribution_fate: string }[] = await manager.query(
        `SELECT status, contribution_fate, ended_at + retention_days * interval '1 day' <= $2 AS due
         FROM convention WHERE id = $1 FOR UPDATE`, [conventionId, now]);
      if (!convention || convention.status !== 'ENDED' || !convention.due) {
        this.logger.log({ msg: 'deprovisioning skipped: the convention has not ended or retention is not over', conventionId,
          status: convention?.status });
        return null;
      }
      const guests: { id: string; objected: boolean; had_identity: boolean }[] = await manager.query(
        `SELECT id, objected_to_retention_at IS NOT NULL AS objected, subject IS NOT NULL AS had_identity
         FROM guest WHERE convention_id = $1 AND state <> 'DEPROVISIONED' ORDER BY seq FOR UPDATE`, [conventionId]);
      const eraseAll = convention.contribution_fate === 'ERASE';
      const erased = guests.filter((guest) => eraseAll || guest.objected).map((guest) => guest.id);
      const pseudonymised = guests.filter((guest) => !eraseAll && !guest.objected).map((guest) => guest.id);
      for (const ids of chunks(erased, CONTRIBUTIONS_CHUNK)) await this.contributions.eraseContributionsOf(manager, ids);
      for (const ids of chunks(pseudonymised, CONTRIBUTIONS_CHUNK)) await this.contributions.pseudonymiseContributionsOf(manager, ids);

      await manager.query(
        `UPDATE guest SET state = 'DEPROVISIONED', issuer = NULL, subject = NULL, display_name = NULL, uai = NULL, class_code = NULL,
                          suspension_reason = NULL, deprovisioned_at = $2
         WHERE convention_id = $1 AND state <> 'DEPROVISIONED'`, [conventionId, now]);
      await manager.query(`UPDATE convention SET deprovisioned_at = coalesce(deprovisioned_at, $2) WHERE id = $1`, [conventionId, now]);
      if (guests.length > 0) {
        await this.audit.record(manager, {
          actor: SYSTEM_ACTOR, action: 'guest.deprovisioned', subject: { type: 'convention', id: conventionId }, conventionId,
          details: { count: guests.length, contributionsErased: erased.length, contributionsPseudonymised: pseudonymised.length,
            contributionFate: convention.contribution_fate },
        });
      }
      return guests.filter((guest) => guest.had_identity).map((guest) => guest.id);
    });
    if (!hadIdentity) return;
    // Their sessions ended at the suspension; ending them again costs little and leaves nothing behind.
    await revokeSessionsOf(this.sessions, hadIdentity);
    this.logger.log({ msg: 'guests deprovisioned', conventionId, withIdentity: hadIdentity.length });
  }
}
