import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection, connectionType } from '@passerelle/graphql-kit';
import { DocumentRecord, FolderRecord, HeldVersionRecord, VersionListing } from './documents.repository.js';
import { versionContentPath } from './documents.rules.js';
import { ActorKind } from './space.entity.js';
import { PostStatus } from './wall.entities.js';

@ObjectType('SpaceDocument', {
  description: 'A document of a space, as its current version. Upload with POST /spaces/:id/documents (multipart), download from `contentUrl`.',
})
export class SpaceDocument {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  spaceId: string;

  @Field(() => ID, { nullable: true, description: 'Its folder; null at the root of the space.' })
  folderId: string | null;

  @Field({ description: 'Its name, made safe (no path, no control characters) and ending with an extension of its type.' })
  name: string;

  @Field({ description: 'The type detected from the content (never the one the browser claimed).' })
  mediaType: string;

  @Field(() => Float, { description: 'Size of the current version, in bytes.' })
  sizeBytes: number;

  @Field(() => Int, { description: 'Number of the current version (1 for a new document).' })
  version: number;

  @Field(() => PostStatus, {
    description: "PENDING while a moderator has not approved this version (where the space holds its pupils' contributions): "
      + 'only its uploader and the moderators see it; REJECTED only to its uploader, with the reason.',
  })
  status: PostStatus;

  @Field(() => String, { nullable: true, description: 'Why a moderator refused this version (its uploader reads it).' })
  moderationReason: string | null;

  @Field({ description: 'Where the current version is downloaded (GET, with the session cookie).' })
  contentUrl: string;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the current version was uploaded.' })
  updatedAt: Date;

  /** Who uploaded the current version (SpaceDocument.uploadedBy) and who created the document (the rights to change it). */
  uploader: { kind: ActorKind; id: string };
  creator: { kind: ActorKind; id: string };
}

export const SpaceDocumentConnection = connectionType(SpaceDocument);
export type SpaceDocumentConnection = Connection<SpaceDocument>;

/** The fields a document exposes (its storage key, hash and uploader stay on the server). */
export function toDocumentType(record: DocumentRecord): SpaceDocument {
  return {
    id: record.id, spaceId: record.spaceId, folderId: record.folderId, name: record.name, mediaType: record.mediaType,
    sizeBytes: record.sizeBytes, version: record.version, status: record.status as PostStatus, moderationReason: record.moderationReason,
    contentUrl: `/documents/${record.id}/content`,
    createdAt: record.createdAt, updatedAt: record.updatedAt,
    uploader: { kind: record.uploadedByKind, id: record.uploadedById }, creator: { kind: record.createdByKind, id: record.createdById },
  };
}

@ObjectType('HeldDocument', {
  description: 'An upload waiting for a moderator (a held version of a document), as the moderation queue shows it; '
    + '`moderateDocument(id: documentId, version)` decides.',
})
export class HeldDocument {
  @Field(() => ID, { description: 'The document (`moderateDocument` takes it as `id`).' })
  documentId: string;

  @Field(() => ID)
  spaceId: string;

  @Field(() => Int, { description: 'The held version (`moderateDocument` takes it as `version`).' })
  version: number;

  @Field({ description: 'The name the uploader gave, made safe.' })
  name: string;

  @Field({ description: 'The type detected from the content.' })
  mediaType: string;

  @Field(() => Float, { description: 'Size of the held version, in bytes.' })
  sizeBytes: number;

  @Field({ description: 'Where a moderator downloads this very version (GET, with the session cookie), even when a later one is held too.' })
  contentUrl: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was uploaded.' })
  heldSince: Date;

  /** Who uploaded it (resolved by the Author field resolver). */
  uploadedBy: { kind: string; id: string };
}

export const HeldDocumentConnection = connectionType(HeldDocument);
export type HeldDocumentConnection = Connection<HeldDocument>;

export function toHeldDocument(record: HeldVersionRecord): HeldDocument {
  return {
    documentId: record.documentId, spaceId: record.spaceId, version: record.version, name: record.name, mediaType: record.mediaType,
    sizeBytes: record.sizeBytes, contentUrl: versionContentPath(record.documentId, record.version), heldSince: record.heldSince,
    uploadedBy: { kind: record.uploadedByKind, id: record.uploadedById },
  };
}

@ObjectType('DocumentFolder', { description: "A folder of a space's documents (folders nest)." })
export class DocumentFolder {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  spaceId: string;

  @Field(() => ID, { nullable: true, description: 'The folder it is in; null at the root of the space.' })
  parentId: string | null;

  @Field()
  name: string;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field({ description: 'Whether it holds no document and no folder (only an empty folder may be deleted).' })
  empty: boolean;

  /** Who created it (DocumentFolder.mayDelete); unknown on a folder just created, which is the caller's own. */
  creator: { kind: ActorKind; id: string } | null;
}

export function toDocumentFolder(record: FolderRecord): DocumentFolder {
  return {
    id: record.id, spaceId: record.spaceId, parentId: record.parentId, name: record.name, createdAt: record.createdAt,
    // A folder just created is empty; `folders` and `renameFolder` say for the others.
    empty: record.empty ?? true,
    creator: record.createdByKind && record.createdById ? { kind: record.createdByKind, id: record.createdById } : null,
  };
}

@ObjectType('DocumentVersion', { description: 'One version of a document, as its reader sees the list (held ones: their uploader and the moderators).' })
export class DocumentVersion {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: '1 for the first upload, then one more for each new version.' })
  version: number;

  @Field({ description: 'The file name it was uploaded (or renamed) with.' })
  name: string;

  @Field(() => Float)
  sizeBytes: number;

  @Field(() => PostStatus)
  status: PostStatus;

  @Field(() => GraphQLISODateTime, { description: 'When it was uploaded.' })
  createdAt: Date;

  @Field(() => String, {
    nullable: true,
    description: 'Where to download this version (GET, as an attachment); null when the caller may not: a held or refused version is for '
      + 'the moderators only.',
  })
  contentUrl: string | null;

  uploader: { kind: ActorKind; id: string };
}

export function toDocumentVersion(record: VersionListing & { downloadable: boolean }, documentId: string): DocumentVersion {
  return {
    id: record.id, version: record.version, name: record.name, sizeBytes: record.sizeBytes, status: record.status as PostStatus,
    createdAt: record.createdAt, uploader: { kind: record.uploadedByKind, id: record.uploadedById },
    contentUrl: record.downloadable ? versionContentPath(documentId, record.version) : null,
  };
}

@ObjectType('SpaceStorage', { description: "A space's storage of documents: its quota and what it holds, and a pupil's own share of it." })
export class SpaceStorage {
  @Field(() => Float, { description: 'What the space may store, in bytes.' })
  quotaBytes: number;

  @Field(() => Float, { description: 'What it stores now (every version, held ones included), in bytes.' })
  usedBytes: number;

  @Field(() => Float, { nullable: true, description: "The bytes the caller may fill, when they are held to the per-person limits (who does not moderate); else null." })
  myShareBytes: number | null;

  @Field(() => Float, { nullable: true, description: 'The bytes of the versions the caller uploaded, when myShareBytes applies; else null.' })
  myUsedBytes: number | null;
}
