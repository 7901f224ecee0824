import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { mapConnection, PageArgs, parsePage } from '@passerelle/graphql-kit';
import { placeOf, SpaceDocumentsArgs } from './documents.inputs.js';
import { DocumentsService } from './documents.service.js';
import { AuthorsRepository } from './authors.repository.js';
import {
  DocumentFolder, DocumentVersion, HeldDocument, HeldDocumentConnection, SpaceDocument, SpaceDocumentConnection, SpaceStorage,
  toDocumentFolder, toDocumentType, toDocumentVersion, toHeldDocument,
} from './documents.type.js';
import { ActorKind } from './space.entity.js';
import { Author } from './space.type.js';
import { toAuthor } from './spaces.mapper.js';
import { ModeratePostArgs } from './spaces.inputs.js';
import { Space } from './space.type.js';
import { authorLoader, authorOriginLoader, LoaderContext } from './spaces.loaders.js';
import { AuthorOriginType } from './post.type.js';
import { SpaceViewers } from './space-viewer.js';

/** Folders of documents (upload and download are HTTP routes: documents.controller.ts). */
@Resolver(() => DocumentFolder)
@Authenticated()
export class DocumentsResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly service: DocumentsService) {}

  @Mutation(() => DocumentFolder, { description: "Adds a folder to a space's documents (members who may upload)." })
  async createDocumentFolder(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args('spaceId', { type: () => ID }) spaceId: string, @Args('name') name: string,
    @Args('parentId', { type: () => ID, nullable: true }) parentId?: string | null): Promise<DocumentFolder> {
    return toDocumentFolder(await this.service.createFolder(this.viewers.of(principal, context), spaceId, parentId, name));
  }

  @Mutation(() => DocumentFolder, {
    description: 'Renames a folder (its creator, or owners and moderators); a sibling may not have the same name (DOCUMENT_FOLDER_EXISTS).',
  })
  async renameDocumentFolder(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args('id', { type: () => ID }) id: string, @Args('name') name: string): Promise<DocumentFolder> {
    return toDocumentFolder(await this.service.renameFolder(this.viewers.of(principal, context), id, name));
  }

  @Mutation(() => SpaceDocument, {
    description: 'Renames a document (its current version; who may delete it may rename it); the name keeps an extension of its type.',
  })
  async renameDocument(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string,
    @Args('name') name: string): Promise<SpaceDocument> {
    return toDocumentType((await this.service.rename(this.viewers.of(principal, context), id, name)).document);
  }

  @ResolveField(() => Boolean, { description: 'Whether the caller may rename it and delete it (its creator, or owners and moderators; empty folders only are deleted).' })
  mayDelete(@Parent() folder: DocumentFolder, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext): Promise<boolean> {
    return this.service.mayChange(this.viewers.of(principal, context), folder.spaceId, folder.creator);
  }

  @Mutation(() => ID, { description: 'Deletes a document and all its versions (its uploader, or owners and moderators); returns its id.' })
  deleteDocument(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string)
    : Promise<string> {
    return this.service.deleteDocument(this.viewers.of(principal, context), id);
  }

  @Mutation(() => SpaceDocument, { description: 'Approves or rejects a held version of a document (moderators); a rejection says why.' })
  async moderateDocument(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args() args: ModeratePostArgs,
    @Args('version', { type: () => Int, description: 'The number of the held version.' }) version: number): Promise<SpaceDocument> {
    return toDocumentType((await this.service.moderate(this.viewers.of(principal, context), args.id, version, args.decision, args.reason)).document);
  }

  @Mutation(() => ID, { description: 'Deletes an empty folder (its creator, or owners and moderators); returns its id.' })
  deleteDocumentFolder(@CurrentPrincipal() principal: Principal, @Context() context: LoaderContext, @Args('id', { type: () => ID }) id: string)
    : Promise<string> {
    return this.service.deleteFolder(this.viewers.of(principal, context), id);
  }
}

