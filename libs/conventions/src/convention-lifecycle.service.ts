import { Injectable } from '@nestjs/common';
import type { Principal } from '@passerelle/access';
import { AuditActor, AuditService, SYSTEM_ACTOR } from '@passerelle/audit';
import { DomainError } from '@passerelle/errors';
import { isUuid } from '@passerelle/graphql-kit';
import { Transaction, UnitOfWork } from '@passerelle/jobs';
import { Clock } from './clock.js';
import { ConventionAccess } from './convention-access.js';
import {
  enqueueDeprovisioning, enqueueGuestsResumption, enqueueGuestsSuspension, enqueuePoolProvisioning, enqueueWindowEnd,
} from './convention-jobs.js';
import { activationProblems, checkText, termsSnapshot } from './convention-rules.js';
import { ConventionStatus, ConventionTransition, nextStatus } from './convention-status.js';
import { loadTerms, quotaProfiles } from './convention-store.js';
import { ConventionEntity } from './convention.entity.js';
import { PartnerEntEntity } from './partner-ent.entity.js';
import { PartnerStatus } from './partner-settings.js';

/** Why a convention ended. */
export type EndCause = 'TERMINATED' | 'WINDOW_END';

/**
 * The status moves of a convention (convention-status.ts says which are legal). Each move is one transaction: the
 * row (locked), its audit event with before/after, and the jobs the guests library runs. A refused move writes nothing.
 */
