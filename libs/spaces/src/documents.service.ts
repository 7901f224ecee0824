import { addressOf } from '@passerelle/access';
import { Readable, Transform } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';
import { isForeignKeyViolation } from '@passerelle/database';
import { ConflictError, DomainError, InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, PageRequest, toConnection } from '@passerelle/graphql-kit';
import { jobRequest, Transaction, UnitOfWork } from '@passerelle/jobs';
import { ContributionLimiter, Contributor, isLimited, PersonQuotaExceededError, storageShare } from './contribution-limits.js';
import {
  allowedType, AllowedType, DEFAULT_DOCUMENT_NAME, deletionAction, mayDownloadVersion, nameForType, sanitiseDocumentName, TYPE_SNIFF_BYTES,
} from './documents.rules.js';
import {
  DocumentPlace, DocumentRecord, DocumentsRepository, DocumentVisibility, FolderRecord, HeldVersionRecord, VersionContentRecord, VersionListing,
} from './documents.repository.js';
import { DocumentStorage, newStorageKey } from './documents.storage.js';
import { can, SpaceAction } from './space-permissions.js';
import { ModerationDecision, PostStatus } from './wall.entities.js';
import { insertContentModeration } from './wall.repository.js';
import { initialStatus } from './wall-rules.js';
import { moderationReason } from './wall.service.js';
import { ActorKind } from './space.entity.js';
import { SpaceScope } from './space-scope.js';
import { GrantedSpace, SpaceViewer } from './space-viewer.js';

export const DOCUMENT_NOT_FOUND = "Ce document n'existe pas ou vous n'y avez pas accès.";
export const FOLDER_NOT_FOUND = "Ce dossier n'existe pas ou vous n'y avez pas accès.";

export class DocumentTooLargeError extends DomainError {
  constructor(maxBytes: number) {
    super('DOCUMENT_TOO_LARGE', `Ce fichier est trop gros : un document ne peut pas dépasser ${megabytes(maxBytes)}.`, ['file'], { maxBytes });
  }
}

export class SpaceQuotaExceededError extends DomainError {
  constructor() {
    super('SPACE_QUOTA_EXCEEDED', "L'espace de stockage de cet espace est plein : supprimez des documents ou demandez à un enseignant.", ['file']);
  }
}

export class DocumentTypeRefusedError extends DomainError {
  constructor() {
    super('DOCUMENT_TYPE_REFUSED',
      'Ce type de fichier n\'est pas accepté. Déposez une image, un PDF, un document bureautique, un son ou une vidéo.', ['file']);
  }
}

