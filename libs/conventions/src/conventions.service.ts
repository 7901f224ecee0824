import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@passerelle/access';
import { AuditService } from '@passerelle/audit';
import { ConflictError, DomainError, InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, isUuid, paginate, PageRequest } from '@passerelle/graphql-kit';
import { Transaction, UnitOfWork } from '@passerelle/jobs';
import { Clock } from './clock.js';
import { ConventionAccess } from './convention-access.js';
import { enqueueGuestsAdmission, enqueuePoolProvisioning, enqueueWindowEnd } from './convention-jobs.js';
import { SignatorySide } from './convention-parts.entity.js';
import {
  checkCode, checkContributionFate, checkConventionSchoolYear, checkHostingStructureIds, checkPartnerStructures, checkQuotas,
  checkRetention, checkSignatories, checkText, checkWindow, codeFromTitle, codeWithSuffix, ConventionTerms, FieldPath, QuotaTerm,
  termsSnapshot,
} from './convention-rules.js';
import { assertAmendable, assertEditable, ConventionStatus } from './convention-status.js';
import { applyTerms, loadTerms, quotaProfiles, writeChildren, writeQuotas, writeVersion } from './convention-store.js';
import { ContributionFate, ConventionEntity } from './convention.entity.js';
import { PartnerEntEntity } from './partner-ent.entity.js';
import { PARTNER_NOT_FOUND } from './partners.service.js';
import { isForeignKeyViolation, isUniqueViolation } from '@passerelle/database';

/** Terms as a caller gives them; absent fields keep their current value (update, amendment). */
export interface ConventionTermsCommand {
  readonly title?: string | null;
  readonly purpose?: string | null;
  readonly schoolYear?: string | null;
  readonly validFrom?: Date | null;
  readonly validUntil?: Date | null;
  readonly retentionDays?: number | null;
  readonly contributionFate?: ContributionFate | null;
  readonly hostingStructureIds?: readonly string[] | null;
  readonly partnerStructures?: readonly { uai: string; name?: string | null }[] | null;
  readonly quotas?: readonly { profile: string; quota: number }[] | null;
  readonly signatories?: readonly { side: SignatorySide; fullName: string; capacity: string; signedAt?: string | null }[] | null;
}

export interface CreateConventionCommand extends ConventionTermsCommand {
  /** Generated from the title when absent. */
  readonly code?: string | null;
  readonly partnerId: string;
}

export interface UpdateConventionCommand extends ConventionTermsCommand {
  readonly code?: string | null;
  readonly partnerId?: string | null;
}

export interface ConventionsQuery {
  readonly status?: ConventionStatus | null;
  readonly partnerId?: string | null;
  /** Conventions hosted (among others) by this structure. */
  readonly hostingStructureId?: string | null;
  /** Conventions covering this partner UAI. */
  readonly partnerUai?: string | null;
}

export const STRUCTURE_NOT_FOUND_IN_CONVENTION = "Un des établissements d'accueil n'existe pas dans l'annuaire.";

/**
 * Conventions: creation, edits of a draft, amendments of an agreed convention, quotas. Each change is one transaction
 * with its audit event, its version snapshot and its jobs. The status moves are in ConventionLifecycleService.
 */
