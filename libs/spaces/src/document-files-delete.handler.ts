import { Injectable } from '@nestjs/common';
import { HandlesJob, JobHandler, JobPayloads } from '@passerelle/jobs';
import { thumbnailKey } from './document-thumbnails.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentStorage } from './documents.storage.js';

/**
 * Removes the stored files of deleted document versions, after the deletion has committed (written to the outbox with
 * it, so a crash leaves no orphan behind). Only keys that no version refers to any more are removed; removing a missing
 * file is no error, so a re-run is harmless. An image's thumbnail (kept under a key derived from its version's) goes with it.
 */
@Injectable()
@HandlesJob('document-files-delete')
export class DocumentFilesDeleteHandler implements JobHandler<'document-files-delete'> {
  constructor(private readonly repository: DocumentsRepository, private readonly storage: DocumentStorage) {}

  async handle({ storageKeys }: JobPayloads['document-files-delete']): Promise<void> {
    for (const key of await this.repository.unreferencedKeys(storageKeys)) {
      await this.storage.delete(key);
      await this.storage.delete(thumbnailKey(key));
    }
  }
}
