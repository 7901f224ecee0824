// Rules (framework-free)
export * from './search-request.js';
export * from './search-cursor.js';
export * from './highlight.js';
// Repository and use case
export * from './search.repository.js';
export * from './search.service.js';
// GraphQL
export * from './search.type.js';
export * from './search.inputs.js';
export * from './search.mapper.js';
export * from './search.resolver.js';
export * from './search.module.js';
