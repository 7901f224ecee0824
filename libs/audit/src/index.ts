export * from './audit-event.entity.js';
export * from './audit.service.js';
export * from './json.scalar.js';
export * from './audit-event.type.js';
export * from './audit.inputs.js';
export * from './audit.mapper.js';
export * from './audit.resolver.js';
export * from './audit.module.js';
