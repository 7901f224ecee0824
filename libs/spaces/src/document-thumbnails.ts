import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError, NotFoundError } from '@passerelle/errors';
import sharp from 'sharp';
import { DocumentRecord } from './documents.repository.js';
import { DocumentStorage } from './documents.storage.js';
import { isEmbeddable, THUMBNAIL_MAX_SIDE } from './post-images.js';

/** Bumped when the way thumbnails are made changes: new keys, new ETags, old thumbnails left to their documents' deletion. */
const THUMBNAIL_RECIPE = 'vignette-1';
/** Largest image (width × height) the hub decodes: a larger one, or a « decompression bomb » claiming to be, is refused unread. */
export const MAX_INPUT_PIXELS = 50_000_000;
export const THUMBNAIL_MEDIA_TYPE = 'image/webp';

/**
 * The storage key of a version's thumbnail, derived from the version's own key: stored next to it in the same
 * DocumentStorage, found again without a table, and removed with it (document-files-delete).
 */
export function thumbnailKey(storageKey: string): string {
  const hex = createHash('sha256').update(`${THUMBNAIL_RECIPE}:${storageKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The ETag of a thumbnail: the original's content hash and the recipe (the same bytes always give the same thumbnail). */
export function thumbnailEtag(document: Pick<DocumentRecord, 'sha256'>): string {
  return `"${document.sha256}-${THUMBNAIL_RECIPE}"`;
}

export class ImageUnreadableError extends DomainError {
  constructor() {
    super('IMAGE_UNREADABLE', "Cette image est trop grande ou illisible : elle ne peut pas être réduite.");
  }
}

export interface Thumbnail {
  readonly stream: Readable;
  readonly size: number | null;
}

/**
 * Thumbnails of image documents (`?taille=vignette`): at most THUMBNAIL_MAX_SIDE pixels wide and high, WebP, turned
 * upright, with every metadata removed (EXIF, GPS position, camera, XMP, ICC comments: sharp keeps none unless asked).
 * Made at the first request and kept; the caller has checked the access to the document.
 */
@Injectable()
export class DocumentThumbnails {
  private readonly logger = new Logger('DocumentThumbnails');
  /** Thumbnails being made in this process: a class opening the wall at once makes each one once, not once per pupil. */
  private readonly making = new Map<string, Promise<Buffer>>();

  constructor(private readonly storage: DocumentStorage) {}

  async thumbnail(document: DocumentRecord): Promise<Thumbnail> {
    if (!isEmbeddable(document.mediaType)) throw new NotFoundError("Ce document n'a pas de vignette.");
    const key = thumbnailKey(document.storageKey);
    const kept = await this.storage.get(key);
    if (kept) return { stream: kept, size: null };
    let making = this.making.get(key);
    if (!making) {
      making = this.make(document, key).finally(() => this.making.delete(key));
      this.making.set(key, making);
    }
    const bytes = await making;
    return { stream: Readable.from([bytes]), size: bytes.length };
  }

  private async make(document: DocumentRecord, key: string): Promise<Buffer> {
    const original = await this.storage.get(document.storageKey);
    if (!original) throw new NotFoundError("Ce document n'existe pas ou vous n'y avez pas accès.");
    let bytes: Buffer;
    try {
      bytes = await makeThumbnail(original);
    } catch (error) {
      this.logger.warn(`No thumbnail for document ${document.id} version ${document.version}: ${String(error)}`);
      throw new ImageUnreadableError();
    }
    // Two nodes making it at once both store it: the storage renames a complete file into place, the last one wins.
    await this.storage.put(key, Readable.from([bytes]));
    return bytes;
  }
}

/** The thumbnail of an image read from `input` (first frame of an animation), or a failure for a too large or broken one. */
export async function makeThumbnail(input: Readable | Buffer): Promise<Buffer> {
  const pipeline = sharp({ limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false })
    .rotate()
    .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 78 });
  if (Buffer.isBuffer(input)) return pipeline.end(input).toBuffer();
  input.on('error', (error) => pipeline.destroy(error));
  return input.pipe(pipeline).toBuffer();
}
