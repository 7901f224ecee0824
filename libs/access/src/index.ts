export * from './principal.js';
export * from './access.decorators.js';
