import { Provider } from '@nestjs/common';
import { DocumentFilesDeleteHandler } from './document-files-delete.handler.js';
import { DocumentThumbnails } from './document-thumbnails.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentsResolver, DocumentVersionFieldsResolver, HeldDocumentFieldsResolver, SpaceDocumentFieldsResolver, SpaceDocumentsFieldsResolver } from './documents.resolver.js';
import { DocumentsService } from './documents.service.js';
import { DocumentStorage, LocalDiskStorage } from './documents.storage.js';

/** Documents of spaces: the use cases, the storage port (local disk for now), image thumbnails and Space.documents. */
export const DOCUMENTS_PROVIDERS: Provider[] = [
  DocumentsRepository, DocumentsService, DocumentsResolver, SpaceDocumentsFieldsResolver, SpaceDocumentFieldsResolver, DocumentVersionFieldsResolver,
  HeldDocumentFieldsResolver, DocumentFilesDeleteHandler, DocumentThumbnails,
  { provide: DocumentStorage, useClass: LocalDiskStorage },
];
