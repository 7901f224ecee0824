import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../test/processes';

/**
 * The JavaScript a person downloads to see a screen, compressed as the hub sends it (brotli, made at build time), from
 * Vite's manifest of the build `npm test` made: the entry chunk, the screen's lazy chunk, and every chunk they import
 * statically. Issue 12's budget is 150 KB for a pupil to see the wall; Accueil must leave room under it. The figures
 * are printed for docs/benchmarks.md.
 */
interface Chunk { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] }
const WEB = join(ROOT, 'dist/web');
const BUDGET_BYTES = 150 * 1024;

function manifest(): Record<string, Chunk> {
  const path = join(WEB, '.vite/manifest.json');
  if (!existsSync(path)) throw new Error('dist/web/.vite/manifest.json is missing: run the tests with `npm test` (it builds the web app)');
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, Chunk>;
}

/** The files a screen's chunk needs at once (static imports, transitively), the entry's included. */
function filesFor(chunks: Record<string, Chunk>, screen: string): string[] {
  const entry = Object.keys(chunks).find((key) => chunks[key].isEntry)!;
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of chunks[key].imports ?? []) visit(imported);
  };
  visit(entry);
  visit(screen);
  return [...seen].map((key) => chunks[key].file);
}

const size = (file: string, suffix: '' | '.br' | '.gz') => statSync(join(WEB, file + suffix)).size;

describe('the JavaScript budget of the web app', () => {
  it('keeps Accueil\'s JavaScript (entry + its chunk) well under the 150 KB a pupil may download for the wall', () => {
    const chunks = manifest();
    const files = filesFor(chunks, 'src/features/home/home-page.tsx');
    const total = { raw: 0, br: 0, gz: 0 };
    for (const file of files) {
      total.raw += size(file, '');
      total.br += size(file, '.br');
      total.gz += size(file, '.gz');
    }
    process.stdout.write(`[budget] Accueil JavaScript: ${files.length} files, ${(total.raw / 1024).toFixed(1)} KB, `
      + `${(total.br / 1024).toFixed(1)} KB brotli, ${(total.gz / 1024).toFixed(1)} KB gzip\n`);
    expect(total.br).toBeLessThan(BUDGET_BYTES);
  });

  it('loads each screen as its own chunk, never with the entry', () => {
    const chunks = manifest();
    const entry = Object.values(chunks).find((chunk) => chunk.isEntry)!;
    const screens = Object.keys(chunks).filter((key) => /^src\/features\/[^/]+\/[^/]+-page\.tsx$/.test(key));
    expect(screens.length).toBeGreaterThanOrEqual(10);
    for (const screen of screens) expect(entry.dynamicImports).toContain(screen);
    expect(entry.imports ?? []).not.toEqual(expect.arrayContaining(screens));
  });
});
