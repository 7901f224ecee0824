export * from './metrics.js';
export * from './logging.js';
export * from './health.controller.js';
export * from './metrics.controller.js';
export * from './graphql-metrics.plugin.js';
export * from './http-metrics.js';
export * from './observability.module.js';
