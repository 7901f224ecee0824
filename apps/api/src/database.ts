import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_ENTITIES } from '@passerelle/audit';
import { CHAT_ENTITIES } from '@passerelle/chat';
import { AppConfig } from '@passerelle/config';
import { CONVENTIONS_ENTITIES } from '@passerelle/conventions';
import { dataSourceOptions, EmbeddedPostgres, runMigrations, startEmbeddedPostgres } from '@passerelle/database';
import { DIRECTORY_ENTITIES } from '@passerelle/directory';
import { GUESTS_ENTITIES } from '@passerelle/guests';
import { IDENTITY_ENTITIES } from '@passerelle/identity';
import { OutboxJobEntity } from '@passerelle/jobs';
import { NOTIFICATIONS_ENTITIES } from '@passerelle/notifications';
import { SPACES_ENTITIES } from '@passerelle/spaces';

/** Every TypeORM entity of the hub: apps assemble what the libraries declare. */
export const ALL_ENTITIES = [...DIRECTORY_ENTITIES, ...IDENTITY_ENTITIES, ...NOTIFICATIONS_ENTITIES, OutboxJobEntity,
  ...CONVENTIONS_ENTITIES, ...AUDIT_ENTITIES, ...GUESTS_ENTITIES, ...SPACES_ENTITIES, ...CHAT_ENTITIES];

export interface DatabaseTarget {
  readonly url: string;
  readonly embedded: boolean;
  readonly embeddedServer?: EmbeddedPostgres;
}

/** DATABASE_URL when set, else the embedded PostgreSQL under DATA_DIR (said in the first log lines). */
export async function resolveDatabase(config: AppConfig, logger: Logger): Promise<DatabaseTarget> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false };
  logger.log(`No DATABASE_URL: starting the embedded PostgreSQL (PGlite) persisted under ${config.DATA_DIR}/pglite`);
  const embeddedServer = await startEmbeddedPostgres(config.DATA_DIR);
  return { url: embeddedServer.url, embedded: true, embeddedServer };
}

/** Applies pending migrations once (under an advisory lock across processes, except on the embedded database). */
export async function migrate(dataSource: DataSource, embedded: boolean, logger: Logger): Promise<void> {
  const applied = await runMigrations(dataSource, { lock: !embedded });
  logger.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');
}

/** Opens a data source on the target, runs `work`, closes it (CLI commands, the worker's start). */
export async function withDataSource<T>(target: DatabaseTarget, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions({ url: target.url, entities: ALL_ENTITIES, embedded: target.embedded,
    applicationName: 'passerelle-cli' }));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
