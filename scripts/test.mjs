// `npm test`: type check (the hub, then the web app with its own tsconfig), compile, build the web app (skipped when
// unchanged), then every jest test against PostgreSQL and Redis on localhost (or DATABASE_URL / REDIS_URL). Each run
// creates its own database and drops it after (test/global-setup.ts).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildWeb } from './web-build.mjs';

const require = createRequire(import.meta.url);
const run = (args, label) => {
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${result.status}).\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`${label}: ok in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
};

const tsc = require.resolve('typescript/bin/tsc');
run([tsc, '-p', 'tsconfig.json', '--noEmit'], 'type check');
run([tsc, '-p', 'apps/web/tsconfig.json', '--noEmit'], 'type check (web app)');
run([require.resolve('@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', 'dist', '--quiet',
  '--ignore', '**/*.spec.ts', '--ignore', '**/*.e2e-spec.ts', '--ignore', 'apps/web/**'], 'compile');
const started = Date.now();
const web = await buildWeb({ log: () => undefined });
process.stdout.write(`web app: ${web.built ? 'built' : 'unchanged'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
run([require.resolve('jest/bin/jest'), '--ci', ...process.argv.slice(2)], 'tests');
