// Builds the web app (apps/web) with Vite into dist/web, then writes a .br and a .gz twin of each text file (the api
// serves them as they are: no compression at request time). Skipped when the app's sources, the lock file and the
// build's own settings are unchanged since the last build (a hash in dist/web/.build-hash): later starts stay fast.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = process.cwd();
const APP = join(ROOT, 'apps/web');
const OUT = join(ROOT, 'dist/web');
const STAMP = join(OUT, '.build-hash');
const COMPRESSED = /\.(js|css|html|svg|json)$/;

function files(directory) {
  return readdirSync(directory).sort().flatMap((name) => {
    // The app's own tests (apps/web/test: browser tests, budget) do not change what is built.
    if (name === 'node_modules' || join(directory, name) === join(APP, 'test')) return [];
    const path = join(directory, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** What the build depends on: every file of apps/web but its tests, the lock file, and this script. */
export function webSourceHash() {
  const hash = createHash('sha256');
  for (const path of [...files(APP), join(ROOT, 'package-lock.json'), new URL(import.meta.url).pathname]) {
    hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex');
}

export async function buildWeb({ force = false, log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const hash = webSourceHash();
  if (!force && existsSync(join(OUT, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) {
    return { built: false };
  }
  const started = Date.now();
  let vite;
  try {
    vite = await import('vite');
  } catch {
    log('web app: Vite is not installed (npm install without --omit=dev builds it); the hub keeps its server-rendered pages.');
    return { built: false };
  }
  await vite.build({ configFile: join(APP, 'vite.config.mts'), logLevel: 'warn', mode: 'production' });
  for (const path of files(OUT)) {
    if (!COMPRESSED.test(path)) continue;
    const body = readFileSync(path);
    writeFileSync(`${path}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
  }
  writeFileSync(STAMP, hash);
  log(`web app: built into dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { built: true };
}