/** The fields of a document that depend on the caller: who uploaded it, its versions, whether they may change it. */
@Resolver(() => SpaceDocument)
@Authenticated()
export class SpaceDocumentFieldsResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly service: DocumentsService, private readonly authors: AuthorsRepository) {}

  @ResolveField(() => Author, { description: 'Who uploaded the current version.' })
  async uploadedBy(@Parent() document: SpaceDocument, @Context() context: LoaderContext): Promise<Author> {
    return toAuthor(await authorLoader(context, this.authors).load(document.uploader));
  }

  @ResolveField(() => [DocumentVersion], { description: 'Its versions the caller sees, newest first (held ones: their uploader and the moderators).' })
  async versions(@Parent() document: SpaceDocument, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext)
    : Promise<DocumentVersion[]> {
    return (await this.service.versions(this.viewers.of(principal, context), document)).map((version) => toDocumentVersion(version, document.id));
  }

  @ResolveField(() => Boolean, { description: 'Whether the caller may rename and delete it (its uploader, or owners and moderators).' })
  mayChange(@Parent() document: SpaceDocument, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext): Promise<boolean> {
    return this.service.mayChange(this.viewers.of(principal, context), document.spaceId, document.creator);
  }
}

/** Who uploaded a version. */
@Resolver(() => DocumentVersion)
@Authenticated()
export class DocumentVersionFieldsResolver {
  constructor(private readonly authors: AuthorsRepository) {}

  @ResolveField(() => Author)
  async uploadedBy(@Parent() version: DocumentVersion, @Context() context: LoaderContext): Promise<Author> {
    return toAuthor(await authorLoader(context, this.authors).load(version.uploader));
  }
}

/** Space.documents, Space.documentFolders, Space.documentStorage. */
@Resolver(() => Space)
@Authenticated()
export class SpaceDocumentsFieldsResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly service: DocumentsService) {}

  @ResolveField(() => SpaceDocumentConnection, {
    description: 'Its documents (all, those at its root, or those of one folder), newest first, each as the latest version the caller sees '
      + '(held ones: their uploader and the moderators).',
  })
  async documents(@Parent() space: Space, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args() { folderId, atRoot, ...page }: SpaceDocumentsArgs): Promise<SpaceDocumentConnection> {
    return mapConnection(await this.service.list(this.viewers.of(principal, context), space.granted, parsePage(page), placeOf({ folderId, atRoot })),
      toDocumentType);
  }

  @ResolveField(() => [DocumentFolder], { description: 'Every folder of its documents, by name (parentId gives the tree).' })
  async documentFolders(@Parent() space: Space): Promise<DocumentFolder[]> {
    return (await this.service.folders(space.granted)).map(toDocumentFolder);
  }

  @ResolveField(() => SpaceStorage, { description: 'Its storage quota and what it holds; for a pupil, their own share of it too.' })
  documentStorage(@Parent() space: Space, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext): Promise<SpaceStorage> {
    return this.service.storageAccount(this.viewers.of(principal, context), space.granted);
  }

  @ResolveField(() => HeldDocumentConnection, {
    description: 'The uploads of the moderation queue (held versions), oldest first, with their uploader: moderators only (FORBIDDEN to other members).',
  })
  async heldDocuments(@Parent() space: Space, @CurrentPrincipal() principal: Principal, @Context() context: LoaderContext,
    @Args() page: PageArgs): Promise<HeldDocumentConnection> {
    return mapConnection(await this.service.listHeld(this.viewers.of(principal, context), space.granted, parsePage(page)), toHeldDocument);
  }
}

/** HeldDocument.uploader and uploaderOrigin (the held uploads are the moderators' only: Space.heldDocuments). */
@Resolver(() => HeldDocument)
@Authenticated()
export class HeldDocumentFieldsResolver {
  constructor(private readonly authors: AuthorsRepository) {}

  @ResolveField(() => Author, { description: 'Who uploaded it.' })
  async uploader(@Parent() held: HeldDocument, @Context() context: LoaderContext): Promise<Author> {
    return toAuthor(await authorLoader(context, this.authors).load({ kind: held.uploadedBy.kind as ActorKind, id: held.uploadedBy.id }));
  }

  @ResolveField(() => AuthorOriginType, { description: "Its uploader's class and school (the moderation queue, moderators only)." })
  uploaderOrigin(@Parent() held: HeldDocument, @Context() context: LoaderContext): Promise<AuthorOriginType> {
    return authorOriginLoader(context, this.authors).load({ spaceId: held.spaceId, kind: held.uploadedBy.kind as ActorKind, id: held.uploadedBy.id });
  }
}
