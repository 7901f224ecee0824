import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig, ConfigError } from '@passerelle/config';

const VERSION = 'v1';
const KEY_FILE = 'secret.key';

/**
 * Encrypts small secrets at rest (a partner's OIDC client secret) with AES-256-GCM. The key is SECRET_KEY
 * (required in production), else a random key created once under DATA_DIR/secret.key with mode 0600.
 * A box is bound to its context (e.g. `partner:<id>:oidc-client-secret`): moved to another row, it does not open.
 */
@Injectable()
export class SecretBox {
  private key?: Buffer;

  constructor(private readonly config: AppConfig) {}

  /** `v1.<iv>.<tag>.<ciphertext>` (base64url). */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey(), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The plaintext of a box sealed with the same key and context; throws when it was tampered with or moved. */
  open(box: string, context: string): string {
    const [version, iv, tag, data] = box.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('SecretBox: not a sealed box');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey(), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  private encryptionKey(): Buffer {
    if (this.key) return this.key;
    const material = this.config.SECRET_KEY ? Buffer.from(this.config.SECRET_KEY, 'base64') : this.keyFileMaterial();
    this.key = Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), 'passerelle secret-box v1', 32));
    return this.key;
  }

  /** Reads DATA_DIR/secret.key, creating it atomically on first use (two processes starting together agree on one). */
  private keyFileMaterial(): Buffer {
    if (this.config.isProduction) {
      throw new ConfigError('SECRET_KEY', 'set in production: 32 random bytes in base64 (openssl rand -base64 32)');
    }
    const dir = resolve(this.config.DATA_DIR);
    const file = join(dir, KEY_FILE);
    try {
      return readKey(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    mkdirSync(dir, { recursive: true });
    const temporary = join(dir, `.${KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
    writeFileSync(temporary, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      chmodSync(temporary, 0o600);
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(temporary, { force: true });
    }
    return readKey(file);
  }
}

function readKey(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold 32 bytes in base64`);
  return key;
}