function megabytes(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024)) || 1} Mo`;
}

/** A file arriving in a request, read once as a stream. */
export interface IncomingFile {
  readonly filename: string;
  readonly stream: Readable;
}

export interface UploadCommand {
  readonly spaceId: string;
  readonly folderId?: string | null;
  /** A new version of this document rather than a new document. */
  readonly documentId?: string | null;
  readonly file: IncomingFile;
}

export interface VisibleDocument {
  readonly granted: GrantedSpace;
  readonly document: DocumentRecord;
}

/** A space's storage as a member reads it; a member held to the per-person limits also reads their own share. */
export interface StorageAccount {
  readonly quotaBytes: number;
  readonly usedBytes: number;
  readonly myShareBytes: number | null;
  readonly myUsedBytes: number | null;
}

export interface DocumentContent {
  readonly document: DocumentRecord;
  readonly stream: Readable;
}

/** What the multipart parser throws when a file passes its size limit (it stops reading). */
const PARSER_FILE_TOO_LARGE = 'FST_REQ_FILE_TOO_LARGE';

/**
 * Upload and download of a space's documents. Bytes go from the request to the storage and back as streams: only the
 * first TYPE_SNIFF_BYTES are held, to detect the type from the content. A refused upload (type, size, quota, rights)
 * leaves nothing behind: no row, no file.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('DocumentsService');

  constructor(private readonly repository: DocumentsRepository, private readonly storage: DocumentStorage,
    private readonly unitOfWork: UnitOfWork, private readonly config: AppConfig, private readonly limiter: ContributionLimiter) {}

  /**
   * A new document, or a new version of one. Where the space holds its pupils' posts, a pupil's upload waits for a
   * moderator too (seen by its uploader and the moderators only). A pupil's uploads count against the per-person limits
   * and may fill only their share of the space's quota (contribution-limits.ts).
   */
  async upload(viewer: SpaceViewer, command: UploadCommand): Promise<VisibleDocument> {
    const granted = await viewer.require(command.spaceId, SpaceAction.UPLOAD_DOCUMENT);
    const scope = granted.scope;
    const actor = viewer.actor;
    const contributor: Contributor = { ...actor, address: addressOf(viewer.principal) };
    const visibility = visibilityOf(viewer, granted);
    const folderId = command.folderId || null;
    if (folderId && !(await this.repository.folderExists(scope, folderId))) {
      throw new InvalidInputError("Ce dossier n'existe pas dans cet espace.", ['folderId']);
    }
    const documentId = command.documentId || null;
    if (documentId && !(await this.repository.find(scope, documentId, visibility))) throw new NotFoundError(DOCUMENT_NOT_FOUND);
    // Refused before any byte is stored when the limit is already reached (counted for good in the transaction below).
    await this.limiter.check(scope, granted.role, contributor, 'UPLOAD');
    const status = initialStatus(granted.space.pupilPostsNeedApproval, granted.role) === PostStatus.PENDING ? 'PENDING' : 'PUBLISHED';

    const maxBytes = this.config.MAX_UPLOAD_BYTES;
    const remaining = await this.repository.remainingBytes(scope);
    const share = isLimited(granted.role)
      ? storageShare(await this.repository.quotaBytes(scope), this.limiter.limits.storageSharePercent) : null;
    const personal = share === null ? Number.POSITIVE_INFINITY : share - await this.repository.bytesUploadedBy(scope, actor);
    const personQuota = () => new PersonQuotaExceededError(this.limiter.limits.storageSharePercent, contributor.address);
    if (personal <= 0) throw personQuota();
    const source = command.file.stream;
    const { head, rest } = await readHead(source, TYPE_SNIFF_BYTES).catch((error) => { throw translate(error, maxBytes); });
    if (head.length === 0) throw new InvalidInputError('Le fichier est vide.', ['file']);
    if (head.length > maxBytes) throw new DocumentTooLargeError(maxBytes);
    if (head.length > remaining) throw new SpaceQuotaExceededError();
    if (head.length > personal) throw personQuota();
    const allowed = await detect(head);
    if (!allowed) throw new DocumentTypeRefusedError();

    const key = newStorageKey();
    let stored;
    try {
      stored = await this.storage.put(key, Readable.from(rest).pipe(limit(maxBytes, remaining, personal, personQuota)));
    } catch (error) {
      throw translate(error, maxBytes);
    }
    const name = nameForType(sanitiseDocumentName(command.file.filename), allowed);
    try {
      const id = await this.unitOfWork.run(async (tx) => {
        // The space's storage row is locked first (reserve), so that one person's parallel uploads are summed one after another.
        if (!(await this.repository.reserve(tx.manager, scope, stored.size))) throw new SpaceQuotaExceededError();
        if (share !== null && (await this.repository.bytesUploadedBy(scope, actor, tx.manager)) + stored.size > share) throw personQuota();
        await this.limiter.count(tx.manager, scope, granted.role, contributor, 'UPLOAD');
        const version = {
          storageKey: key, originalName: name, mediaType: allowed.mediaType, extension: allowed.extension, sizeBytes: stored.size,
          sha256: stored.sha256, uploadedBy: actor, status,
        } as const;
        const added = documentId
          ? await this.repository.addVersion(tx.manager, scope, documentId, name, version).then((v) => v && { id: documentId, versionId: v.versionId })
          : await this.repository.createDocument(tx.manager, scope, folderId, name, version);
        if (!added) throw new NotFoundError(DOCUMENT_NOT_FOUND);
        // Members hear of a new document and of a new version (the subject is the version: one notification each);
        // a held one goes to the moderators' notification instead.
        await activity(tx, scope.spaceId, status === 'PUBLISHED' ? 'DOCUMENT_ADDED' : 'MODERATION_PENDING', added.versionId);
        return added.id;
      });
      const document = await this.repository.find(scope, id, visibility);
      if (!document) throw new NotFoundError(DOCUMENT_NOT_FOUND);
      return { granted, document };
    } catch (error) {
      await this.storage.delete(key).catch((cause) => this.logger.error(`Could not remove refused upload ${key}: ${String(cause)}`));
      // The folder was deleted between the check above and the insert.
      if (isForeignKeyViolation(error, 'document_folder_id_fkey')) throw new InvalidInputError("Ce dossier n'existe pas dans cet espace.", ['folderId']);
      throw error;
    }
  }

  /** A folder of the space's document tree (contributors and above), under `parentId` or at the root. */
  async createFolder(viewer: SpaceViewer, spaceId: string, parentId: string | null | undefined, rawName: string): Promise<FolderRecord> {
    const granted = await viewer.require(spaceId, SpaceAction.UPLOAD_DOCUMENT);
    const name = sanitiseDocumentName(rawName);
    if (!rawName?.trim() || name === DEFAULT_DOCUMENT_NAME && rawName.trim() !== DEFAULT_DOCUMENT_NAME) {
      throw new InvalidInputError('Donnez un nom au dossier.', ['name']);
    }
    if (parentId && !(await this.repository.folderExists(granted.scope, parentId))) {
      throw new InvalidInputError("Ce dossier n'existe pas dans cet espace.", ['parentId']);
    }
    const folder = await this.repository.createFolder(granted.scope, parentId || null, name, viewer.actor).catch((error: unknown) => {
      // The parent was deleted between the check above and the insert.
      if (isForeignKeyViolation(error, 'document_folder_parent_id_fkey')) throw new InvalidInputError("Ce dossier n'existe pas dans cet espace.", ['parentId']);
      throw error;
    });
    if (!folder) throw new ConflictError('DOCUMENT_FOLDER_EXISTS', 'Un dossier porte déjà ce nom ici.', ['name']);
    return folder;
  }

  /**
   * Deletes a document and every version of it (its uploader, or a moderator for anyone's): the space's quota gets their
   * bytes back in the same transaction, and a job written with it removes the stored files once it has committed.
   */
  async deleteDocument(viewer: SpaceViewer, documentId: string): Promise<string> {
    const spaceId = await this.repository.locate(documentId);
    const granted = spaceId ? await viewer.find(spaceId) : null;
    const creator = granted ? await this.repository.documentCreator(granted.scope, documentId) : null;
    if (!granted || !creator) throw new NotFoundError(DOCUMENT_NOT_FOUND);
    await viewer.require(granted.scope.spaceId, SpaceAction.READ);
    // Another pupil's held document does not exist for the caller.
    if (!(await this.repository.find(granted.scope, documentId, visibilityOf(viewer, granted)))) throw new NotFoundError(DOCUMENT_NOT_FOUND);
    await viewer.require(granted.scope.spaceId, deletionAction(viewer.is(creator.kind, creator.id)));
    await this.unitOfWork.run(async (tx) => {
      const deleted = await this.repository.deleteDocument(tx.manager, granted.scope, documentId);
      if (!deleted) throw new NotFoundError(DOCUMENT_NOT_FOUND);
      await tx.enqueue(jobRequest('document-files-delete', { spaceId: granted.scope.spaceId, storageKeys: deleted.storageKeys }, [documentId]));
    });
    return documentId;
  }

  /** Deletes an empty folder (its creator, or a moderator); a folder with documents or folders inside is refused. */
  async deleteFolder(viewer: SpaceViewer, folderId: string): Promise<string> {
    const granted = await this.folderToChange(viewer, folderId);
    const outcome = await this.unitOfWork.run((tx) => this.repository.deleteEmptyFolder(tx.manager, granted.scope, folderId));
    if (outcome === 'MISSING') throw new NotFoundError(FOLDER_NOT_FOUND);
    if (outcome === 'NOT_EMPTY') {
      throw new ConflictError('FOLDER_NOT_EMPTY', "Ce dossier n'est pas vide : supprimez d'abord les documents et dossiers qu'il contient.", ['id']);
    }
    return folderId;
  }

  /** A document the caller may read (NOT_FOUND, exactly as for a missing one, when they may not know it exists). */
  async get(viewer: SpaceViewer, documentId: string): Promise<VisibleDocument> {
    const spaceId = await this.repository.locate(documentId);
    const granted = spaceId ? await viewer.find(spaceId) : null;
    if (!granted) throw new NotFoundError(DOCUMENT_NOT_FOUND);
    await viewer.require(granted.scope.spaceId, SpaceAction.READ);
    const document = await this.repository.find(granted.scope, documentId, visibilityOf(viewer, granted));
    if (!document) throw new NotFoundError(DOCUMENT_NOT_FOUND);
    return { granted, document };
  }

  /**
   * Approves or rejects a held version of a document (moderators); a rejection says why, and its uploader reads it.
   * An approved version is what every member then sees, and they hear of it.
   */
  async moderate(viewer: SpaceViewer, documentId: string, versionNumber: number, decision: ModerationDecision, reason: string | null | undefined)
    : Promise<VisibleDocument> {
    const { granted } = await this.get(viewer, documentId);
    await viewer.require(granted.scope.spaceId, SpaceAction.MODERATE);
    const why = moderationReason(decision, reason, 'son document');
    const scope = granted.scope;
    await this.unitOfWork.run(async (tx) => {
      const version = await this.repository.lockVersion(tx.manager, scope, documentId, versionNumber);
      if (!version) throw new NotFoundError(DOCUMENT_NOT_FOUND);
      if (version.status !== 'PENDING') throw new ConflictError('DOCUMENT_NOT_PENDING', 'Ce document a déjà été modéré.');
      const approved = decision === ModerationDecision.APPROVE;
      await this.repository.decideVersion(tx.manager, scope, version.id, approved ? 'PUBLISHED' : 'REJECTED', why);
      const recordId = await insertContentModeration(tx.manager, scope, { documentVersionId: version.id },
        { decision, reason: why, moderator: viewer.actor });
      await activity(tx, scope.spaceId, 'MODERATION_DECISION', recordId);
      if (approved) await activity(tx, scope.spaceId, 'DOCUMENT_ADDED', version.id);
    });
    return this.get(viewer, documentId);
  }

  /** The current version's bytes, as a stream. */
  async content(viewer: SpaceViewer, documentId: string): Promise<DocumentContent> {
    const { document } = await this.get(viewer, documentId);
    const stream = await this.storage.get(document.storageKey);
    if (!stream) {
      this.logger.error(`Document ${document.id} version ${document.version} has no stored content`);
      throw new NotFoundError(DOCUMENT_NOT_FOUND);
    }
    return { document, stream };
  }

  /**
   * One version's bytes, by its number: the document must be one the caller reads, and the version one they may
   * download (documents.rules.ts mayDownloadVersion); anything else is the same NOT_FOUND as a missing document.
   */
  async versionContent(viewer: SpaceViewer, documentId: string, versionNumber: number): Promise<{ version: VersionContentRecord; stream: Readable }> {
    const { granted } = await this.get(viewer, documentId);
    const version = await this.repository.findVersionByNumber(granted.scope, documentId, versionNumber);
    if (!version || !mayDownloadVersion(version.status, can(granted.role, SpaceAction.MODERATE), viewer.is(version.uploadedByKind, version.uploadedById))) {
      throw new NotFoundError(DOCUMENT_NOT_FOUND);
    }
    const stream = await this.storage.get(version.storageKey);
    if (!stream) {
      this.logger.error(`Document ${documentId} version ${version.version} has no stored content`);
      throw new NotFoundError(DOCUMENT_NOT_FOUND);
    }
    return { version, stream };
  }

  /**
   * Renames a folder (its creator, or owners and moderators: the same rule as deleting it); the name is made safe as a
   * new folder's, and must not be a sibling's.
   */
  async renameFolder(viewer: SpaceViewer, folderId: string, rawName: string): Promise<FolderRecord> {
    const granted = await this.folderToChange(viewer, folderId);
    const name = sanitiseDocumentName(rawName);
    if (!rawName?.trim() || name === DEFAULT_DOCUMENT_NAME && rawName.trim() !== DEFAULT_DOCUMENT_NAME) {
      throw new InvalidInputError('Donnez un nom au dossier.', ['name']);
    }
    const outcome = await this.repository.renameFolder(granted.scope, folderId, name);
    if (outcome === 'MISSING') throw new NotFoundError(FOLDER_NOT_FOUND);
    if (outcome === 'TAKEN') throw new ConflictError('DOCUMENT_FOLDER_EXISTS', 'Un dossier porte déjà ce nom ici.', ['name']);
    return outcome;
  }

  /** Every folder of a space the caller reads. */
  /**
   * The space of a folder the viewer may rename or delete: its creator, or owners and moderators (NOT_FOUND to whoever
   * cannot read the space, as for a folder that does not exist).
   */
  private async folderToChange(viewer: SpaceViewer, folderId: string): Promise<GrantedSpace> {
    const spaceId = await this.repository.locateFolder(folderId);
    const granted = spaceId ? await viewer.find(spaceId) : null;
    const creator = granted ? await this.repository.folderCreator(granted.scope, folderId) : null;
    if (!granted || !creator) throw new NotFoundError(FOLDER_NOT_FOUND);
    await viewer.require(granted.scope.spaceId, SpaceAction.READ);
    await viewer.require(granted.scope.spaceId, deletionAction(viewer.is(creator.kind, creator.id)));
    return granted;
  }

  async folders(granted: GrantedSpace): Promise<FolderRecord[]> {
    return this.repository.folders(granted.scope);
  }

  /** The versions of a document the caller sees (their own held ones, every held one for moderators), newest first. */
  async versions(viewer: SpaceViewer, document: { id: string; spaceId: string }): Promise<(VersionListing & { downloadable: boolean })[]> {
    const granted = await viewer.find(document.spaceId);
    if (!granted) return [];
    const mayModerate = can(granted.role, SpaceAction.MODERATE);
    return (await this.repository.versions(granted.scope, document.id, visibilityOf(viewer, granted)))
      .map((version) => ({ ...version, downloadable: mayDownloadVersion(version.status, mayModerate, viewer.is(version.uploadedByKind, version.uploadedById)) }));
  }

  /** The space's quota and what it stores; for a member held to the limits (pupils), their share and what they stored. */
  async storageAccount(viewer: SpaceViewer, granted: GrantedSpace): Promise<StorageAccount> {
    const [quotaBytes, usedBytes] = [await this.repository.quotaBytes(granted.scope), await this.repository.usedBytes(granted.scope)];
    if (!isLimited(granted.role)) return { quotaBytes, usedBytes, myShareBytes: null, myUsedBytes: null };
    return {
      quotaBytes, usedBytes, myShareBytes: storageShare(quotaBytes, this.limiter.limits.storageSharePercent),
      myUsedBytes: await this.repository.bytesUploadedBy(granted.scope, viewer.actor),
    };
  }

  /**
   * Whether the caller may rename or delete what `creator` made in the space (documents.rules.ts deletionAction: their
   * own with the right to upload, anyone's with the right to moderate), asked without failing: the screen shows the
   * buttons only to them.
   */
  async mayChange(viewer: SpaceViewer, spaceId: string, creator: { kind: ActorKind; id: string } | null | undefined): Promise<boolean> {
    if (!creator) return false;
    try {
      await viewer.require(spaceId, deletionAction(viewer.is(creator.kind, creator.id)));
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  /**
   * Renames a document as the caller sees it (its current version): who may delete it may rename it. The name is made
   * safe as an uploaded one and keeps an extension of the document's type.
   */
  async rename(viewer: SpaceViewer, documentId: string, rawName: string): Promise<VisibleDocument> {
    const { granted, document } = await this.get(viewer, documentId);
    await viewer.require(granted.scope.spaceId, deletionAction(viewer.is(document.createdByKind, document.createdById)));
    const trimmed = (rawName ?? '').trim();
    const safe = sanitiseDocumentName(trimmed);
    if (!trimmed || safe === DEFAULT_DOCUMENT_NAME && trimmed !== DEFAULT_DOCUMENT_NAME) throw new InvalidInputError('Donnez un nom au document.', ['name']);
    const allowed = allowedType(document.extension);
    const name = allowed ? nameForType(safe, allowed) : safe;
    if (!(await this.repository.rename(granted.scope, documentId, document.versionId, name))) throw new NotFoundError(DOCUMENT_NOT_FOUND);
    return this.get(viewer, documentId);
  }

  /**
   * The documents of a space the caller reads, newest first: all of them, those at its root, or those of one folder
   * (a folder that is not the space's: INVALID_INPUT).
   */
  async list(viewer: SpaceViewer, granted: GrantedSpace, page: PageRequest, place: DocumentPlace = { kind: 'ALL' }): Promise<Connection<DocumentRecord>> {
    const scope: SpaceScope = granted.scope;
    if (place.kind === 'FOLDER' && !(await this.repository.folderExists(scope, place.folderId))) {
      throw new InvalidInputError("Ce dossier n'existe pas dans cet espace.", ['folderId']);
    }
    const visibility = visibilityOf(viewer, granted);
    const rows = await this.repository.page(scope, visibility, page.first + 1, page.after, place);
    return toConnection(rows, page, () => this.repository.count(scope, visibility, place));
  }

  /** The uploads waiting for a moderator, oldest first: moderators only (FORBIDDEN to other members). */
  async listHeld(viewer: SpaceViewer, granted: GrantedSpace, page: PageRequest): Promise<Connection<HeldVersionRecord>> {
    await viewer.require(granted.scope.spaceId, SpaceAction.MODERATE);
    const rows = await this.repository.pageHeld(granted.scope, page.first + 1, page.after);
    return toConnection(rows, page, () => this.repository.countHeld(granted.scope));
  }
}

function visibilityOf(viewer: SpaceViewer, granted: GrantedSpace): DocumentVisibility {
  return { actorKind: viewer.actor.kind, actorId: viewer.actor.id, mayModerate: can(granted.role, SpaceAction.MODERATE) };
}

function activity(tx: Transaction, spaceId: string, kind: 'DOCUMENT_ADDED' | 'MODERATION_PENDING' | 'MODERATION_DECISION', subjectId: string)
  : Promise<void> {
  return tx.enqueue(jobRequest('space-activity', { spaceId, kind, subjectId }, [kind, subjectId]));
}

/** Reads at least `bytes` bytes (or the whole stream when shorter); the rest stays to be read, head first. */
async function readHead(stream: Readable, bytes: number): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks, length);
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, rest: rest() };
}

/** Fails the stream as soon as it passes the size cap, what the space may still store, or the uploader's share of it. */
function limit(maxBytes: number, remaining: number, personal: number, personQuota: () => Error): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) return callback(new DocumentTooLargeError(maxBytes));
      if (size > remaining) return callback(new SpaceQuotaExceededError());
      if (size > personal) return callback(personQuota());
      callback(null, chunk);
    },
  });
}

function translate(error: unknown, maxBytes: number): unknown {
  if ((error as { code?: string })?.code === PARSER_FILE_TOO_LARGE) return new DocumentTooLargeError(maxBytes);
  return error;
}

type FileTypeModule = { fileTypeFromBuffer(buffer: Uint8Array): Promise<{ ext: string; mime: string } | undefined> };
let fileTypeModule: Promise<FileTypeModule> | undefined;

/** The accepted type of these first bytes, detected by `file-type` (ESM-only, loaded once). */
async function detect(head: Buffer): Promise<AllowedType | null> {
  const { fileTypeFromBuffer } = await (fileTypeModule ??= import('file-type') as Promise<FileTypeModule>);
  const detected = await fileTypeFromBuffer(head.subarray(0, TYPE_SNIFF_BYTES));
  return allowedType(detected?.ext);
}