@Injectable()
export class ConventionLifecycleService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly access: ConventionAccess,
    private readonly clock: Clock,
  ) {}

  /**
   * DRAFT → ACTIVE, once complete: partner active, a hosting structure, a partner UAI, a profile with a quota, a window
   * not over, a dated signature on each side (else CONVENTION_NOT_READY listing what is missing). Provisions every
   * profile's pool and schedules the end of the window. The version does not change.
   */
  async activate(actor: Principal, id: string): Promise<ConventionEntity> {
    return this.unitOfWork.run(async (tx) => {
      const convention = await this.access.lockManaged(actor, tx.manager, id);
      const to = nextStatus(convention.status, ConventionTransition.ACTIVATE);
      const terms = await loadTerms(tx.manager, convention);
      const partner = await tx.manager.findOneBy(PartnerEntEntity, { id: convention.partnerId });
      const now = this.clock.now();
      const problems = activationProblems(terms, { partnerActive: partner?.status === PartnerStatus.ACTIVE, now });
      if (problems.length > 0) {
        throw new DomainError('CONVENTION_NOT_READY',
          `La convention ne peut pas être activée : ${problems.map((problem) => problem.message).join(' ; ')}.`,
          undefined, { missing: problems.map((problem) => problem.code) });
      }
      const before = termsSnapshot(convention.code, convention.version, convention.status, terms);
      convention.status = to;
      convention.activatedAt = now;
      convention.poolRevision += 1;
      const saved = await tx.manager.save(convention);
      await enqueuePoolProvisioning(tx, saved, await quotaProfiles(tx.manager, saved.id));
      await enqueueWindowEnd(tx, saved);
      await this.audit.record(tx.manager, {
        actor, action: 'convention.activated', subject: { type: 'convention', id: saved.id }, conventionId: saved.id,
        partnerId: saved.partnerId, before, after: termsSnapshot(saved.code, saved.version, saved.status, terms),
        details: { version: saved.version, poolRevision: saved.poolRevision },
      });
      return saved;
    });
  }

  /** ACTIVE → SUSPENDED: every guest suspended and their sessions revoked (by the guests library's job). */
  async suspend(actor: Principal, id: string, reason: string): Promise<ConventionEntity> {
    const why = checkText(reason, 1000, 'Le motif', ['reason']);
    return this.unitOfWork.run(async (tx) => {
      const convention = await this.access.lockManaged(actor, tx.manager, id);
      return this.move(tx, actor, convention, ConventionTransition.SUSPEND, 'convention.suspended', { reason: why }, async (c) => {
        c.suspendedAt = this.clock.now();
        c.poolRevision += 1;
      }, (c) => enqueueGuestsSuspension(tx, c));
    });
  }

  /** SUSPENDED → ACTIVE: guests back, and every pool brought to its quota (quotas may have been amended meanwhile). */
  async resume(actor: Principal, id: string): Promise<ConventionEntity> {
    return this.unitOfWork.run(async (tx) => {
      const convention = await this.access.lockManaged(actor, tx.manager, id);
      return this.move(tx, actor, convention, ConventionTransition.RESUME, 'convention.resumed', {}, async (c) => {
        c.suspendedAt = null;
        c.poolRevision += 1;
      }, async (c) => {
        await enqueueGuestsResumption(tx, c);
        await enqueuePoolProvisioning(tx, c, await quotaProfiles(tx.manager, c.id));
      });
    });
  }

  /** ACTIVE | SUSPENDED → ENDED by decision: guests suspended now, deprovisioned after the retention period. */
  async terminate(actor: Principal, id: string, reason: string): Promise<ConventionEntity> {
    const why = checkText(reason, 1000, 'Le motif', ['reason']);
    return this.unitOfWork.run(async (tx) => {
      const convention = await this.access.lockManaged(actor, tx.manager, id);
      return this.end(tx, actor, convention, 'TERMINATED', why);
    });
  }

  /**
   * The end of the validity window (job `convention-window-end`, actor SYSTEM): ends the convention exactly as a
   * termination would, if it is still ACTIVE or SUSPENDED and its CURRENT window is over (an amendment may have moved
   * it). Returns what it did. When the job fired before its own window's end (clock skew), it throws to be retried.
   */
  async endAtWindow(conventionId: string, jobValidUntil: string): Promise<'ENDED' | 'ALREADY_ENDED' | 'WINDOW_MOVED' | 'NOT_FOUND'> {
    if (!isUuid(conventionId)) return 'NOT_FOUND';
    return this.unitOfWork.run(async (tx) => {
      const convention = await tx.manager.findOne(ConventionEntity, { where: { id: conventionId }, lock: { mode: 'pessimistic_write' } });
      if (!convention) return 'NOT_FOUND';
      if (convention.status !== ConventionStatus.ACTIVE && convention.status !== ConventionStatus.SUSPENDED) return 'ALREADY_ENDED';
      const now = this.clock.now();
      if (now.getTime() < convention.validUntil.getTime()) {
        if (new Date(jobValidUntil).getTime() === convention.validUntil.getTime()) {
          throw new Error(`convention ${conventionId}: window-end job ran before ${jobValidUntil}; retrying`);
        }
        return 'WINDOW_MOVED';
      }
      await this.end(tx, SYSTEM_ACTOR, convention, 'WINDOW_END', 'Fin de la période de validité');
      return 'ENDED';
    });
  }

  private async end(tx: Transaction, actor: AuditActor | Principal, convention: ConventionEntity, cause: EndCause, reason: string): Promise<ConventionEntity> {
    return this.move(tx, actor, convention, ConventionTransition.END, 'convention.ended', { reason, cause }, async (c) => {
      c.endedAt = this.clock.now();
      c.poolRevision += 1;
    }, async (c) => {
      await enqueueGuestsSuspension(tx, c);
      await enqueueDeprovisioning(tx, c);
    });
  }

  private async move(tx: Transaction, actor: AuditActor | Principal, convention: ConventionEntity, transition: ConventionTransition,
    action: string, details: Record<string, unknown>, change: (c: ConventionEntity) => Promise<void>,
    jobs: (c: ConventionEntity) => Promise<void>): Promise<ConventionEntity> {
    const to = nextStatus(convention.status, transition);
    const terms = await loadTerms(tx.manager, convention);
    const before = termsSnapshot(convention.code, convention.version, convention.status, terms);
    convention.status = to;
    await change(convention);
    const saved = await tx.manager.save(convention);
    await jobs(saved);
    await this.audit.record(tx.manager, {
      actor, action, subject: { type: 'convention', id: saved.id }, conventionId: saved.id, partnerId: saved.partnerId,
      before, after: termsSnapshot(saved.code, saved.version, saved.status, terms),
      details: { ...details, version: saved.version, poolRevision: saved.poolRevision },
    });
    return saved;
  }
}

