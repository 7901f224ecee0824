// Rules (framework-free)
export * from './clock.js';
export * from './attribute-mapping.js';
export * from './partner-settings.js';
export * from './convention-status.js';
export * from './convention-rules.js';
export * from './admission.js';
export * from './quota-estimate.js';
export * from './served-schools.js';
export * from './certificates.js';
export * from './saml-metadata.js';
export * from './oidc-discovery.js';
// Entities
export * from './partner-ent.entity.js';
export * from './convention.entity.js';
export * from './convention-parts.entity.js';
export * from './conventions.entities.js';
// Read APIs for the guests and federation libraries
export * from './secret-box.js';
export * from './partners.queries.js';
export * from './conventions.queries.js';
// Use cases
export * from './convention-access.js';
export * from './partners.service.js';
export * from './conventions.service.js';
export * from './convention-lifecycle.service.js';
export * from './convention-window-end.handler.js';
// GraphQL
export * from './partner.type.js';
export * from './partner.inputs.js';
export * from './partners.mapper.js';
export * from './partners.resolver.js';
export * from './convention.type.js';
export * from './convention.inputs.js';
export * from './conventions.mapper.js';
export * from './conventions.resolver.js';
export * from './conventions.module.js';
export * from './partner-urls.js';
