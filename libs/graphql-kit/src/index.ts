export * from './relay.js';
export * from './graphql-limits.js';
