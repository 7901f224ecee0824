import { Client } from 'pg';
import { Redis } from 'ioredis';
import { TEST_ADMIN_DATABASE_URL, TEST_REDIS_URL } from './services';

/** Drops the run's database and its Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const name = process.env.PASSERELLE_TEST_DATABASE;
  if (name && /^passerelle_test_[a-z0-9_]+$/.test(name)) {
    const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
    await admin.connect();
    try {
      // The test files' copies first, then the template.
      const copies: { datname: string }[] = (await admin.query(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2`, [`${name}\\_%`, name])).rows;
      for (const { datname } of copies) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  const prefix = process.env.TEST_RUN_REDIS_PREFIX;
  if (prefix) {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
