import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '@passerelle/database';
import { CursorPosition, isUuid } from '@passerelle/graphql-kit';
import { ActorKind } from './space.entity.js';
import { SpaceScope } from './space-scope.js';

export type VersionStatus = 'PENDING' | 'PUBLISHED' | 'REJECTED';

/** Which documents a list holds: all of the space's, those at its root, or those of one folder. */
export type DocumentPlace = { readonly kind: 'ALL' } | { readonly kind: 'ROOT' } | { readonly kind: 'FOLDER'; readonly folderId: string };

/** SQL for the place (`d` is the document), with the folder id as the next parameter when there is one. */
function placeSql(place: DocumentPlace, params: unknown[]): string {
  if (place.kind === 'ROOT') return ' AND d.folder_id IS NULL';
  if (place.kind === 'FOLDER') {
    params.push(place.folderId);
    return ` AND d.folder_id = $${params.length}::uuid`;
  }
  return '';
}

/**
 * Which versions a reader sees: published ones, their own (held or rejected, with the reason), and, for those who
 * moderate the space, every held one. A document shows as the latest version its reader sees; a document with none
 * does not exist for them.
 */
export interface DocumentVisibility {
  readonly actorKind: string;
  readonly actorId: string;
  readonly mayModerate: boolean;
}

/** A document with the version its reader sees, as read from the database. */
export interface DocumentRecord {
  readonly id: string;
  /** The version shown (the latest one the reader sees). */
  readonly versionId: string;
  readonly status: VersionStatus;
  /** Why a moderator refused the version shown (only its uploader sees a refused version). */
  readonly moderationReason: string | null;
  readonly spaceId: string;
  readonly folderId: string | null;
  readonly name: string;
  readonly version: number;
  readonly storageKey: string;
  readonly mediaType: string;
  readonly extension: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly uploadedByKind: ActorKind;
  readonly uploadedById: string;
  /** Who created the document (its first version): they may rename and delete it (documents.rules.ts). */
  readonly createdByKind: ActorKind;
  readonly createdById: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A version waiting for a moderator, with its uploader (the moderation queue). */
export interface HeldVersionRecord {
  readonly versionId: string;
  readonly documentId: string;
  readonly spaceId: string;
  readonly version: number;
  readonly name: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly uploadedByKind: ActorKind;
  readonly uploadedById: string;
  readonly heldSince: Date;
}

/** One version of a document as a list shows it (the versions its reader sees). */
export interface VersionListing {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly sizeBytes: number;
  readonly status: VersionStatus;
  readonly uploadedByKind: ActorKind;
  readonly uploadedById: string;
  readonly createdAt: Date;
}

/** One version of a document with what sends its bytes. */
export interface VersionContentRecord {
  readonly id: string;
  readonly documentId: string;
  readonly version: number;
  readonly name: string;
  readonly status: VersionStatus;
  readonly storageKey: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly uploadedByKind: ActorKind;
  readonly uploadedById: string;
}

/** One version of a document, without its content. */
export interface DocumentVersionRecord {
  readonly id: string;
  readonly documentId: string;
  readonly version: number;
  readonly uploadedByKind: ActorKind;
  readonly uploadedById: string;
  readonly status: VersionStatus;
  readonly storageKey: string;
  readonly originalName: string;
}

export interface FolderRecord {
  readonly id: string;
  readonly spaceId: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly createdAt: Date;
  readonly createdByKind?: ActorKind;
  readonly createdById?: string;
  /** No document and no folder inside (as listed by `folders`). */
  readonly empty?: boolean;
}

export interface NewVersion {
  readonly storageKey: string;
  readonly originalName: string;
  readonly mediaType: string;
  readonly extension: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly uploadedBy: { readonly kind: ActorKind; readonly id: string };
  /** PENDING where the space holds its pupils' contributions (wall-rules.ts initialStatus). */
  readonly status: 'PENDING' | 'PUBLISHED';
}

/** SQL: whether the version `v` is one the reader (actor kind, actor id, may moderate: three SQL parameters) sees. */
function versionVisibleSql(kind: string, id: string, moderates: string): string {
  return `(v.status = 'PUBLISHED' OR (v.status = 'PENDING' AND ${moderates}::boolean)
    OR (v.uploaded_by_kind = ${kind} AND v.uploaded_by_id = CAST(${id} AS uuid)))`;
}

/** SQL: each document with the latest version the reader sees (parameters as versionVisibleSql). */
function selectVisible(kind: string, id: string, moderates: string): string {
  return `
  SELECT d.id, d.space_id AS "spaceId", d.folder_id AS "folderId", v.original_name AS name, v.version, v.id AS "versionId",
    v.storage_key AS "storageKey", v.media_type AS "mediaType", v.extension, v.size_bytes::text AS "sizeBytes", v.sha256, v.status,
    CASE WHEN v.status = 'REJECTED' THEN v.moderation_reason END AS "moderationReason",
    v.uploaded_by_kind AS "uploadedByKind", v.uploaded_by_id AS "uploadedById",
    d.created_by_kind AS "createdByKind", d.created_by_id AS "createdById", d.created_at AS "createdAt", v.created_at AS "updatedAt"
  FROM document d JOIN LATERAL (
    SELECT * FROM document_version v WHERE v.document_id = d.id AND v.space_id = d.space_id AND ${versionVisibleSql(kind, id, moderates)}
    ORDER BY v.version DESC LIMIT 1) v ON true`;
}

function visibilityParams(visibility: DocumentVisibility): unknown[] {
  return [visibility.actorKind, isUuid(visibility.actorId) ? visibility.actorId : null, visibility.mayModerate];
}

/** TypeORM's PostgreSQL driver answers an UPDATE with [rows, affected count], a SELECT or INSERT with rows. */
function record(row: Record<string, unknown>): DocumentRecord {
  return { ...(row as unknown as DocumentRecord), sizeBytes: Number(row.sizeBytes) };
}

/**
 * Documents, folders and the storage account of spaces. Every read or write of a space's documents takes its
 * SpaceScope, so that a query without `space_id` cannot be written.
 */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The space a document belongs to (for the access decision), or null. */
  async locate(documentId: string): Promise<string | null> {
    if (!isUuid(documentId)) return null;
    const rows: { spaceId: string }[] = await this.dataSource.query(`SELECT space_id AS "spaceId" FROM document WHERE id = $1`, [documentId]);
    return rows[0]?.spaceId ?? null;
  }

