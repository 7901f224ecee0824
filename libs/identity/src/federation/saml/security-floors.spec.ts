import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `npm audit` has no endpoint on this registry mirror (STACK.md, trap 11): the security floors of the SAML stack are
 * enforced here instead. Every installed copy counts, nested ones included (a dependency may bring its own).
 */
const FLOORS: Record<string, string> = {
  samlify: '2.13.0',
  'xml-crypto': '6.0.1',
  '@xmldom/xmldom': '0.8.15',
};

const ROOT = resolve(__dirname, '../../../../..');

function compare(a: string, b: string): number {
  const parse = (v: string) => v.split('-')[0].split('.').map((n) => Number(n));
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  // A pre-release (6.0.1-beta) is below its release.
  return (a.includes('-') ? -1 : 0) - (b.includes('-') ? -1 : 0);
}

/** Every `node_modules/<name>/package.json` under the project, at any depth. */
function installedCopies(name: string, dir = join(ROOT, 'node_modules'), found: { path: string; version: string }[] = []) {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  const manifest = join(dir, name, 'package.json');
  try {
    found.push({ path: manifest, version: JSON.parse(readFileSync(manifest, 'utf8')).version });
  } catch {
    // not installed at this level
  }
  for (const entry of entries) {
    const packages = entry.startsWith('@') ? readdirSync(join(dir, entry)).map((p) => join(entry, p)) : [entry];
    for (const pkg of packages) {
      const nested = join(dir, pkg, 'node_modules');
      try {
        if (statSync(nested).isDirectory()) installedCopies(name, nested, found);
      } catch {
        // no nested node_modules
      }
    }
  }
  return found;
}

describe('security floors of the SAML stack', () => {
  it('compares versions numerically', () => {
    expect(compare('2.13.1', '2.13.0')).toBeGreaterThan(0);
    expect(compare('2.9.0', '2.13.0')).toBeLessThan(0);
    expect(compare('0.8.15', '0.8.15')).toBe(0);
    expect(compare('6.0.1-beta.1', '6.0.1')).toBeLessThan(0);
    expect(compare('0.8.2', '0.8.15')).toBeLessThan(0);
  });

  it.each(Object.entries(FLOORS))('every installed %s is at least %s', (name, floor) => {
    const copies = installedCopies(name);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      expect({ path: copy.path, atLeastFloor: compare(copy.version, floor) >= 0, version: copy.version })
        .toEqual({ path: copy.path, atLeastFloor: true, version: copy.version });
    }
  });
});
