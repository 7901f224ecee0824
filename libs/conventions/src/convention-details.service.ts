import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SignatorySide } from './convention-parts.entity.js';

export interface PartnerStructureRow { conventionId: string; uai: string; name: string | null }
export interface QuotaRow { conventionId: string; profile: string; quota: number }
export interface SignatoryRow { conventionId: string; id: string; side: SignatorySide; fullName: string; capacity: string; signedAt: string | null }
export interface VersionRow {
  conventionId: string; version: number; snapshot: Record<string, unknown>; reason: string; createdByKind: string; createdById: string;
  createdAt: Date;
}

/** Groups rows by convention id, in the order of `ids` (for DataLoader). */
function groupBy<T extends { conventionId: string }>(ids: readonly string[], rows: readonly T[]): T[][] {
  const byId = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) byId.get(row.conventionId)?.push(row);
  return ids.map((id) => byId.get(id) ?? []);
}

/**
 * The children of conventions whose access was already decided by the query that returned them, one query per kind
 * for many conventions at once (the GraphQL loaders batch them).
 */
@Injectable()
export class ConventionDetailsService {
  constructor(private readonly dataSource: DataSource) {}

  async hostingStructureIds(ids: readonly string[]): Promise<string[][]> {
    const rows: { conventionId: string; structureId: string }[] = await this.dataSource.query(
      `SELECT convention_id AS "conventionId", structure_id AS "structureId" FROM convention_hosting_structure
       WHERE convention_id = ANY($1::uuid[]) ORDER BY structure_id`, [ids]);
    return groupBy(ids, rows).map((group) => group.map((row) => row.structureId));
  }

  async partnerStructures(ids: readonly string[]): Promise<PartnerStructureRow[][]> {
    return groupBy(ids, await this.dataSource.query(
      `SELECT convention_id AS "conventionId", uai, name FROM convention_partner_structure
       WHERE convention_id = ANY($1::uuid[]) ORDER BY uai`, [ids]));
  }

  async quotas(ids: readonly string[]): Promise<QuotaRow[][]> {
    return groupBy(ids, await this.dataSource.query(
      `SELECT convention_id AS "conventionId", profile, quota FROM convention_profile_quota
       WHERE convention_id = ANY($1::uuid[]) ORDER BY profile`, [ids]));
  }

  async signatories(ids: readonly string[]): Promise<SignatoryRow[][]> {
    return groupBy(ids, await this.dataSource.query(
      `SELECT convention_id AS "conventionId", id, side, full_name AS "fullName", capacity, to_char(signed_at, 'YYYY-MM-DD') AS "signedAt"
       FROM convention_signatory WHERE convention_id = ANY($1::uuid[]) ORDER BY side, full_name, id`, [ids]));
  }

  async versions(ids: readonly string[]): Promise<VersionRow[][]> {
    return groupBy(ids, await this.dataSource.query(
      `SELECT convention_id AS "conventionId", version, snapshot, reason, created_by_kind AS "createdByKind",
              created_by_id AS "createdById", created_at AS "createdAt"
       FROM convention_version WHERE convention_id = ANY($1::uuid[]) ORDER BY version`, [ids]));
  }
}
