import { Global, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AuditModule } from '@passerelle/audit';
import { AppConfig } from '@passerelle/config';
import { ConventionsModule } from '@passerelle/conventions';
import { REDIS_CLIENT } from '../sessions/redis-stores.js';
import { FederationController } from './federation.controller.js';
import { FederationLoginService } from './federation-login.service.js';
import { FederationLogoutService } from './federation-logout.service.js';
import { FederationPartners } from './federation-partners.js';
import { FederationSignInService } from './federation-sign-in.service.js';
import { HomePeopleService } from './home-people.service.js';
import { HomePeopleAdminService } from './home-people-admin.service.js';
import { HomePeopleResolver } from './home-people.resolver.js';
import { DatabasePendingLoginStore, RedisPendingLoginStore } from './pending-login.stores.js';
import { FederationProtocolRegistry, PendingLoginStore } from './protocol.js';
import { registerFederationBodyLimit } from './saml/body-limit.hook.js';
import { SamlSpService } from './saml/saml-sp.service.js';
import { SpCredentials } from './saml/sp-credentials.service.js';
import { SELF_TEST_PROVIDERS } from './self-test/index.js';

/**
 * Sign-in through partner ENTs (HTTP API only): the routes, the SAML SP, pending logins, binding and refusals.
 * Global, so that the OIDC handler's module injects the registry, the pending-login store and FederationSignInService.
 * Needs GuestsModule (global, GuestClaimService) in the application.
 */
@Global()
@Module({
  imports: [ConventionsModule, AuditModule],
  controllers: [FederationController],
  providers: [
    FederationProtocolRegistry,
    {
      provide: PendingLoginStore, inject: [AppConfig, DataSource, { token: REDIS_CLIENT, optional: true }],
      useFactory: (config: AppConfig, dataSource: DataSource, redis?: Redis) =>
        (config.REDIS_URL && redis ? new RedisPendingLoginStore(redis, config.REDIS_KEY_PREFIX) : new DatabasePendingLoginStore(dataSource)),
    },
    FederationPartners, SpCredentials, SamlSpService, HomePeopleService, HomePeopleAdminService, HomePeopleResolver, FederationSignInService, FederationLoginService,
    FederationLogoutService,
    ...SELF_TEST_PROVIDERS,
  ],
  exports: [FederationProtocolRegistry, PendingLoginStore, FederationPartners, FederationSignInService, FederationLogoutService, SamlSpService,
    FederationLoginService],
})
export class FederationModule {
  // In the constructor, not onModuleInit: Nest declares the routes between the two, and the body-limit hook must see
  // the ACS route declared (it lifts Fastify's own limit there).
  constructor(adapterHost: HttpAdapterHost) {
    const instance = adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (instance && typeof instance.addHook === 'function') registerFederationBodyLimit(instance);
  }
}
