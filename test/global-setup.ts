import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { assertServicesReachable, databaseUrlFor, TEST_ADMIN_DATABASE_URL, TEST_REDIS_URL } from './services';

/**
 * One run = one template database, migrated once, and one Redis key prefix. Each test file then gets its own copy of
 * the template and its own prefix (test/per-file-database.ts), so that suites never see each other's rows or jobs.
 * Everything is dropped after the run (global-teardown.ts).
 */
export default async function globalSetup(): Promise<void> {
  await assertServicesReachable();
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const name = `passerelle_test_${suffix}`;
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  // Global setup is not mapped like test files (no `.js` → `.ts`): use the compiled library (`npm test` compiles first).
  const compiled = resolve(__dirname, '../dist/libs/database/src/index.js');
  if (!existsSync(compiled)) throw new Error('dist/ is missing: run `npm test` (or `node scripts/build.mjs` before jest)');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { dataSourceOptions, runMigrations } = require(compiled) as typeof import('../libs/database/src');
  const template = new DataSource(dataSourceOptions({ url: databaseUrlFor(name), entities: [], applicationName: 'passerelle-test-setup' }));
  await template.initialize();
  try {
    await runMigrations(template);
  } finally {
    await template.destroy();
  }
  process.env.PASSERELLE_TEST_DATABASE = name;
  process.env.TEST_TEMPLATE_DATABASE = name;
  process.env.TEST_REDIS_URL = TEST_REDIS_URL;
  process.env.TEST_RUN_REDIS_PREFIX = `ptest_${suffix}`;
}
