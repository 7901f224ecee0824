import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';

/** What storing a stream measured: its size and SHA-256, computed while it passed (never from a copy in memory). */
export interface StoredObject {
  readonly size: number;
  readonly sha256: string;
}

/**
 * The port documents are stored through. Keys are random (never derived from a name a person chose). `put` either
 * stores the whole stream under the key or stores nothing; a stream that fails half-way leaves no object behind.
 * A local-disk adapter below; an S3-compatible one can implement the same three methods.
 */
export abstract class DocumentStorage {
  abstract put(key: string, stream: Readable): Promise<StoredObject>;
  /** The object's bytes, or null when there is none under the key. */
  abstract get(key: string): Promise<Readable | null>;
  /** Removes the object; no error when there is none. */
  abstract delete(key: string): Promise<void>;
}

/** A new random storage key. */
export function newStorageKey(): string {
  return randomUUID();
}

const KEY = /^[0-9a-f-]{36}$/;

/**
 * Documents on the local disk under DATA_DIR/documents, in 256 sub-folders by the key's first two characters. A stream
 * is written to a temporary name first and renamed once complete, so that a half-written file never has a key's name.
 */
@Injectable()
export class LocalDiskStorage extends DocumentStorage {
  readonly root: string;

  constructor(config: AppConfig) {
    super();
    this.root = resolve(config.DATA_DIR, 'documents');
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error('Invalid storage key');
    return join(this.root, key.slice(0, 2), key);
  }

  async put(key: string, stream: Readable): Promise<StoredObject> {
    const path = this.pathOf(key);
    await mkdir(join(this.root, key.slice(0, 2)), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(stream, measure, createWriteStream(temporary, { flags: 'wx', mode: 0o600 }));
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    return { size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable | null> {
    const path = this.pathOf(key);
    try {
      const found = await stat(path);
      if (!found.isFile()) return null;
    } catch {
      return null;
    }
    return createReadStream(path);
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
