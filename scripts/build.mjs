// Compiles apps/, libs/ and federation/ (the local identity providers that demo mode loads) with swc (about a second),
// builds the web app into dist/web (Vite, skipped when its sources are unchanged: scripts/web-build.mjs), then
// regenerates schema.gql from the resolvers. The Docker image builds without federation/: no identity provider in it.
// `--no-schema` (used by `npm start`) only compiles: schema.gql is committed and a test keeps it current.
// Type checking is `npm run typecheck` (part of `npm test`).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildWeb } from './web-build.mjs';

const require = createRequire(import.meta.url);
const swc = require.resolve('@swc/cli/bin/swc.js');
const sources = ['apps', 'libs', ...(existsSync('federation/idp-oidc') ? ['federation'] : [])];
execFileSync(process.execPath, [swc, ...sources, '-d', 'dist', '--quiet',
  '--ignore', '**/*.spec.ts', '--ignore', '**/*.e2e-spec.ts', '--ignore', 'apps/web/**'], { stdio: 'inherit' });
if (!process.argv.includes('--no-web')) await buildWeb();
if (!process.argv.includes('--no-schema')) {
  execFileSync(process.execPath, ['dist/apps/api/src/generate-schema.js', 'schema.gql'], { stdio: 'inherit' });
}
