export * from './snake-naming.strategy.js';
export * from './embedded-postgres.js';
export * from './data-source-options.js';
export * from './run-migrations.js';
export * from './migrations/index.js';
export * from './pg-errors.js';
export * from './pg-channel.js';
export * from './query-rows.js';
