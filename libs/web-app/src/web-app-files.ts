import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/**
 * The built web app (scripts/build.mjs → dist/web), read once at boot and served from memory: index.html and the
 * hashed files under /app/assets/ with their .br and .gz twins made at build time. A few hundred kilobytes.
 */
export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
  readonly brotli?: Buffer;
  readonly gzip?: Buffer;
}

export const ASSETS_PREFIX = '/app/assets/';

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
};

export class WebAppFiles {
  private constructor(readonly index: StaticFile | null, private readonly assets: ReadonlyMap<string, StaticFile>) {}

  /** Whether the app was built (else the hub keeps its server-rendered home page). */
  get built(): boolean {
    return this.index !== null;
  }

  /** A file under /app/assets/ by its URL path, or undefined. */
  asset(urlPath: string): StaticFile | undefined {
    return this.assets.get(urlPath);
  }

  static empty(): WebAppFiles {
    return new WebAppFiles(null, new Map());
  }

  static load(directory: string): WebAppFiles {
    const indexPath = join(directory, 'index.html');
    if (!existsSync(indexPath)) return WebAppFiles.empty();
    const assets = new Map<string, StaticFile>();
    const assetsDir = join(directory, ...ASSETS_PREFIX.split('/').filter(Boolean));
    for (const path of existsSync(assetsDir) ? walk(assetsDir) : []) {
      const type = TYPES[extname(path)];
      if (!type) continue;
      assets.set(ASSETS_PREFIX + relative(assetsDir, path).split(sep).join('/'), fileAt(path, type));
    }
    return new WebAppFiles(fileAt(indexPath, TYPES['.html']), assets);
  }
}

function fileAt(path: string, contentType: string): StaticFile {
  const twin = (suffix: string) => (existsSync(path + suffix) ? readFileSync(path + suffix) : undefined);
  return { body: readFileSync(path), contentType, brotli: twin('.br'), gzip: twin('.gz') };
}

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The encoding to send: brotli, then gzip, when the client accepts it and the twin exists (no q-value subtleties). */
export function chooseEncoding(file: StaticFile, acceptEncoding: string | undefined): { body: Buffer; encoding?: 'br' | 'gzip' } {
  const accepted = (acceptEncoding ?? '').split(',').map((part) => part.trim().split(';'))
    .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim())).map(([name]) => name.trim().toLowerCase());
  if (file.brotli && accepted.includes('br')) return { body: file.brotli, encoding: 'br' };
  if (file.gzip && accepted.includes('gzip')) return { body: file.gzip, encoding: 'gzip' };
  return { body: file.body };
}
