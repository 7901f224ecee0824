import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { AppConfig } from '@passerelle/config';
import { Clock } from '@passerelle/conventions';
import { homePeopleErasureCutoff, schoolYearOf } from '@passerelle/directory';
import { HandlesJob, JobHandler, JobPayloads, jobRequest, QUEUE_OF, UnitOfWork } from '@passerelle/jobs';
import { GUEST_CONTRIBUTIONS, GuestContributionsPort } from './guest-contributions.port.js';
import { GuestSessionsPort } from './guest-sessions.port.js';

/** People erased per sweep at most (the next day's sweep takes the rest). */
const SWEEP_BATCH = 5_000;

/** The day after `now` (UTC), as YYYY-MM-DD, and 02:00 UTC that day: when the next sweep runs. */
export function nextSweep(now: Date): { day: string; runAt: Date } {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 2));
  return { day: next.toISOString().slice(0, 10), runAt: next };
}

/** Writes the sweep of `next.day` to the outbox unless a job with its id was ever written (pending or handed over). */
async function scheduleSweep(manager: EntityManager, next: { day: string; runAt: Date }): Promise<void> {
  const job = jobRequest('home-people-erasure-sweep', { day: next.day }, [next.day], next.runAt);
  await manager.query(
    `INSERT INTO outbox_job (queue, name, job_id, payload, run_at)
     SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM outbox_job WHERE job_id = $3)
     ON CONFLICT (job_id) WHERE dispatched_at IS NULL DO NOTHING`,
    [QUEUE_OF[job.name], job.name, job.jobId, JSON.stringify(job.payload), job.runAt]);
}

/**
 * Keeps the daily sweep's chain alive: at each start, tomorrow's sweep is written to the outbox unless a job with its id
 * was ever written (by the last sweep, the migration or another process's start). A sweep that failed all its attempts
 * is thus replaced by the first restart after its day.
 */