@Injectable()
export class ConventionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly access: ConventionAccess,
    private readonly clock: Clock,
  ) {}

  async listConventions(principal: Principal, filter: ConventionsQuery, page: PageRequest): Promise<Connection<ConventionEntity>> {
    for (const field of ['partnerId', 'hostingStructureId'] as const) {
      const id = filter[field];
      if (id && !isUuid(id)) throw new InvalidInputError('Identifiant invalide.', ['filter', field]);
    }
    const scope = await this.access.scopeOf(principal, this.dataSource.manager);
    const query = this.dataSource.manager.createQueryBuilder(ConventionEntity, 'convention');
    if (!scope.all) {
      query.andWhere(`EXISTS (SELECT 1 FROM convention_hosting_structure h WHERE h.convention_id = convention.id
        AND h.structure_id = ANY(CAST(:scopeIds AS uuid[])))`, { scopeIds: scope.structureIds });
    }
    if (filter.status) query.andWhere('convention.status = :status', { status: filter.status });
    if (filter.partnerId) query.andWhere('convention.partner_id = :partnerId', { partnerId: filter.partnerId });
    if (filter.hostingStructureId) {
      query.andWhere('EXISTS (SELECT 1 FROM convention_hosting_structure h2 WHERE h2.convention_id = convention.id AND h2.structure_id = :hosting)',
        { hosting: filter.hostingStructureId });
    }
    if (filter.partnerUai) {
      query.andWhere('EXISTS (SELECT 1 FROM convention_partner_structure p WHERE p.convention_id = convention.id AND p.uai = :uai)',
        { uai: filter.partnerUai.trim().toUpperCase() });
    }
    return paginate(query, page);
  }

  /** The convention, if the principal manages it; NOT_FOUND otherwise (also for a director's foreign convention). */
  async getConvention(principal: Principal, id: string, manager: EntityManager = this.dataSource.manager): Promise<ConventionEntity> {
    const convention = isUuid(id) ? await manager.findOneBy(ConventionEntity, { id }) : null;
    return this.access.assertManages(principal, manager, convention);
  }

  async createConvention(actor: Principal, command: CreateConventionCommand): Promise<ConventionEntity> {
    if (!isUuid(command.partnerId ?? '')) throw new NotFoundError(PARTNER_NOT_FOUND);
    const terms = mergeTerms(null, { ...command }, command.partnerId, ['input']);
    const givenCode = command.code ? checkCode(command.code, ['input', 'code']) : null;
    return this.unitOfWork.run(async ({ manager }) => {
      const scope = await this.access.scopeOf(actor, manager);
      this.access.assertMayHost(scope, terms.hostingStructureIds);
      await this.requirePartner(manager, terms.partnerId);
      const code = givenCode ?? await this.freeCode(manager, codeFromTitle(terms.title));
      const convention = manager.create(ConventionEntity, {
        code, status: ConventionStatus.DRAFT, version: 1, poolRevision: 0, createdByKind: actor.kind, createdById: actor.id,
      });
      applyTerms(convention, terms);
      const saved = await this.saveConvention(manager, convention);
      await this.writeTermsChildren(manager, saved.id, terms, false);
      await writeVersion(manager, saved, terms, 'Création', actor, { replace: true });
      await this.audit.record(manager, {
        actor, action: 'convention.created', subject: { type: 'convention', id: saved.id }, conventionId: saved.id,
        partnerId: saved.partnerId, before: null, after: termsSnapshot(saved.code, saved.version, saved.status, terms),
      });
      return saved;
    });
  }

  /** Edits a DRAFT in place (its version 1 snapshot follows); CONVENTION_NOT_EDITABLE once agreed. */
  async updateConvention(actor: Principal, id: string, command: UpdateConventionCommand): Promise<ConventionEntity> {
    return this.unitOfWork.run(async ({ manager }) => {
      const convention = await this.access.lockManaged(actor, manager, id);
      assertEditable(convention.status);
      const current = await loadTerms(manager, convention);
      const before = termsSnapshot(convention.code, convention.version, convention.status, current);
      const partnerId = command.partnerId ?? current.partnerId;
      if (command.partnerId) {
        if (!isUuid(command.partnerId)) throw new NotFoundError(PARTNER_NOT_FOUND);
        await this.requirePartner(manager, partnerId);
      }
      const terms = mergeTerms(current, command, partnerId, ['input']);
      if (command.hostingStructureIds) this.access.assertMayHost(await this.access.scopeOf(actor, manager), terms.hostingStructureIds);
      if (command.code) convention.code = checkCode(command.code, ['input', 'code']);
      applyTerms(convention, terms);
      const saved = await this.saveConvention(manager, convention);
      await this.writeTermsChildren(manager, saved.id, terms, false);
      await writeVersion(manager, saved, terms, 'Création', actor, { replace: true });
      await this.audit.record(manager, {
        actor, action: 'convention.updated', subject: { type: 'convention', id: saved.id }, conventionId: saved.id,
        partnerId: saved.partnerId, before, after: termsSnapshot(saved.code, saved.version, saved.status, terms),
      });
      return saved;
    });
  }

  /**
   * Amends an ACTIVE or SUSPENDED convention: a new version with its snapshot, the old ones kept. A quota change on an
   * ACTIVE convention re-provisions every profile's pool; a window change schedules the new end.
   */
  async amendConvention(actor: Principal, id: string, command: ConventionTermsCommand, reason: string): Promise<ConventionEntity> {
    const why = checkText(reason, 1000, 'Le motif', ['reason']);
    return this.unitOfWork.run(async (tx) => {
      const { manager } = tx;
      const convention = await this.access.lockManaged(actor, manager, id);
      assertAmendable(convention.status);
      const current = await loadTerms(manager, convention);
      const terms = mergeTerms(current, command, current.partnerId, ['input']);
      if (command.hostingStructureIds) this.access.assertMayHost(await this.access.scopeOf(actor, manager), terms.hostingStructureIds);
      if (terms.validUntil.getTime() <= this.clock.now().getTime()) {
        throw new InvalidInputError("La nouvelle date de fin est déjà passée : pour arrêter la convention, résiliez-la (terminateConvention).",
          ['input', 'validUntil']);
      }
      return this.writeAmendment(tx, actor, convention, current, terms, why, { replaceQuotas: true, via: 'amendConvention' });
    });
  }

  /**
   * Sets the guest quota of the profiles listed (others unchanged): an estimate applied or an override. On a DRAFT the
   * quotas are just stored; on an ACTIVE or SUSPENDED convention it is an amendment (new version, pools re-provisioned).
   */
  async setGuestQuota(actor: Principal, conventionId: string, quotas: readonly { profile: string; quota: number }[],
    reason?: string | null): Promise<ConventionEntity> {
    const checked = checkQuotas(quotas, ['quotas']);
    if (checked.length === 0) throw new InvalidInputError('Indiquez au moins un profil et son quota.', ['quotas']);
    return this.unitOfWork.run(async (tx) => {
      const { manager } = tx;
      const convention = await this.access.lockManaged(actor, manager, conventionId);
      const current = await loadTerms(manager, convention);
      const merged = mergeQuotas(current.quotas, checked);
      const terms: ConventionTerms = { ...current, quotas: merged };
      if (convention.status === ConventionStatus.DRAFT) {
        const before = termsSnapshot(convention.code, convention.version, convention.status, current);
        await writeQuotas(manager, convention.id, checked, { keepRemoved: false, replace: false });
        await writeVersion(manager, convention, terms, 'Création', actor, { replace: true });
        await manager.query('UPDATE convention SET updated_at = now() WHERE id = $1', [convention.id]);
        await this.audit.record(manager, {
          actor, action: 'convention.updated', subject: { type: 'convention', id: convention.id }, conventionId: convention.id,
          partnerId: convention.partnerId, before, after: termsSnapshot(convention.code, convention.version, convention.status, terms),
          details: { via: 'setGuestQuota' },
        });
        return convention;
      }
      assertAmendable(convention.status);
      const why = reason && reason.trim() ? checkText(reason, 1000, 'Le motif', ['reason']) : 'Quotas d\'invités modifiés';
      return this.writeAmendment(tx, actor, convention, current, terms, why, { replaceQuotas: false, via: 'setGuestQuota', quotas: checked });
    });
  }

  private async writeAmendment(tx: Transaction, actor: Principal, convention: ConventionEntity, current: ConventionTerms,
    terms: ConventionTerms, reason: string, options: { replaceQuotas: boolean; via: string; quotas?: readonly QuotaTerm[] }): Promise<ConventionEntity> {
    const { manager } = tx;
    const before = termsSnapshot(convention.code, convention.version, convention.status, current);
    const quotasChanged = quotaKey(current.quotas) !== quotaKey(terms.quotas);
    const windowChanged = current.validUntil.getTime() !== terms.validUntil.getTime();
    convention.version += 1;
    applyTerms(convention, terms);
    if (quotasChanged && convention.status === ConventionStatus.ACTIVE) convention.poolRevision += 1;
    const saved = await this.saveConvention(manager, convention);
    if (options.replaceQuotas) {
      await this.writeTermsChildren(manager, saved.id, terms, true);
    } else {
      await writeQuotas(manager, saved.id, options.quotas ?? [], { keepRemoved: true, replace: false });
    }
    const stored = await loadTerms(manager, saved);
    await writeVersion(manager, saved, stored, reason, actor);
    if (quotasChanged && saved.status === ConventionStatus.ACTIVE) {
      await enqueuePoolProvisioning(tx, saved, await quotaProfiles(manager, saved.id));
    }
    if (windowChanged) await enqueueWindowEnd(tx, saved);
    // A school dropped or a profile set to 0 reaches the guests already bound (and restoring it brings them back).
    const admissionChanged = admissionKey(current) !== admissionKey(stored);
    if (admissionChanged) await enqueueGuestsAdmission(tx, saved);
    await this.audit.record(manager, {
      actor, action: 'convention.amended', subject: { type: 'convention', id: saved.id }, conventionId: saved.id,
      partnerId: saved.partnerId, before, after: termsSnapshot(saved.code, saved.version, saved.status, stored),
      details: { reason, version: saved.version, via: options.via, quotasChanged, windowChanged, admissionChanged },
    });
    return saved;
  }

  private async requirePartner(manager: EntityManager, partnerId: string): Promise<PartnerEntEntity> {
    const partner = await manager.findOneBy(PartnerEntEntity, { id: partnerId });
    if (!partner) throw new NotFoundError(PARTNER_NOT_FOUND);
    return partner;
  }

  /** The code, or the code with a number after it when taken. */
  private async freeCode(manager: EntityManager, base: string): Promise<string> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const code = attempt === 0 ? base : codeWithSuffix(base, String(Math.floor(1000 + Math.random() * 9000)));
      const [taken] = await manager.query('SELECT 1 FROM convention WHERE code = $1', [code]);
      if (!taken) return code;
    }
    throw new ConflictError('CONVENTION_CODE_TAKEN', 'Aucun code libre ne découle de ce titre : indiquez un code.', ['input', 'code']);
  }

  private async saveConvention(manager: EntityManager, convention: ConventionEntity): Promise<ConventionEntity> {
    try {
      return await manager.save(convention);
    } catch (error) {
      if (isUniqueViolation(error, 'convention_code_unique')) {
        throw new ConflictError('CONVENTION_CODE_TAKEN', `Le code « ${convention.code} » est déjà pris par une autre convention.`, ['input', 'code']);
      }
      if (isForeignKeyViolation(error, 'convention_partner_id_fkey')) throw new NotFoundError(PARTNER_NOT_FOUND);
      throw error;
    }
  }

  private async writeTermsChildren(manager: EntityManager, conventionId: string, terms: ConventionTerms, keepRemovedQuotas: boolean): Promise<void> {
    try {
      await writeChildren(manager, conventionId, terms, { keepRemovedQuotas });
    } catch (error) {
      if (isForeignKeyViolation(error, 'convention_hosting_structure_structure_id_fkey')) {
        throw new DomainError('NOT_FOUND', STRUCTURE_NOT_FOUND_IN_CONVENTION, ['input', 'hostingStructureIds']);
      }
      throw error;
    }
  }
}


