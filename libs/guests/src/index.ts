// Rules (framework-free)
export * from './guest-pool.rules.js';
export * from './guest-claim.errors.js';
export * from './guest-admission.js';
// Entities
export * from './guest.entity.js';
// Ports
export * from './guest-sessions.port.js';
export * from './guest-contributions.port.js';
export * from './guest-supervision.port.js';
// Use cases
export * from './guest-claim.service.js';
export * from './guests.service.js';
export * from './convention-access.js';
// Job handlers
export * from './guest-pool-provision.handler.js';
export * from './convention-guests-suspend.handler.js';
export * from './convention-guests-resume.handler.js';
export * from './convention-guests-admission.handler.js';
export * from './convention-deprovision.handler.js';
export * from './convention-alert.handler.js';
export * from './home-people.handlers.js';
// GraphQL
export * from './guest.type.js';
export * from './guests.inputs.js';
export * from './guests.mapper.js';
export * from './guests.resolver.js';
export * from './guests.module.js';
