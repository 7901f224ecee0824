import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@passerelle/config';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secret-box-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('seals with AES-256-GCM and opens with the same key and context only', () => {
    const box = new SecretBox(loadConfig({ SECRET_KEY: randomBytes(32).toString('base64') }));
    const sealed = box.seal('s3cr3t-client', 'partner:a');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('s3cr3t');
    expect(box.open(sealed, 'partner:a')).toBe('s3cr3t-client');
    expect(() => box.open(sealed, 'partner:b')).toThrow();
    expect(box.seal('s3cr3t-client', 'partner:a')).not.toBe(sealed); // a fresh IV each time
    const other = new SecretBox(loadConfig({ SECRET_KEY: randomBytes(32).toString('base64') }));
    expect(() => other.open(sealed, 'partner:a')).toThrow();
  });

  it('without SECRET_KEY outside production, creates DATA_DIR/secret.key once, mode 0600, and reuses it', () => {
    const first = new SecretBox(loadConfig({ DATA_DIR: dir, NODE_ENV: 'test' }));
    const sealed = first.seal('x', 'c');
    const file = join(dir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(new SecretBox(loadConfig({ DATA_DIR: dir, NODE_ENV: 'test' })).open(sealed, 'c')).toBe('x');
  });

  it('requires SECRET_KEY in production, naming it', () => {
    const box = new SecretBox(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production' }));
    expect(() => box.seal('x', 'c')).toThrow(ConfigError);
    expect(() => box.seal('x', 'c')).toThrow(/^Invalid configuration: SECRET_KEY must be set in production/);
  });

  it('refuses a SECRET_KEY that is not 32 bytes of base64, without printing it', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => loadConfig({ SECRET_KEY: short })).toThrow(/^Invalid configuration: SECRET_KEY must be 32 bytes encoded in base64/);
    try {
      loadConfig({ SECRET_KEY: short });
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });
});
