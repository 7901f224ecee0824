// Rules and pages (framework-free)
export * from './portal-rules.js';
export * from './portal-pages.js';
// Use cases and routes
export * from './portal.service.js';
export * from './portal-error.filter.js';
export * from './portal.controller.js';
export * from './portal.module.js';