  /** A document as this reader sees it; null when it is not in the space or they see none of its versions. */
  async find(scope: SpaceScope, documentId: string, visibility: DocumentVisibility, manager: EntityManager = this.dataSource.manager)
    : Promise<DocumentRecord | null> {
    if (!isUuid(documentId)) return null;
    const rows = await manager.query(`${selectVisible('$3', '$4', '$5')} WHERE d.space_id = $1 AND d.id = $2`,
      [scope.spaceId, documentId, ...visibilityParams(visibility)]);
    return rows[0] ? record(rows[0]) : null;
  }

  async folderExists(scope: SpaceScope, folderId: string): Promise<boolean> {
    if (!isUuid(folderId)) return false;
    const rows = await this.dataSource.query(`SELECT 1 FROM document_folder WHERE space_id = $1 AND id = $2`, [scope.spaceId, folderId]);
    return rows.length > 0;
  }

  /** Creates a folder (under `parentId`, or at the root); null when a sibling already has that name. */
  async createFolder(scope: SpaceScope, parentId: string | null, name: string, by: { kind: ActorKind; id: string }): Promise<FolderRecord | null> {
    const rows: FolderRecord[] = await this.dataSource.query(
      `INSERT INTO document_folder (space_id, parent_id, name, created_by_kind, created_by_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING id, space_id AS "spaceId", parent_id AS "parentId", name, created_at AS "createdAt",
         created_by_kind AS "createdByKind", created_by_id AS "createdById"`,
      [scope.spaceId, parentId, name, by.kind, by.id]);
    return rows[0] ?? null;
  }

  /** Bytes the space may still store. */
  async remainingBytes(scope: SpaceScope): Promise<number> {
    await this.dataSource.query(`INSERT INTO space_storage (space_id) VALUES ($1) ON CONFLICT (space_id) DO NOTHING`, [scope.spaceId]);
    const rows: { remaining: string }[] = await this.dataSource.query(
      `SELECT (quota_bytes - used_bytes)::text AS remaining FROM space_storage WHERE space_id = $1`, [scope.spaceId]);
    return Number(rows[0]?.remaining ?? 0);
  }

