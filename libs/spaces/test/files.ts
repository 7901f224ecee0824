import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApi, TestApi } from '../../../test/harness';

/* Files for document tests: contents that type detection recognises, and what the local-disk storage holds. */

/** A PNG as far as detection goes: signature, IHDR, then one IDAT chunk of random bytes, `size` bytes in all. */
export function png(size: number): Buffer {
  const header = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
  const data = Math.max(0, size - header.length - 12);
  const idat = Buffer.alloc(8);
  idat.writeUInt32BE(data, 0);
  idat.write('IDAT', 4, 'latin1');
  return Buffer.concat([header, idat, randomBytes(data), Buffer.alloc(4)]);
}

/** Every file under `dir` (none when it does not exist), sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? '', entry.name)).sort();
}

/**
 * POSTs `content` to the upload route of a space, as the person with `cookie` (null: nobody signed in), from the hub's
 * own pages (its Origin); `query` is `?documentId=…` (a new version) or `?folderId=…`.
 */
export function uploadTo(hub: TestApi, cookie: string | null, spaceId: string, content: Buffer, filename: string, query = '') {
  const req = request(hub.url).post(`/spaces/${spaceId}/documents${query}`).set('Origin', hub.url);
  if (cookie) req.set('Cookie', cookie);
  return req.attach('file', content, { filename, contentType: 'application/octet-stream' });
}

/**
 * A test api whose documents go to a fresh directory (DATA_DIR, jobs in-process): `close()` stops it and removes the
 * directory. `env` adds settings (e.g. MAX_UPLOAD_BYTES).
 */
export async function startHubWithFiles(name: string, env: Record<string, string> = {})
  : Promise<{ hub: TestApi; dataDir: string; close(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), `passerelle-${name}-`));
  const hub = await startTestApi({ REDIS_URL: undefined, DATA_DIR: dataDir, ...env });
  return {
    hub, dataDir,
    async close() {
      await hub.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