/** What a convention admits: the schools (UAIs) it covers and the profiles with a quota above 0. */
function admissionKey(terms: Pick<ConventionTerms, 'partnerStructures' | 'quotas'>): string {
  const uais = terms.partnerStructures.map((structure) => structure.uai).sort().join(',');
  const profiles = terms.quotas.filter((quota) => quota.quota > 0).map((quota) => quota.profile).sort().join(',');
  return `${uais}|${profiles}`;
}

/** Quotas compared by what they grant: a profile at 0 is the same as a profile not listed. */
function quotaKey(quotas: readonly QuotaTerm[]): string {
  return quotas.filter((quota) => quota.quota > 0).map((quota) => `${quota.profile}=${quota.quota}`).sort().join(',');
}

/** The quotas after setting some profiles (others unchanged). */
export function mergeQuotas(current: readonly QuotaTerm[], changes: readonly QuotaTerm[]): QuotaTerm[] {
  const byProfile = new Map(current.map((quota) => [quota.profile, quota.quota]));
  for (const change of changes) byProfile.set(change.profile, change.quota);
  return [...byProfile.entries()].map(([profile, quota]) => ({ profile, quota }));
}

/** Terms after a command: each given field checked and replacing the current one; all required ones present on creation. */
export function mergeTerms(current: ConventionTerms | null, command: ConventionTermsCommand, partnerId: string, root: FieldPath): ConventionTerms {
  const field = (name: string) => [...root, name];
  const required = <T>(value: T | null | undefined, fallback: T | undefined, name: string, subject: string): T => {
    if (value !== undefined && value !== null) return value;
    if (fallback !== undefined) return fallback;
    throw new InvalidInputError(`${subject} est obligatoire.`, field(name));
  };
  const title = command.title != null ? checkText(command.title, 200, 'Le titre', field('title')) : required(null, current?.title, 'title', 'Le titre');
  const purpose = command.purpose != null ? checkText(command.purpose, 5000, "L'objet", field('purpose'), false) : current?.purpose ?? '';
  const validFrom = required(command.validFrom, current?.validFrom, 'validFrom', 'La date de début');
  const validUntil = required(command.validUntil, current?.validUntil, 'validUntil', 'La date de fin');
  checkWindow(validFrom, validUntil, root);
  const schoolYear = command.schoolYear != null || !current || command.validFrom != null
    ? checkConventionSchoolYear(command.schoolYear ?? (command.validFrom != null ? null : current?.schoolYear), validFrom, field('schoolYear'))
    : current.schoolYear;
  const retentionDays = checkRetention(required(command.retentionDays, current?.retentionDays, 'retentionDays', 'La durée de conservation'),
    field('retentionDays'));
  const contributionFate = checkContributionFate(required(command.contributionFate, current?.contributionFate, 'contributionFate',
    'Le sort des contributions'), field('contributionFate'));
  return {
    title, purpose, partnerId, schoolYear, validFrom, validUntil, retentionDays, contributionFate,
    hostingStructureIds: command.hostingStructureIds ? checkHostingStructureIds(command.hostingStructureIds, field('hostingStructureIds'))
      : [...(current?.hostingStructureIds ?? [])],
    partnerStructures: command.partnerStructures ? checkPartnerStructures(command.partnerStructures, field('partnerStructures'))
      : [...(current?.partnerStructures ?? [])],
    quotas: command.quotas ? checkQuotas(command.quotas, field('quotas')) : [...(current?.quotas ?? [])],
    signatories: command.signatories ? checkSignatories(command.signatories, field('signatories')) : [...(current?.signatories ?? [])],
  };
}
