import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ANONYMOUS_ACTOR, AuditService } from '@passerelle/audit';
import { Clock, ConventionsQueries, guestAdmissionRefusal } from '@passerelle/conventions';
import { normaliseUai, parseProfile, Profile } from '@passerelle/directory';
import { DomainError, InvalidInputError } from '@passerelle/errors';
import { isUuid } from '@passerelle/graphql-kit';
import { jobRequest, Transaction, UnitOfWork } from '@passerelle/jobs';
import { isUniqueViolation } from '@passerelle/database';
import { guestAdmissionColumns, guestAdmissionFactsOf, GuestAdmissionRow } from './guest-admission.js';
import { GuestClaimRefusedError, isClaimRefusal } from './guest-claim.errors.js';
import { alertDay, isPoolLow, lowWatermark } from './guest-pool.rules.js';

/** What a partner's sign-in says about the person, as the federation hands it over. */
export interface ClaimGuestCommand {
  readonly partnerId: string;
  /** The partner's IdP (SAML entityID, OIDC `iss`): with `subject`, the binding key. */
  readonly issuer: string;
  /** Stable, never reassigned identifier of the person at the partner. */
  readonly subject: string;
  /** National code, any case (`National_elv`). */
  readonly profile: string;
  /** The person's school at the partner (UAI). */
  readonly uai: string;
  readonly classCode?: string | null;
  readonly displayName: string;
}

/** The guest account a partner identity signs in as, and the convention (and version) that allows it. */
export interface ClaimedGuest {
  readonly guestId: string;
  readonly conventionId: string;
  readonly conventionVersion: number;
  readonly profile: Profile;
  readonly login: string;
  readonly displayName: string;
  /** The end of the convention's window: no session may outlive it. */
  readonly sessionNotAfter: Date;
}

interface Normalised {
  readonly partnerId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly profile: Profile | undefined;
  readonly rawProfile: string;
  readonly uai: string;
  readonly classCode: string | null;
  readonly displayName: string | null;
}

interface BoundRow extends GuestAdmissionRow {
  id: string; login: string; profile: Profile; display_name: string | null; class_code: string | null; convention_id: string; version: number;
}

/** At most this many bind attempts when concurrent claims of the same identity collide. */
const MAX_ATTEMPTS = 3;
const ALERTS_REMEMBERED = 10_000;
/** Guests that concurrent claims may have skipped below the one just bound (see mayBeLow). */
const LOW_CHECK_MARGIN = 100;

/**
 * Claims a guest account for a partner identity at its first sign-in, or gives it back its own one afterwards.
 * One transaction per claim; the bind is one UPDATE that picks an AVAILABLE guest with SKIP LOCKED, so concurrent
 * claims never wait for each other and never get the same guest. The database's unique (issuer, subject) index makes
 * a second binding of the same identity impossible, whatever the timing.
 */
