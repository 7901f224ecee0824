// Rules (framework-free)
export * from './uai.js';
export * from './profile.js';
export * from './school-year.js';
export * from './text-rules.js';
// Entities
export * from './structure.entity.js';
export * from './school-class.entity.js';
export * from './person.entity.js';
export * from './class-membership.entity.js';
export * from './directory.entities.js';
// Use cases
export * from './structures.service.js';
export * from './school-classes.service.js';
export * from './people.service.js';
// GraphQL
export * from './structure.type.js';
export * from './school-class.type.js';
export * from './person.type.js';
export * from './directory.inputs.js';
export * from './directory.mapper.js';
export * from './directory.loaders.js';
export * from './directory.resolver.js';
export * from './directory.module.js';
