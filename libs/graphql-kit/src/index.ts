export * from './relay.js';
export * from './graphql-limits.js';
export * from './filter-feed.js';
export * from './private-responses.js';
export * from './input-text.js';
export * from './rate-limited-responses.js';
export * from './websocket-operations.js';
