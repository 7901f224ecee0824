export * from './oidc.module.js';
export * from './oidc-errors.js';
export * from './oidc-client-configurations.js';
export * from './oidc-protocol.handler.js';
export * from './oidc-relying-party.js';
export * from './oidc-id-token.js';
