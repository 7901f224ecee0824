import { DataSource } from 'typeorm';

/** Arbitrary but fixed: every Passerelle process takes this lock before migrating. */
const MIGRATION_LOCK = 727_001;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so that several API and worker processes
 * starting together migrate once. Returns the names of the migrations applied.
 */
export async function runMigrations(dataSource: DataSource, options: { lock?: boolean } = {}): Promise<string[]> {
  if (options.lock === false) return (await dataSource.runMigrations({ transaction: "each" })).map((m) => m.name);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
