// Rules (framework-free)
export * from './space-permissions.js';
export * from './space-access.js';
export * from './wall-rules.js';
export * from './rich-text.js';
export * from './authors.js';
export * from './space-scope.js';
// Entities
export * from './space.entity.js';
export * from './space-membership.entity.js';
export * from './wall.entities.js';
export * from './spaces.entities.js';
// Access, repositories and use cases
export * from './newest-first.js';
export * from './space-access.repository.js';
export * from './space-viewer.js';
export * from './space-members.repository.js';
export * from './space-members.service.js';
export * from './spaces.service.js';
export * from './wall.repository.js';
export * from './wall.service.js';
export * from './announcements.service.js';
export * from './authors.repository.js';
// GraphQL
export * from './space.type.js';
export * from './member.type.js';
export * from './post.type.js';
export * from './spaces.inputs.js';
export * from './spaces.mapper.js';
export * from './spaces.loaders.js';
export * from './spaces.resolver.js';
export * from './wall.resolver.js';
export * from './spaces.module.js';
export * from './guest-contributions.adapter.js';
export * from './guest-supervision.adapter.js';