  /** The space's quota, in bytes. */
  async quotaBytes(scope: SpaceScope): Promise<number> {
    await this.dataSource.query(`INSERT INTO space_storage (space_id) VALUES ($1) ON CONFLICT (space_id) DO NOTHING`, [scope.spaceId]);
    const rows: { quota: string }[] = await this.dataSource.query(`SELECT quota_bytes::text AS quota FROM space_storage WHERE space_id = $1`, [scope.spaceId]);
    return Number(rows[0]?.quota ?? 0);
  }

  /** Bytes of the versions one person uploaded to the space (held and refused ones included: their files are stored). */
  async bytesUploadedBy(scope: SpaceScope, who: { kind: ActorKind; id: string }, manager: EntityManager = this.dataSource.manager): Promise<number> {
    if (!isUuid(who.id)) return 0;
    const rows: { n: string }[] = await manager.query(
      `SELECT coalesce(sum(size_bytes), 0)::text AS n FROM document_version WHERE space_id = $1 AND uploaded_by_kind = $2 AND uploaded_by_id = $3`,
      [scope.spaceId, who.kind, who.id]);
    return Number(rows[0]?.n ?? 0);
  }

  /** Bytes the space stores now (every version, held ones included). */
  async usedBytes(scope: SpaceScope): Promise<number> {
    const rows: { used: string }[] = await this.dataSource.query(`SELECT used_bytes::text AS used FROM space_storage WHERE space_id = $1`, [scope.spaceId]);
    return Number(rows[0]?.used ?? 0);
  }

  /** Every folder of the space, by name (a space has few: the screen builds the tree and the breadcrumb). */
  async folders(scope: SpaceScope): Promise<FolderRecord[]> {
    return this.dataSource.query(
      `SELECT f.id, f.space_id AS "spaceId", f.parent_id AS "parentId", f.name, f.created_at AS "createdAt",
         f.created_by_kind AS "createdByKind", f.created_by_id AS "createdById",
         NOT EXISTS (SELECT 1 FROM document d WHERE d.folder_id = f.id)
           AND NOT EXISTS (SELECT 1 FROM document_folder c WHERE c.parent_id = f.id) AS empty
       FROM document_folder f WHERE f.space_id = $1 ORDER BY lower(f.name), f.id`, [scope.spaceId]);
  }