@Injectable()
export class GuestClaimService {
  private readonly logger = new Logger('GuestClaim');
  /** Alert jobs this process already wrote (they collapse on their id anyway): spares the outbox a row per claim. */
  private readonly alertsWritten = new Set<string>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly conventions: ConventionsQueries,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The guest of this identity. Refusals are DomainErrors coded NO_CONVENTION, STRUCTURE_NOT_COVERED,
   * PROFILE_NOT_ALLOWED, CONVENTION_NOT_ACTIVE or GUEST_POOL_EXHAUSTED, with a French message; a refusal writes
   * nothing but one audit event (and, on exhaustion, the alert to the convention's administrators).
   */
  async claimGuest(command: ClaimGuestCommand): Promise<ClaimedGuest> {
    const input = normalise(command);
    for (let attempt = 1; ; attempt += 1) {
      const at = this.clock.now();
      try {
        const { claimed, alertJobId } = await this.unitOfWork.run((tx) => this.claimIn(tx, input, at));
        if (alertJobId) this.remember(alertJobId);
        return claimed;
      } catch (error) {
        // The same identity was bound by a concurrent claim that committed first: the next attempt finds its guest.
        if (isUniqueViolation(error, 'guest_identity_unique') && attempt < MAX_ATTEMPTS) continue;
        if (isClaimRefusal(error)) await this.recordRefusal(input, error, at);
        throw error;
      }
    }
  }

  private async claimIn(tx: Transaction, input: Normalised, at: Date): Promise<{ claimed: ClaimedGuest; alertJobId?: string }> {
    const { manager } = tx;
    const existing = await this.findBound(manager, input);
    if (existing) return { claimed: await this.returning(manager, existing, input, at) };

    const admitting = await this.conventions.findAdmittingConvention(manager, {
      partnerId: input.partnerId, uai: input.uai, profile: input.profile ?? input.rawProfile, at, lock: true,
    });
    const convention = admitting.convention;
    const profile = admitting.profile;
    const [bound]: { id: string; login: string; seq: number }[] = await manager.query(
      `WITH bound AS (
         UPDATE guest SET state = 'BOUND', issuer = $3, subject = $4, display_name = $5, uai = $6, class_code = $7, bound_at = $8
         WHERE id = (SELECT id FROM guest WHERE convention_id = $1 AND profile = $2 AND state = 'AVAILABLE'
                     ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id, login, seq)
       SELECT id, login, seq FROM bound`,
      [convention.id, profile, input.issuer, input.subject, input.displayName, input.uai, input.classCode, at]);
    if (!bound) throw new GuestClaimRefusedError('GUEST_POOL_EXHAUSTED', convention.id);

    await this.audit.record(manager, {
      actor: { kind: 'GUEST', id: bound.id }, action: 'guest.bound', subject: { type: 'guest', id: bound.id },
      conventionId: convention.id, partnerId: input.partnerId, guestId: bound.id,
      details: { profile, conventionVersion: convention.version },
    });

    // Under 10 % of the quota left: tell the convention's administrators, once a day.
    let alertJobId: string | undefined;
    const watermark = lowWatermark(admitting.quota);
    const lowJob = jobRequest('convention-alert', { conventionId: convention.id, alert: 'GUEST_POOL_LOW', profile, day: alertDay(at) },
      [convention.id, profile, 'low', alertDay(at)]);
    if (!this.alertsWritten.has(lowJob.jobId) && await this.mayBeLow(manager, convention.id, profile, bound.seq, watermark)) {
      const [{ available }]: { available: number }[] = await manager.query(
        `SELECT count(*)::int AS available FROM (SELECT 1 FROM guest WHERE convention_id = $1 AND profile = $2 AND state = 'AVAILABLE'
         LIMIT $3) AS pool`, [convention.id, profile, watermark]);
      if (isPoolLow(available, admitting.quota)) {
        await tx.enqueue(lowJob);
        alertJobId = lowJob.jobId;
      }
    }

    return {
      claimed: {
        guestId: bound.id, conventionId: convention.id, conventionVersion: convention.version, profile, login: bound.login,
        displayName: input.displayName ?? bound.login, sessionNotAfter: convention.validUntil,
      },
      alertJobId,
    };
  }

  /**
   * Whether the pool may have fallen under its watermark, in one index probe, so that a large healthy pool is not
   * counted at every claim. Claims take the lowest seq, so the AVAILABLE guests sit above the one just bound, except
   * those that concurrent claims skipped (a few): the exact count runs as soon as the highest AVAILABLE seq is within
   * twice the watermark (plus a margin for those) of the seq just bound.
   */
  private async mayBeLow(manager: EntityManager, conventionId: string, profile: string, boundSeq: number, watermark: number): Promise<boolean> {
    const [{ top }]: { top: number | null }[] = await manager.query(
      `SELECT max(seq) AS top FROM guest WHERE convention_id = $1 AND profile = $2 AND state = 'AVAILABLE'`, [conventionId, profile]);
    return top === null || top - boundSeq < 2 * watermark + LOW_CHECK_MARGIN;
  }

  /** The guest already bound to this identity (whatever its convention), locked for the claim. */
  private async findBound(manager: EntityManager, input: Normalised): Promise<BoundRow | undefined> {
    const [row]: BoundRow[] = await manager.query(
      `SELECT g.id, g.login, g.display_name, g.class_code, g.convention_id, c.version, ${guestAdmissionColumns()}
       FROM guest g JOIN convention c ON c.id = g.convention_id
       WHERE g.issuer = $1 AND g.subject = $2
       FOR SHARE OF c`, [input.issuer, input.subject]);
    return row;
  }

  /**
   * An identity signing in again: its own guest while its convention admits it by the same rule as a first sign-in
   * (the partner that signs in, the school the partner sends now, the guest's profile, the guest's state and the
   * convention's dates); refused with the code a first sign-in would get. Its name and class follow the partner.
   */
  private async returning(manager: EntityManager, row: BoundRow, input: Normalised, at: Date): Promise<ClaimedGuest> {
    const refusal = guestAdmissionRefusal({ ...guestAdmissionFactsOf(row), uai: input.uai || null }, at, input.partnerId);
    // Another partner's guest: nothing about its convention goes into the refusal's audit event.
    if (refusal) throw new GuestClaimRefusedError(refusal, refusal === 'NO_CONVENTION' ? undefined : row.convention_id);
    const displayName = input.displayName ?? row.display_name;
    if (displayName !== row.display_name || input.classCode !== row.class_code || input.uai !== row.uai) {
      await manager.query(
        `UPDATE guest SET display_name = $3, class_code = $4, uai = $5 WHERE id = $1 AND convention_id = $2 AND state = 'BOUND'`,
        [row.id, row.convention_id, displayName, input.classCode, input.uai]);
    }
    return {
      guestId: row.id, conventionId: row.convention_id, conventionVersion: row.version, profile: row.profile, login: row.login,
      displayName: displayName ?? row.login, sessionNotAfter: new Date(row.valid_until),
    };
  }

  /** One audit event per refusal, in its own transaction (the claim's was rolled back); exhaustion also alerts. */
  private async recordRefusal(input: Normalised, error: DomainError, at: Date): Promise<void> {
    const conventionId = error instanceof GuestClaimRefusedError ? error.conventionId
      : typeof error.details?.conventionId === 'string' ? error.details.conventionId : undefined;
    const partnerId = isUuid(input.partnerId) ? input.partnerId : null;
    let alertJobId: string | undefined;
    try {
      await this.unitOfWork.run(async (tx) => {
        await this.audit.record(tx.manager, {
          actor: ANONYMOUS_ACTOR, action: 'guest.claim-refused', subject: { type: 'partner', id: partnerId },
          partnerId, conventionId: conventionId ?? null,
          details: { reason: error.code, profile: input.profile ?? 'UNKNOWN', uai: input.uai },
        });
        if (error.code === 'GUEST_POOL_EXHAUSTED' && conventionId && input.profile) {
          const day = alertDay(at);
          const job = jobRequest('convention-alert', { conventionId, alert: 'GUEST_POOL_EXHAUSTED', profile: input.profile, day },
            [conventionId, input.profile, 'exhausted', day]);
          if (!this.alertsWritten.has(job.jobId)) {
            await tx.enqueue(job);
            alertJobId = job.jobId;
          }
        }
      });
      if (alertJobId) this.remember(alertJobId);
    } catch (auditError) {
      // The refusal stands even if its trace could not be written; say so loudly.
      this.logger.error({ msg: 'could not record a refused guest claim', code: error.code, error: String(auditError) });
    }
  }

  private remember(jobId: string): void {
    if (this.alertsWritten.size >= ALERTS_REMEMBERED) this.alertsWritten.clear();
    this.alertsWritten.add(jobId);
  }
}

function normalise(command: ClaimGuestCommand): Normalised {
  const issuer = (command.issuer ?? '').trim();
  const subject = (command.subject ?? '').trim();
  if (!issuer || issuer.length > 1000) throw new InvalidInputError("L'émetteur de l'identité est absent ou trop long.", ['issuer']);
  if (!subject || subject.length > 1000) throw new InvalidInputError("L'identifiant de la personne est absent ou trop long.", ['subject']);
  const rawProfile = String(command.profile ?? '').trim().slice(0, 64);
  const displayName = (command.displayName ?? '').trim().slice(0, 200) || null;
  const classCode = (command.classCode ?? '').trim().slice(0, 100) || null;
  return {
    partnerId: String(command.partnerId ?? ''), issuer, subject, profile: parseProfile(rawProfile), rawProfile,
    uai: normaliseUai(String(command.uai ?? '')).slice(0, 40), classCode, displayName,
  };
}
