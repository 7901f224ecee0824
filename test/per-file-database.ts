import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrlFor, TEST_ADMIN_DATABASE_URL } from './services';

/**
 * Runs before every test file: its own database, copied from the run's migrated template, and its own Redis prefix.
 * The names are set at once (harness and fixtures read them); the database is created before the file's first hook.
 */
const template = process.env.TEST_TEMPLATE_DATABASE;
const fileSuffix = randomBytes(4).toString('hex');
const fileDatabase = template ? `${template}_${fileSuffix}` : undefined;
if (fileDatabase) {
  process.env.TEST_DATABASE_URL = databaseUrlFor(fileDatabase);
  process.env.TEST_REDIS_PREFIX = `${process.env.TEST_RUN_REDIS_PREFIX}_${fileSuffix}`;
}

beforeAll(async () => {
  if (!fileDatabase) return;
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    // Two files copying the template at the same instant can collide ("being accessed by other users"): retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${fileDatabase} TEMPLATE ${template}`);
        return;
      } catch (error) {
        if (attempt >= 50 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
}, 60_000);
