import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { assertServicesReachable, databaseUrlFor, TEST_ADMIN_DATABASE_URL, TEST_REDIS_URL } from './services';

/** One fresh database and one Redis key prefix per test run, so that runs never collide. */
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
  process.env.PASSERELLE_TEST_DATABASE = name;
  process.env.TEST_DATABASE_URL = databaseUrlFor(name);
  process.env.TEST_REDIS_URL = TEST_REDIS_URL;
  process.env.TEST_REDIS_PREFIX = `ptest_${suffix}`;
}
