import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@passerelle/graphql-kit';
import { SpaceScope } from './space-scope.js';

/** One opening of a moderation access (table space_moderation_access). */
export interface ModerationAccessRecord {
  readonly id: string;
  readonly spaceId: string;
  readonly adminId: string;
  readonly adminName: string;
  readonly reason: string;
  readonly openedAt: Date;
  readonly expiresAt: Date;
}

/** What a hub administrator sees of a space: its name, school, owners and size, nothing of its content. */
export interface SpaceOverviewRecord {
  readonly id: string;
  readonly title: string;
  readonly structureId: string;
  readonly createdAt: Date;
  readonly storageUsedBytes: number;
  readonly owners: readonly { readonly id: string; readonly displayName: string }[];
}

const ACCESS_COLUMNS = `id, space_id AS "spaceId", admin_id AS "adminId", admin_name AS "adminName", reason,
  opened_at AS "openedAt", expires_at AS "expiresAt"`;

/** Moderation accesses and the administrators' overview of spaces (plain SQL: read-only views and one insert). */
@Injectable()
export class ModerationAccessRepository {
  constructor(private readonly dataSource: DataSource) {}

  async adminName(manager: EntityManager, adminId: string): Promise<string | null> {
    if (!isUuid(adminId)) return null;
    const rows: { display_name: string }[] = await manager.query(`SELECT display_name FROM hub_admin WHERE id = $1`, [adminId]);
    return rows[0]?.display_name ?? null;
  }

  /** Locks the space's row (so that two openings of the same space are journalled one after the other); false when there is none. */
  async lockSpace(manager: EntityManager, spaceId: string): Promise<boolean> {
    if (!isUuid(spaceId)) return false;
    const rows: unknown[] = await manager.query(`SELECT id FROM space WHERE id = $1 FOR SHARE`, [spaceId]);
    return rows.length > 0;
  }

  async insert(manager: EntityManager, access: Omit<ModerationAccessRecord, 'id'>): Promise<ModerationAccessRecord> {
    const rows: ModerationAccessRecord[] = await manager.query(
      `INSERT INTO space_moderation_access (space_id, admin_id, admin_name, reason, opened_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ACCESS_COLUMNS}`,
      [access.spaceId, access.adminId, access.adminName, access.reason, access.openedAt, access.expiresAt]);
    return rows[0];
  }

  /** The space's journal of moderation accesses, newest first (at most `limit`). */
  async ofSpace(scope: SpaceScope, limit = 100): Promise<ModerationAccessRecord[]> {
    return this.ofSpaces([scope.spaceId], limit).then((map) => map.get(scope.spaceId) ?? []);
  }

  /** The journals of several spaces at once (the administrators' list), newest first, at most `limit` each. */
  async ofSpaces(spaceIds: readonly string[], limit = 100): Promise<Map<string, ModerationAccessRecord[]>> {
    const ids = spaceIds.filter(isUuid);
    const map = new Map<string, ModerationAccessRecord[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return map;
    const rows: ModerationAccessRecord[] = await this.dataSource.query(
      `SELECT ${ACCESS_COLUMNS} FROM (
         SELECT m.*, row_number() OVER (PARTITION BY m.space_id ORDER BY m.opened_at DESC, m.id DESC) AS n
         FROM space_moderation_access m WHERE m.space_id = ANY($1::uuid[])) m
       WHERE n <= $2 ORDER BY opened_at DESC, id DESC`, [ids, limit]);
    for (const row of rows) map.get(row.spaceId)?.push(row);
    return map;
  }

  /** Spaces' overviews by id (owners by name, storage used), in the order asked; ids that are not spaces are absent. */
  async overviews(spaceIds: readonly string[]): Promise<SpaceOverviewRecord[]> {
    const ids = spaceIds.filter(isUuid);
    if (ids.length === 0) return [];
    const rows: (Omit<SpaceOverviewRecord, 'storageUsedBytes'> & { storageUsedBytes: string })[] = await this.dataSource.query(
      `SELECT s.id, s.title, s.structure_id AS "structureId", s.created_at AS "createdAt",
         coalesce((SELECT st.used_bytes FROM space_storage st WHERE st.space_id = s.id), 0)::text AS "storageUsedBytes",
         coalesce((SELECT json_agg(json_build_object('id', p.id, 'displayName', p.display_name) ORDER BY p.display_name, p.id)
           FROM space_person sp JOIN person p ON p.id = sp.person_id WHERE sp.space_id = s.id AND sp.role = 'OWNER'), '[]'::json) AS owners
       FROM space s WHERE s.id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((row) => [row.id, { ...row, storageUsedBytes: Number(row.storageUsedBytes) }]));
    return ids.map((id) => byId.get(id.toLowerCase())).filter((row): row is SpaceOverviewRecord => !!row);
  }
}
