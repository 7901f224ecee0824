import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { allowInsecureRequests } from 'openid-client';
import { FederationProtocolRegistry } from '../protocol.js';
import { OidcCallbackController } from './oidc-callback.controller.js';
import { OidcCallbackService } from './oidc-callback.service.js';
import { OIDC_HTTP_OPTIONS, OidcClientConfigurations, OidcHttpOptions } from './oidc-client-configurations.js';
import { OidcProtocolHandler } from './oidc-protocol.handler.js';

/**
 * Sign-in through partner ENTs that speak OpenID Connect: registers the OIDC handler with the federation's registry
 * and serves the callback. Uses what FederationModule and IdentityModule export (both global): import it in the HTTP
 * application after IdentityModule.forRoot(config, { http: true }).
 */
@Module({
  controllers: [OidcCallbackController],
  providers: [
    // HTTPS only, default timeout. Tests override this token to reach a local provider over http://127.0.0.1.
    { provide: OIDC_HTTP_OPTIONS, useValue: Object.freeze({}) satisfies OidcHttpOptions },
    OidcClientConfigurations, OidcProtocolHandler, OidcCallbackService,
  ],
  exports: [OidcProtocolHandler, OidcClientConfigurations],
})
export class OidcModule implements OnModuleInit {
  /**
   * Demo mode only (the configuration refuses it in production): the local providers of federation/ speak plain http on
   * the loopback, so plain http is allowed for partners whose issuer is on the loopback, and for them only.
   */
  static forDemo(): DynamicModule {
    const options: OidcHttpOptions = Object.freeze({ execute: [allowInsecureRequests], loopbackOnly: true });
    return { module: OidcModule, providers: [{ provide: OIDC_HTTP_OPTIONS, useValue: options }] };
  }

  constructor(private readonly registry: FederationProtocolRegistry, private readonly handler: OidcProtocolHandler) {}

  onModuleInit(): void {
    this.registry.register(this.handler);
  }
}