@Injectable()
export class HomePeopleErasureSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger('HomePeopleErasure');

  constructor(private readonly dataSource: DataSource, private readonly clock: Clock) {}

  async onApplicationBootstrap(): Promise<void> {
    const next = nextSweep(this.clock.now());
    try {
      await scheduleSweep(this.dataSource.manager, next);
    } catch (error) {
      this.logger.warn({ msg: 'could not schedule the home people erasure sweep', error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/**
 * Daily: finds the home-ENT people (origin HOME) last seen — their last sign-in, or their creation when they never
 * signed in — before the cutoff (HOME_PEOPLE_RETENTION_DAYS after the end of the school year: homePeopleErasureCutoff),
 * and writes one 'home-person-erase' job each, with the next day's sweep, in one transaction. The first sweep was
 * written by the migration that added `last_seen_at`; a sweep that runs twice writes the same job ids (they collapse).
 */
@Injectable()
@HandlesJob('home-people-erasure-sweep')
export class HomePeopleErasureSweepHandler implements JobHandler<'home-people-erasure-sweep'> {
  private readonly logger = new Logger('HomePeopleErasure');

  constructor(
    private readonly unitOfWork: UnitOfWork, private readonly config: AppConfig, private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async handle(_payload: JobPayloads['home-people-erasure-sweep']): Promise<void> {
    const now = this.clock.now();
    const cutoff = homePeopleErasureCutoff(now, this.config.HOME_PEOPLE_RETENTION_DAYS);
    const due = await this.unitOfWork.run(async (tx) => {
      const people: { id: string }[] = await tx.manager.query(
        `SELECT id FROM person WHERE origin = 'HOME' AND coalesce(last_seen_at, created_at) < $1 ORDER BY id LIMIT $2`,
        [cutoff, SWEEP_BATCH]);
      for (const { id } of people) await tx.enqueue(jobRequest('home-person-erase', { personId: id }, [id]));
      await scheduleSweep(tx.manager, nextSweep(now));
      // One event per sweep that found anybody, as the guests' deprovisioning records one per convention: how many, and
      // under which rule (each erasure then records its own 'person.erased').
      if (people.length > 0) {
        await this.audit.record(tx.manager, {
          actor: SYSTEM_ACTOR, action: 'person.erasure-due', subject: { type: 'person', id: null },
          details: { count: people.length, cutoff: cutoff.toISOString(), retentionDays: this.config.HOME_PEOPLE_RETENTION_DAYS,
            batchFull: people.length === SWEEP_BATCH },
        });
      }
      return people.length;
    });
    this.logger.log({ msg: 'home people due for erasure', count: due, cutoff: cutoff.toISOString(), batchFull: due === SWEEP_BATCH });
  }
}

/**
 * Erases one home-ENT person not seen for long, with the guests' rules (ConventionDeprovisionHandler): their
 * contributions erased (HOME_PEOPLE_CONTRIBUTION_FATE ERASE, the default: as for a guest who objected; there is no
 * convention to keep them under) or left to read as a former member (KEEP_PSEUDONYMIZED), their notifications and
 * preferences gone, then the person row itself (with their classes and space memberships), one audit event, and their
 * sessions ended. Re-checks first: a person signed in since the job was written, or already erased, is skipped.
 */
@Injectable()
@HandlesJob('home-person-erase')
export class HomePersonEraseHandler implements JobHandler<'home-person-erase'> {
  private readonly logger = new Logger('HomePeopleErasure');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(GUEST_CONTRIBUTIONS) private readonly contributions: GuestContributionsPort,
    private readonly sessions: GuestSessionsPort,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async handle({ personId }: JobPayloads['home-person-erase']): Promise<void> {
    const now = this.clock.now();
    const cutoff = homePeopleErasureCutoff(now, this.config.HOME_PEOPLE_RETENTION_DAYS);
    const fate = this.config.HOME_PEOPLE_CONTRIBUTION_FATE;
    const erased = await this.dataSource.transaction(async (manager) => {
      const [person]: { id: string; seen: Date; structure_id: string | null; profiles: string[] }[] = await manager.query(
        `SELECT id, coalesce(last_seen_at, created_at) AS seen, structure_id, profiles FROM person
         WHERE id = $1 AND origin = 'HOME' FOR UPDATE`, [personId]);
      if (!person || new Date(person.seen) >= cutoff) return false;
      if (fate === 'ERASE') await this.contributions.eraseContributionsOfPeople(manager, [personId]);
      await manager.query(`DELETE FROM notification WHERE recipient_kind = 'PERSON' AND recipient_id = $1`, [personId]);
      await manager.query(`DELETE FROM notification_preference WHERE principal_kind = 'PERSON' AND principal_id = $1`, [personId]);
      // class_membership and space_person go with the row (ON DELETE CASCADE).
      await manager.query(`DELETE FROM person WHERE id = $1`, [personId]);
      await this.audit.record(manager, {
        actor: SYSTEM_ACTOR, action: 'person.erased', subject: { type: 'person', id: personId },
        details: {
          reason: 'NOT_SEEN', lastSeenSchoolYear: schoolYearOf(new Date(person.seen)), structureId: person.structure_id,
          profiles: person.profiles, contributionFate: fate, retentionDays: this.config.HOME_PEOPLE_RETENTION_DAYS,
        },
      });
      return true;
    });
    if (!erased) {
      this.logger.log({ msg: 'home person erasure skipped: already erased, or seen since', personId });
      return;
    }
    await this.sessions.revokeAllOf(personId);
    this.logger.log({ msg: 'home person erased', personId, contributionFate: fate });
  }
}

/**
 * A home ENT no longer serves some schools (updatePartner): the open sessions of the people it signed in for those
 * schools end now rather than at their expiry, one audit event for the lot. Re-reads the partner: schools served
 * again since the change, or a partner gone, leave nothing to do. Their next sign-in is refused (HOME_SCHOOL_NOT_SERVED).
 */
@Injectable()
@HandlesJob('home-schools-dropped')
export class HomeSchoolsDroppedHandler implements JobHandler<'home-schools-dropped'> {
  private readonly logger = new Logger('HomePeopleErasure');

  constructor(private readonly dataSource: DataSource, private readonly sessions: GuestSessionsPort, private readonly audit: AuditService) {}

  async handle({ partnerId, uais }: JobPayloads['home-schools-dropped']): Promise<void> {
    const people: { id: string }[] = await this.dataSource.query(
      `SELECT pe.id FROM partner_ent p
       JOIN person pe ON pe.origin = 'HOME' AND pe.external_issuer IN (p.saml_settings->>'entityId', p.oidc_settings->>'issuer')
       JOIN structure s ON s.id = pe.structure_id
       WHERE p.id = $1 AND s.uai = ANY($2::text[]) AND NOT (s.uai = ANY(CASE WHEN p.trust = 'HOME' THEN p.served_uais ELSE '{}'::text[] END))`,
      [partnerId, uais]);
    if (people.length === 0) return;
    let sessions = 0;
    for (const { id } of people) sessions += await this.sessions.revokeAllOf(id);
    await this.audit.record(this.dataSource.manager, {
      actor: SYSTEM_ACTOR, action: 'partner.home-sessions-revoked', subject: { type: 'partner', id: partnerId }, partnerId,
      details: { uais, people: people.length, sessions },
    });
    this.logger.log({ msg: 'sessions of people of schools no longer served ended', partnerId, people: people.length, sessions });
  }
}