  /** The versions of a document this reader sees, newest first. */
  async versions(scope: SpaceScope, documentId: string, visibility: DocumentVisibility): Promise<VersionListing[]> {
    if (!isUuid(documentId)) return [];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT v.id, v.version, v.original_name AS name, v.size_bytes::text AS "sizeBytes", v.status,
         v.uploaded_by_kind AS "uploadedByKind", v.uploaded_by_id AS "uploadedById", v.created_at AS "createdAt"
       FROM document_version v WHERE v.space_id = $1 AND v.document_id = $2 AND ${versionVisibleSql('$3', '$4', '$5')}
       ORDER BY v.version DESC`, [scope.spaceId, documentId, ...visibilityParams(visibility)]);
    return rows.map((row) => ({ ...(row as unknown as VersionListing), sizeBytes: Number(row.sizeBytes) }));
  }

  /** One version of a document of the space, by its number, whatever its status (the caller decides who may have it). */
  async findVersionByNumber(scope: SpaceScope, documentId: string, version: number): Promise<VersionContentRecord | null> {
    if (!isUuid(documentId) || !Number.isSafeInteger(version) || version < 1) return null;
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT v.id, v.document_id AS "documentId", v.version, v.original_name AS name, v.status, v.storage_key AS "storageKey",
         v.media_type AS "mediaType", v.size_bytes::text AS "sizeBytes", v.sha256,
         v.uploaded_by_kind AS "uploadedByKind", v.uploaded_by_id AS "uploadedById"
       FROM document_version v WHERE v.space_id = $1 AND v.document_id = $2 AND v.version = $3`, [scope.spaceId, documentId, version]);
    return rows[0] ? { ...(rows[0] as unknown as VersionContentRecord), sizeBytes: Number(rows[0].sizeBytes) } : null;
  }

  /**
   * Gives a folder of the space a new name: the folder, 'MISSING' when it is not there, 'TAKEN' when a sibling already
   * has that name (the unique index decides, case-insensitively).
   */
  async renameFolder(scope: SpaceScope, folderId: string, name: string): Promise<FolderRecord | 'MISSING' | 'TAKEN'> {
    if (!isUuid(folderId)) return 'MISSING';
    try {
      const rows = returnedRows<FolderRecord>(await this.dataSource.query(
        `UPDATE document_folder SET name = $3 WHERE space_id = $1 AND id = $2
         RETURNING id, space_id AS "spaceId", parent_id AS "parentId", name, created_at AS "createdAt",
           created_by_kind AS "createdByKind", created_by_id AS "createdById",
           NOT EXISTS (SELECT 1 FROM document d WHERE d.folder_id = $2)
             AND NOT EXISTS (SELECT 1 FROM document_folder c WHERE c.parent_id = $2) AS empty`, [scope.spaceId, folderId, name]));
      return rows[0] ?? 'MISSING';
    } catch (error) {
      if ((error as { code?: string; constraint?: string }).code === '23505') return 'TAKEN';
      throw error;
    }
  }

  /**
   * Gives a new name to the version a reader sees as current (and to the document, which search reads, when that
   * version is published); false when it is not there.
   */
  async rename(scope: SpaceScope, documentId: string, versionId: string, name: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const rows = returnedRows(await manager.query(
        `UPDATE document_version SET original_name = $4 WHERE space_id = $1 AND document_id = $2 AND id = $3 RETURNING status`,
        [scope.spaceId, documentId, versionId, name]));
      if (rows.length === 0) return false;
      await manager.query(
        `UPDATE document d SET name = latest.original_name
         FROM (SELECT original_name FROM document_version WHERE space_id = $1 AND document_id = $2 AND status = 'PUBLISHED'
               ORDER BY version DESC LIMIT 1) latest
         WHERE d.space_id = $1 AND d.id = $2`, [scope.spaceId, documentId]);
      return true;
    });
  }

  /** Counts `bytes` against the space's quota; false (and nothing counted) when they do not fit. */
  async reserve(manager: EntityManager, scope: SpaceScope, bytes: number): Promise<boolean> {
    await manager.query(`INSERT INTO space_storage (space_id) VALUES ($1) ON CONFLICT (space_id) DO NOTHING`, [scope.spaceId]);
    const rows = returnedRows(await manager.query(
      `UPDATE space_storage SET used_bytes = used_bytes + $2 WHERE space_id = $1 AND used_bytes + $2 <= quota_bytes RETURNING space_id`,
      [scope.spaceId, bytes]));
    return rows.length > 0;
  }

  /** A new document and its first version; returns both ids. */
  async createDocument(manager: EntityManager, scope: SpaceScope, folderId: string | null, name: string, version: NewVersion)
    : Promise<{ id: string; versionId: string }> {
    const [{ id }] = await manager.query(
      `INSERT INTO document (space_id, folder_id, name, created_by_kind, created_by_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [scope.spaceId, folderId, name, version.uploadedBy.kind, version.uploadedBy.id]);
    const versionId = await this.insertVersion(manager, scope, id, 1, version);
    return { id, versionId };
  }

  /** Adds the next version of a document and makes it current; null when the document is not in the space. */
  async addVersion(manager: EntityManager, scope: SpaceScope, documentId: string, name: string, version: NewVersion)
    : Promise<{ version: number; versionId: string } | null> {
    // A held version takes the next number but changes nothing others see (name, date) until it is approved.
    const rows = returnedRows<{ current_version: number }>(await manager.query(
      `UPDATE document SET current_version = current_version + 1,
         name = CASE WHEN $4 = 'PUBLISHED' THEN $3 ELSE name END, updated_at = CASE WHEN $4 = 'PUBLISHED' THEN now() ELSE updated_at END
       WHERE space_id = $1 AND id = $2 RETURNING current_version`,
      [scope.spaceId, documentId, name, version.status]));
    if (!rows[0]) return null;
    const versionId = await this.insertVersion(manager, scope, documentId, rows[0].current_version, version);
    return { version: rows[0].current_version, versionId };
  }

  private async insertVersion(manager: EntityManager, scope: SpaceScope, documentId: string, number: number, version: NewVersion): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO document_version (document_id, space_id, version, storage_key, original_name, media_type, extension, size_bytes, sha256,
        uploaded_by_kind, uploaded_by_id, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [documentId, scope.spaceId, number, version.storageKey, version.originalName, version.mediaType, version.extension,
        version.sizeBytes, version.sha256, version.uploadedBy.kind, version.uploadedBy.id, version.status]);
    return id;
  }

  /** One version of a document by its number, locked for a moderator's decision; null when it is not there. */
  async lockVersion(manager: EntityManager, scope: SpaceScope, documentId: string, version: number): Promise<DocumentVersionRecord | null> {
    if (!isUuid(documentId)) return null;
    const rows: DocumentVersionRecord[] = await manager.query(
      `SELECT v.id, v.document_id AS "documentId", v.version, v.uploaded_by_kind AS "uploadedByKind", v.uploaded_by_id AS "uploadedById",
         v.status, v.storage_key AS "storageKey", v.original_name AS "originalName"
       FROM document_version v WHERE v.space_id = $1 AND v.document_id = $2 AND v.version = $3 FOR UPDATE`, [scope.spaceId, documentId, version]);
    return rows[0] ?? null;
  }

  /**
   * The held versions (latest of their document) that `uploader` sent of these documents, locked: the images a held post
   * shows, which approving the post publishes with it.
   */
  async lockHeldVersionsBy(manager: EntityManager, scope: SpaceScope, documentIds: readonly string[], uploader: { kind: string; id: string })
    : Promise<{ id: string; documentId: string }[]> {
    const ids = documentIds.filter(isUuid);
    if (ids.length === 0 || !isUuid(uploader.id)) return [];
    return manager.query(
      `SELECT v.id, v.document_id AS "documentId" FROM document_version v
       WHERE v.space_id = $1 AND v.document_id = ANY($2::uuid[]) AND v.status = 'PENDING' AND v.uploaded_by_kind = $3 AND v.uploaded_by_id = $4
         AND v.version = (SELECT max(w.version) FROM document_version w WHERE w.space_id = v.space_id AND w.document_id = v.document_id)
       FOR UPDATE`, [scope.spaceId, ids, uploader.kind, uploader.id]);
  }

  /**
   * Records a moderator's decision on a held version. An approved version is published: the document takes its name
   * (when it is the latest published one) and its date.
   */
  async decideVersion(manager: EntityManager, scope: SpaceScope, versionId: string, status: 'PUBLISHED' | 'REJECTED', reason: string | null)
    : Promise<void> {
    await manager.query(`UPDATE document_version SET status = $3, moderation_reason = $4, moderated_at = now() WHERE space_id = $1 AND id = $2`,
      [scope.spaceId, versionId, status, reason]);
    if (status !== 'PUBLISHED') return;
    await manager.query(
      `UPDATE document d SET name = latest.original_name, updated_at = now()
       FROM (SELECT v.document_id, v.original_name FROM document_version v
             WHERE v.space_id = $1 AND v.document_id = (SELECT document_id FROM document_version WHERE id = $2) AND v.status = 'PUBLISHED'
             ORDER BY v.version DESC LIMIT 1) latest
       WHERE d.space_id = $1 AND d.id = latest.document_id`, [scope.spaceId, versionId]);
  }

  /** One version of a document of the space (the notification of an upload re-reads it), or null. */
  async findVersion(scope: SpaceScope, versionId: string): Promise<DocumentVersionRecord | null> {
    if (!isUuid(versionId)) return null;
    const rows: DocumentVersionRecord[] = await this.dataSource.query(
      `SELECT v.id, v.document_id AS "documentId", v.version, v.uploaded_by_kind AS "uploadedByKind", v.uploaded_by_id AS "uploadedById",
         v.status, v.storage_key AS "storageKey", v.original_name AS "originalName"
       FROM document_version v JOIN document d ON d.id = v.document_id AND d.space_id = v.space_id
       WHERE v.space_id = $1 AND v.id = $2`, [scope.spaceId, versionId]);
    return rows[0] ?? null;
  }

  /** The space a folder belongs to (for the access decision), or null. */
  async locateFolder(folderId: string): Promise<string | null> {
    if (!isUuid(folderId)) return null;
    const rows: { spaceId: string }[] = await this.dataSource.query(`SELECT space_id AS "spaceId" FROM document_folder WHERE id = $1`, [folderId]);
    return rows[0]?.spaceId ?? null;
  }

  /** Who created a folder of the space, or null when it is not there. */
  async folderCreator(scope: SpaceScope, folderId: string): Promise<{ kind: ActorKind; id: string } | null> {
    if (!isUuid(folderId)) return null;
    const rows: { kind: ActorKind; id: string }[] = await this.dataSource.query(
      `SELECT created_by_kind AS kind, created_by_id AS id FROM document_folder WHERE space_id = $1 AND id = $2`, [scope.spaceId, folderId]);
    return rows[0] ?? null;
  }

  /** Who created a document of the space (its first version), or null when it is not there. */
  async documentCreator(scope: SpaceScope, documentId: string): Promise<{ kind: ActorKind; id: string } | null> {
    if (!isUuid(documentId)) return null;
    const rows: { kind: ActorKind; id: string }[] = await this.dataSource.query(
      `SELECT created_by_kind AS kind, created_by_id AS id FROM document WHERE space_id = $1 AND id = $2`, [scope.spaceId, documentId]);
    return rows[0] ?? null;
  }

  /**
   * Deletes a document with every version and gives their bytes back to the space's quota; returns the storage keys
   * of the versions (their files are removed by a job once this commits), or null when the document is not there.
   * Locks in the order an upload takes them (the space's storage row, then the document), so that a version added at
   * the same time is either counted here or refused, never a deadlock.
   */
  async deleteDocument(manager: EntityManager, scope: SpaceScope, documentId: string): Promise<{ storageKeys: string[]; bytes: number } | null> {
    await manager.query(`SELECT 1 FROM space_storage WHERE space_id = $1 FOR UPDATE`, [scope.spaceId]);
    const locked = await manager.query(`SELECT id FROM document WHERE space_id = $1 AND id = $2 FOR UPDATE`, [scope.spaceId, documentId]);
    if (locked.length === 0) return null;
    const versions: { storage_key: string; size_bytes: string }[] = await manager.query(
      `SELECT storage_key, size_bytes::text AS size_bytes FROM document_version WHERE space_id = $1 AND document_id = $2`, [scope.spaceId, documentId]);
    await manager.query(`DELETE FROM document WHERE space_id = $1 AND id = $2`, [scope.spaceId, documentId]);
    const bytes = versions.reduce((sum, version) => sum + Number(version.size_bytes), 0);
    await this.release(manager, scope, bytes);
    return { storageKeys: versions.map((version) => version.storage_key), bytes };
  }

  /** Gives `bytes` back to the space's quota (deleted versions). */
  private async release(manager: EntityManager, scope: SpaceScope, bytes: number): Promise<void> {
    await manager.query(`UPDATE space_storage SET used_bytes = greatest(used_bytes - $2, 0) WHERE space_id = $1`, [scope.spaceId, bytes]);
  }

  /**
   * The documents, in any space, with a version one of these uploaders added (a guest's erasure at deprovisioning:
   * the worker acts for the hub), ordered by space then document so that locks are always taken in the same order.
   */
  async documentsWithVersionsBy(manager: EntityManager, uploaders: { kind: ActorKind; ids: readonly string[] })
    : Promise<{ spaceId: string; documentId: string }[]> {
    if (uploaders.ids.length === 0) return [];
    return manager.query(
      `SELECT DISTINCT space_id AS "spaceId", document_id AS "documentId" FROM document_version
       WHERE uploaded_by_kind = $1 AND uploaded_by_id = ANY($2::uuid[]) ORDER BY 1, 2`, [uploaders.kind, [...uploaders.ids]]);
  }

  /**
   * Deletes the versions these uploaders added to a document (a guest's erasure) and gives their bytes back to the
   * space's quota. A document left without versions goes entirely (as deleteDocument). Otherwise the others' versions
   * stay: the latest of them becomes current (current_version is always the highest version, so the next upload still
   * gets a free number), and the document takes that version's file name and its first remaining uploader as creator,
   * so that no name the erased uploaders gave survives. Returns the storage keys of the deleted versions (their files
   * are removed by a job once this commits), or null when the document is not there. Locks as deleteDocument does.
   */
  async deleteVersionsBy(manager: EntityManager, scope: SpaceScope, documentId: string, uploaders: { kind: ActorKind; ids: readonly string[] })
    : Promise<{ storageKeys: string[]; bytes: number } | null> {
    await manager.query(`SELECT 1 FROM space_storage WHERE space_id = $1 FOR UPDATE`, [scope.spaceId]);
    const locked = await manager.query(`SELECT id FROM document WHERE space_id = $1 AND id = $2 FOR UPDATE`, [scope.spaceId, documentId]);
    if (locked.length === 0) return null;
    const versions: { version: number; storage_key: string; size_bytes: string; original_name: string; uploaded_by_kind: ActorKind;
      uploaded_by_id: string; status: VersionStatus; erased: boolean }[] = await manager.query(
      `SELECT version, storage_key, size_bytes::text AS size_bytes, original_name, uploaded_by_kind, uploaded_by_id, status,
              (uploaded_by_kind = $3 AND uploaded_by_id = ANY($4::uuid[])) AS erased
       FROM document_version WHERE space_id = $1 AND document_id = $2 ORDER BY version`,
      [scope.spaceId, documentId, uploaders.kind, [...uploaders.ids]]);
    const erased = versions.filter((version) => version.erased);
    const kept = versions.filter((version) => !version.erased);
    if (kept.length === 0) return this.deleteDocument(manager, scope, documentId);
    if (erased.length === 0) return { storageKeys: [], bytes: 0 };
    await manager.query(`DELETE FROM document_version WHERE space_id = $1 AND document_id = $2 AND version = ANY($3::int[])`,
      [scope.spaceId, documentId, erased.map((version) => version.version)]);
    const [first, latest] = [kept[0], kept[kept.length - 1]];
    // The name others read (search) is that of the latest published version, never of a held one.
    const named = [...kept].reverse().find((version) => version.status === 'PUBLISHED') ?? latest;
    await manager.query(
      `UPDATE document SET current_version = $3, name = $4, created_by_kind = $5, created_by_id = $6, updated_at = now()
       WHERE space_id = $1 AND id = $2`,
      [scope.spaceId, documentId, latest.version, named.original_name, first.uploaded_by_kind, first.uploaded_by_id]);
    const bytes = erased.reduce((sum, version) => sum + Number(version.size_bytes), 0);
    await this.release(manager, scope, bytes);
    return { storageKeys: erased.map((version) => version.storage_key), bytes };
  }

  /**
   * Gives a folder a neutral name, "Dossier 1" or the next one free among its siblings (a guest's folder that still
   * holds others' documents: it stays where they put them, without the name the guest gave it).
   */
  async renameFolderNeutrally(manager: EntityManager, scope: SpaceScope, folderId: string): Promise<void> {
    await manager.query(
      `UPDATE document_folder f SET name = (
         SELECT 'Dossier ' || n FROM generate_series(1, 100000) AS n
         WHERE NOT EXISTS (SELECT 1 FROM document_folder s WHERE s.space_id = f.space_id AND s.id <> f.id
           AND s.parent_id IS NOT DISTINCT FROM f.parent_id AND lower(s.name) = 'dossier ' || n)
         ORDER BY n LIMIT 1)
       WHERE f.space_id = $1 AND f.id = $2`, [scope.spaceId, folderId]);
  }

  /** The folders, in any space, these actors created (a guest's erasure), deepest first. */
  async foldersCreatedBy(manager: EntityManager, creators: { kind: ActorKind; ids: readonly string[] })
    : Promise<{ spaceId: string; folderId: string }[]> {
    if (creators.ids.length === 0) return [];
    return manager.query(
      `WITH RECURSIVE up AS (
         SELECT space_id, id AS folder_id, parent_id, 0 AS level FROM document_folder
         WHERE created_by_kind = $1 AND created_by_id = ANY($2::uuid[])
         UNION ALL SELECT up.space_id, up.folder_id, f.parent_id, up.level + 1 FROM up JOIN document_folder f ON f.id = up.parent_id)
       SELECT space_id AS "spaceId", folder_id AS "folderId" FROM up GROUP BY space_id, folder_id ORDER BY max(level) DESC, 1, 2`,
      [creators.kind, [...creators.ids]]);
  }

  /** Deletes an empty folder: 'DELETED', 'NOT_EMPTY' (documents or folders inside: nothing deleted) or 'MISSING'. */
  async deleteEmptyFolder(manager: EntityManager, scope: SpaceScope, folderId: string): Promise<'DELETED' | 'NOT_EMPTY' | 'MISSING'> {
    const locked = await manager.query(`SELECT id FROM document_folder WHERE space_id = $1 AND id = $2 FOR UPDATE`, [scope.spaceId, folderId]);
    if (locked.length === 0) return 'MISSING';
    const [{ busy }] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM document WHERE space_id = $1 AND folder_id = $2)
           OR EXISTS (SELECT 1 FROM document_folder WHERE space_id = $1 AND parent_id = $2) AS busy`, [scope.spaceId, folderId]);
    if (busy) return 'NOT_EMPTY';
    await manager.query(`DELETE FROM document_folder WHERE space_id = $1 AND id = $2`, [scope.spaceId, folderId]);
    return 'DELETED';
  }

  /** Of these storage keys, those no version refers to any more (safe to remove from the storage). */
  async unreferencedKeys(keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows: { storage_key: string }[] = await this.dataSource.query(
      `SELECT storage_key FROM document_version WHERE storage_key = ANY($1::text[])`, [[...keys]]);
    const referenced = new Set(rows.map((row) => row.storage_key));
    return keys.filter((key) => !referenced.has(key));
  }

  /** A page of the space's documents (all, at the root, or of one folder), newest first (keyset on created_at, id), with each row's cursor position. */
  async page(scope: SpaceScope, visibility: DocumentVisibility, limit: number, after: CursorPosition | null, place: DocumentPlace = { kind: 'ALL' })
    : Promise<{ node: DocumentRecord; position: CursorPosition }[]> {
    const params: unknown[] = [scope.spaceId, limit, ...visibilityParams(visibility)];
    let where = 'd.space_id = $1';
    if (after) {
      params.push(after.createdAt, after.id);
      where += ' AND (d.created_at, d.id) < ($6::timestamptz, $7::uuid)';
    }
    where += placeSql(place, params);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `${selectVisible('$3', '$4', '$5').replace('SELECT d.id,', `SELECT to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt", d.id,`)}
       WHERE ${where} ORDER BY d.created_at DESC, d.id DESC LIMIT $2`, params);
    return rows.map((row) => ({ node: record(row), position: { createdAt: String(row.cursorAt), id: String(row.id) } }));
  }

  /**
   * The held versions of the space's documents (the moderation queue's uploads), oldest first, each with its
   * uploader: only moderators are shown them (DocumentsService.listHeld decides).
   */
  async pageHeld(scope: SpaceScope, limit: number, after: CursorPosition | null): Promise<{ node: HeldVersionRecord; position: CursorPosition }[]> {
    const params: unknown[] = [scope.spaceId, limit];
    let where = `v.space_id = $1 AND v.status = 'PENDING'`;
    if (after) {
      params.push(after.createdAt, after.id);
      where += ' AND (v.created_at, v.id) > ($3::timestamptz, $4::uuid)';
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT to_char(v.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt", v.id AS "versionId",
         v.document_id AS "documentId", v.space_id AS "spaceId", v.version, v.original_name AS name, v.media_type AS "mediaType",
         v.size_bytes::text AS "sizeBytes", v.uploaded_by_kind AS "uploadedByKind", v.uploaded_by_id AS "uploadedById",
         v.created_at AS "heldSince"
       FROM document_version v WHERE ${where} ORDER BY v.created_at, v.id LIMIT $2`, params);
    return rows.map((row) => ({
      node: { ...(row as unknown as HeldVersionRecord), sizeBytes: Number(row.sizeBytes) },
      position: { createdAt: String(row.cursorAt), id: String(row.versionId) },
    }));
  }

  async countHeld(scope: SpaceScope): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(*)::text AS n FROM document_version WHERE space_id = $1 AND status = 'PENDING'`, [scope.spaceId]);
    return Number(rows[0]?.n ?? 0);
  }

  async count(scope: SpaceScope, visibility: DocumentVisibility, place: DocumentPlace = { kind: 'ALL' }): Promise<number> {
    const params: unknown[] = [scope.spaceId, ...visibilityParams(visibility)];
    const where = placeSql(place, params);
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(*)::text AS n FROM document d WHERE d.space_id = $1${where}
         AND EXISTS (SELECT 1 FROM document_version v WHERE v.document_id = d.id AND v.space_id = d.space_id AND ${versionVisibleSql('$2', '$3', '$4')})`,
      params);
    return Number(rows[0]?.n ?? 0);
  }
}
