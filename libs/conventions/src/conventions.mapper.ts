import { AuditActorKindValue } from '@passerelle/audit';
import { Profile } from '@passerelle/directory';
import { allowedTransitions } from './convention-status.js';
import { ConventionEntity } from './convention.entity.js';
import { PartnerStructureRow, QuotaRow, SignatoryRow, VersionRow } from './convention-details.service.js';
import { Convention, ConventionPartnerStructure, ConventionSignatory, ConventionVersion, ProfileQuota } from './convention.type.js';

/* What the API shows of a convention and its children: every exposed field is listed here. */

export function toConvention(entity: ConventionEntity): Convention {
  return {
    id: entity.id,
    code: entity.code,
    title: entity.title,
    purpose: entity.purpose,
    partnerId: entity.partnerId,
    status: entity.status,
    allowedTransitions: allowedTransitions(entity.status),
    version: entity.version,
    schoolYear: entity.schoolYear,
    validFrom: entity.validFrom,
    validUntil: entity.validUntil,
    retentionDays: entity.retentionDays,
    contributionFate: entity.contributionFate,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
    activatedAt: entity.activatedAt,
    suspendedAt: entity.suspendedAt,
    endedAt: entity.endedAt,
  };
}

export function toPartnerStructure(row: PartnerStructureRow): ConventionPartnerStructure {
  return { uai: row.uai, name: row.name };
}

export function toProfileQuota(row: QuotaRow): ProfileQuota {
  return { profile: row.profile as Profile, quota: row.quota };
}

export function toSignatory(row: SignatoryRow): ConventionSignatory {
  return { id: row.id, side: row.side, fullName: row.fullName, capacity: row.capacity, signedAt: row.signedAt };
}

export function toConventionVersion(row: VersionRow): ConventionVersion {
  return {
    version: row.version, snapshot: row.snapshot, reason: row.reason,
    createdBy: { kind: row.createdByKind as AuditActorKindValue, id: row.createdById }, createdAt: new Date(row.createdAt),
  };
}
