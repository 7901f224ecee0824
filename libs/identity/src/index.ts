export * from './identity.module.js';
export * from './access.guard.js';
export * from './same-origin.js';
export * from './local/hub-admin.entity.js';
export * from './local/hub-admins.service.js';
export * from './local/password.js';
export * from './local/local-sign-in.service.js';
export * from './sessions/session-store.js';
export * from './sessions/session.service.js';
export * from './sessions/session-endings.js';
export * from './sessions/session-sockets.js';
export * from './sessions/throttle.service.js';
export * from './sessions/redis-stores.js';

import { HubAdminEntity } from './local/hub-admin.entity.js';
export const IDENTITY_ENTITIES = [HubAdminEntity];
// Federation (sign-in through partner ENTs)
export * from './federation/protocol.js';
export * from './federation/federation-errors.js';
export * from './federation/mapping.js';
export * from './federation/federation.module.js';
export * from './federation/federation-sign-in.service.js';
export * from './federation/federation-partners.js';
export * from './federation/federation-login.service.js';
export * from './federation/federation-logout.service.js';
export * from './sessions/session-cookies.js';
export * from './federation/oidc/index.js';
export * from './federation/self-test/index.js';
export * from './federation/return-to.js';
