import { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';
import { MIGRATIONS } from './migrations/index.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string | EntitySchema>;

export interface DatabaseOptions {
  url: string;
  entities: EntityList;
  /** The embedded PostgreSQL serves one session: keep one connection. */
  embedded?: boolean;
  poolSize?: number;
  applicationName?: string;
}

/** The one place that says how Passerelle talks to PostgreSQL. Schema changes go through migrations only. */
export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    poolSize: options.embedded ? 1 : options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'passerelle',
    extra: { connectionTimeoutMillis: 10_000 },
    logging: false,
  };
}
