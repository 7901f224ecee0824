import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@passerelle/config';
import { redisOptionsFromUrl } from '@passerelle/jobs';
import { READINESS_CHECKS, ReadinessCheck } from '@passerelle/observability';
import { AccessGuard } from './access.guard.js';
import { FederationModule } from './federation/federation.module.js';
import { HubAdminsService } from './local/hub-admins.service.js';
import { LocalAuthController } from './local/local-auth.controller.js';
import { LocalSignInService } from './local/local-sign-in.service.js';
import { DatabaseRateLimitStore, DatabaseReplayCache, DatabaseSessionStore } from './sessions/database-stores.js';
import { REDIS_CLIENT, RedisRateLimitStore, RedisReplayCache, RedisSessionStore } from './sessions/redis-stores.js';
import { RateLimitStore, ReplayCache, SessionStore } from './sessions/session-store.js';
import { SessionCookies } from './sessions/session-cookies.js';
import { AnnouncingSessionStore, SessionEndings } from './sessions/session-endings.js';
import { SessionSockets } from './sessions/session-sockets.js';
import { SessionService } from './sessions/session.service.js';
import { ThrottleService } from './sessions/throttle.service.js';
import { ViewerResolver } from './viewer.resolver.js';

/** The Redis or database session store, before SessionEndings wraps it (every removal announced to every process). */
const SESSION_STORE_BACKEND = Symbol('SESSION_STORE_BACKEND');

function storeProviders(config: AppConfig): Provider[] {
  return [
    ...backendProviders(config),
    SessionEndings,
    { provide: SessionStore, inject: [SESSION_STORE_BACKEND, SessionEndings],
      useFactory: (backend: SessionStore, endings: SessionEndings) => new AnnouncingSessionStore(backend, endings) },
  ];
}

function backendProviders(config: AppConfig): Provider[] {
  if (!config.REDIS_URL) {
    return [
      { provide: SESSION_STORE_BACKEND, useClass: DatabaseSessionStore },
      { provide: RateLimitStore, useClass: DatabaseRateLimitStore },
      { provide: ReplayCache, useClass: DatabaseReplayCache },
    ];
  }
  const prefix = config.REDIS_KEY_PREFIX;
  return [
    {
      provide: REDIS_CLIENT,
      useFactory: () => new Redis({ ...redisOptionsFromUrl(config.REDIS_URL!), lazyConnect: false, maxRetriesPerRequest: 2 }),
    },
    { provide: SESSION_STORE_BACKEND, inject: [REDIS_CLIENT], useFactory: (r: Redis) => new RedisSessionStore(r, prefix) },
    { provide: RateLimitStore, inject: [REDIS_CLIENT], useFactory: (r: Redis) => new RedisRateLimitStore(r, prefix) },
    { provide: ReplayCache, inject: [REDIS_CLIENT], useFactory: (r: Redis) => new RedisReplayCache(r, prefix) },
    {
      provide: READINESS_CHECKS, inject: [REDIS_CLIENT],
      useFactory: (r: Redis): ReadinessCheck[] => [{ name: 'redis', check: async () => { await r.ping(); } }],
    },
  ];
}

/** Sessions, the access guard and local sign-in (hub administrators). */
@Module({})
export class IdentityModule {
  static forRoot(config: AppConfig, options: { http: boolean }): DynamicModule {
    return {
      module: IdentityModule,
      global: true,
      // Sign-in through partner ENTs (SAML, OIDC): HTTP API only.
      imports: options.http ? [FederationModule] : [],
      controllers: options.http ? [LocalAuthController] : [],
      providers: [
        ...storeProviders(config),
        SessionService, SessionCookies, ThrottleService, HubAdminsService, LocalSignInService,
        ...(options.http ? [ViewerResolver, SessionSockets, { provide: APP_GUARD, useClass: AccessGuard }] : []),
        { provide: 'REDIS_SHUTDOWN', inject: [{ token: REDIS_CLIENT, optional: true }],
          useFactory: (redis?: Redis) => ({ onApplicationShutdown: async () => { await redis?.quit().catch(() => undefined); } }) },
      ],
      exports: [SessionService, SessionCookies, ThrottleService, HubAdminsService, LocalSignInService, SessionStore, RateLimitStore, ReplayCache,
        SessionEndings, ...(options.http ? [SessionSockets] : []),
        ...(config.REDIS_URL ? [REDIS_CLIENT, READINESS_CHECKS] : [])],
    };
  }
}
