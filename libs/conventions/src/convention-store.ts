import { EntityManager } from 'typeorm';
import { Profile } from '@passerelle/directory';
import { ConventionEntity } from './convention.entity.js';
import {
  ConventionHostingStructureEntity, ConventionPartnerStructureEntity, ConventionProfileQuotaEntity, ConventionSignatoryEntity,
  SignatorySide,
} from './convention-parts.entity.js';
import { ConventionTerms, termsSnapshot } from './convention-rules.js';

/* Reading and writing a convention with its children, always with the caller's transaction manager. */

/** The agreed terms of a convention as stored now (children read in a stable order). */
export async function loadTerms(manager: EntityManager, convention: ConventionEntity): Promise<ConventionTerms> {
  const id = convention.id;
  // One after another: inside a transaction the manager holds one connection, which runs one query at a time
  // (pg deprecates queueing queries on a busy client).
  const hosting = await manager.find(ConventionHostingStructureEntity, { where: { conventionId: id }, order: { structureId: 'ASC' } });
  const partners = await manager.find(ConventionPartnerStructureEntity, { where: { conventionId: id }, order: { uai: 'ASC' } });
  const quotas = await manager.find(ConventionProfileQuotaEntity, { where: { conventionId: id }, order: { profile: 'ASC' } });
  const signatories = await manager.query(`SELECT side, full_name, capacity, to_char(signed_at, 'YYYY-MM-DD') AS signed_at
    FROM convention_signatory WHERE convention_id = $1 ORDER BY side, full_name, id`, [id]) as
    { side: SignatorySide; full_name: string; capacity: string; signed_at: string | null }[];
  return {
    title: convention.title,
    purpose: convention.purpose,
    partnerId: convention.partnerId,
    schoolYear: convention.schoolYear,
    validFrom: convention.validFrom,
    validUntil: convention.validUntil,
    retentionDays: convention.retentionDays,
    contributionFate: convention.contributionFate,
    hostingStructureIds: hosting.map((row) => row.structureId),
    partnerStructures: partners.map((row) => ({ uai: row.uai, name: row.name })),
    quotas: quotas.map((row) => ({ profile: row.profile as Profile, quota: row.quota })),
    signatories: signatories.map((row) => ({ side: row.side, fullName: row.full_name, capacity: row.capacity, signedAt: row.signed_at })),
  };
}

/** Copies the scalar terms onto the row (children are written by writeChildren). */
export function applyTerms(convention: ConventionEntity, terms: ConventionTerms): void {
  convention.title = terms.title;
  convention.purpose = terms.purpose;
  convention.partnerId = terms.partnerId;
  convention.schoolYear = terms.schoolYear;
  convention.validFrom = terms.validFrom;
  convention.validUntil = terms.validUntil;
  convention.retentionDays = terms.retentionDays;
  convention.contributionFate = terms.contributionFate;
}

/**
 * Replaces the children with the terms'. With `keepRemovedQuotas` (an agreed convention), a profile no longer listed
 * keeps its row at quota 0, so that its pool shrinks and the profile stays refused; otherwise its row goes.
 */
export async function writeChildren(manager: EntityManager, conventionId: string, terms: ConventionTerms,
  options: { keepRemovedQuotas: boolean }): Promise<void> {
  await manager.delete(ConventionHostingStructureEntity, { conventionId });
  if (terms.hostingStructureIds.length) {
    await manager.insert(ConventionHostingStructureEntity, terms.hostingStructureIds.map((structureId) => ({ conventionId, structureId })));
  }
  await manager.delete(ConventionPartnerStructureEntity, { conventionId });
  if (terms.partnerStructures.length) {
    await manager.insert(ConventionPartnerStructureEntity, terms.partnerStructures.map((s) => ({ conventionId, uai: s.uai, name: s.name })));
  }
  await writeQuotas(manager, conventionId, terms.quotas, { keepRemoved: options.keepRemovedQuotas, replace: true });
  await manager.delete(ConventionSignatoryEntity, { conventionId });
  if (terms.signatories.length) {
    await manager.insert(ConventionSignatoryEntity, terms.signatories.map((s) => ({
      conventionId, side: s.side, fullName: s.fullName, capacity: s.capacity, signedAt: s.signedAt,
    })));
  }
}

/**
 * Writes quotas. `replace`: profiles not listed are removed (or set to 0 with `keepRemoved`); otherwise only the
 * profiles listed change.
 */
export async function writeQuotas(manager: EntityManager, conventionId: string, quotas: ConventionTerms['quotas'],
  options: { keepRemoved: boolean; replace: boolean }): Promise<void> {
  if (options.replace) {
    const listed = quotas.map((quota) => quota.profile);
    if (options.keepRemoved) {
      await manager.query(`UPDATE convention_profile_quota SET quota = 0 WHERE convention_id = $1 AND NOT (profile = ANY($2::text[]))`,
        [conventionId, listed]);
    } else {
      await manager.query(`DELETE FROM convention_profile_quota WHERE convention_id = $1 AND NOT (profile = ANY($2::text[]))`,
        [conventionId, listed]);
    }
  }
  for (const quota of quotas) {
    await manager.query(`INSERT INTO convention_profile_quota (convention_id, profile, quota) VALUES ($1, $2, $3)
      ON CONFLICT (convention_id, profile) DO UPDATE SET quota = EXCLUDED.quota`, [conventionId, quota.profile, quota.quota]);
  }
}

/** Writes the snapshot of `version` (replacing it while the convention is a draft: a draft's version 1 follows its edits). */
export async function writeVersion(manager: EntityManager, convention: ConventionEntity, terms: ConventionTerms, reason: string,
  actor: { kind: string; id: string }, options: { replace: boolean } = { replace: false }): Promise<void> {
  const snapshot = termsSnapshot(convention.code, convention.version, convention.status, terms);
  // A draft's version 1 is rewritten by its edits; an agreed version is written once (a second write fails on the key).
  await manager.query(`INSERT INTO convention_version (convention_id, version, snapshot, reason, created_by_kind, created_by_id)
    VALUES ($1, $2, $3, $4, $5, $6)${options.replace ? ' ON CONFLICT (convention_id, version) DO UPDATE SET snapshot = EXCLUDED.snapshot' : ''}`,
  [convention.id, convention.version, JSON.stringify(snapshot), reason, actor.kind, actor.id]);
}

/** The profiles of a convention (every row, quota 0 included): each one's pool must follow a quota change. */
export async function quotaProfiles(manager: EntityManager, conventionId: string): Promise<string[]> {
  const rows: { profile: string }[] = await manager.query(
    'SELECT profile FROM convention_profile_quota WHERE convention_id = $1 ORDER BY profile', [conventionId]);
  return rows.map((row) => row.profile);
}
