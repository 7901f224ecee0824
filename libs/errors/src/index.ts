export * from './address.js';
export * from './domain-error.js';
export * from './graphql-errors.js';
export * from './validation.js';
export * from './http-exception.filter.js';
export * from './text-characters.js';
