import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@passerelle/config';
import { ThrottleService } from '../../sessions/throttle.service.js';
import { throttleAddress } from '../../sessions/throttle-address.js';
import { readBrowserBinding } from '../browser-binding.js';
import { FederationError } from '../federation-errors.js';
import { federationLimits } from '../federation-login.service.js';
import { FederationPartners } from '../federation-partners.js';
import { FederationSignInService } from '../federation-sign-in.service.js';
import { FederationPartner } from '../protocol.js';
import { OidcProtocolHandler } from './oidc-protocol.handler.js';

/**
 * GET /auth/oidc/:slug/callback: throttled like the SAML ACS (per IP, per partner), verified by the OIDC handler,
 * finished by FederationSignInService (binding, session, redirect) or refused there (one audit event, French page).
 */
@Injectable()
export class OidcCallbackService {
  constructor(private readonly partners: FederationPartners, private readonly handler: OidcProtocolHandler,
    private readonly signIn: FederationSignInService, private readonly throttle: ThrottleService, private readonly config: AppConfig) {}

  async handle(slug: string, ip: string, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let partner: FederationPartner | null = null;
    try {
      const limits = federationLimits(this.config);
      await this.throttle.consume(`federation-ip:${throttleAddress(ip)}`, limits.perIp, limits.windowSeconds);
      partner = await this.partners.findBySlug(slug);
      if (!partner || partner.protocol !== 'OIDC') throw new FederationError('PARTNER_UNKNOWN', 'no usable OIDC partner with this slug');
      await this.throttle.consume(`federation-partner:${partner.id}`, limits.perPartner, limits.windowSeconds);
      const verified = await this.handler.verifyCallback(partner, rawQueryOf(request.url), readBrowserBinding(request));
      await this.signIn.completeSignIn(verified.identity, partner, verified.context, request, reply);
    } catch (error) {
      await this.signIn.refuse(partner, error, request, reply);
    }
  }
}

/** The query string as received (openid-client reads code, state, iss and error from it). */
function rawQueryOf(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}
