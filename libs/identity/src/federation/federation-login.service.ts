import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Principal } from '@passerelle/access';
import { AppConfig } from '@passerelle/config';
import { firstForbiddenText, NotFoundError, UnauthenticatedError } from '@passerelle/errors';
import { SessionStore } from '../sessions/session-store.js';
import { hashSessionId } from '../sessions/session.service.js';
import { ThrottleService } from '../sessions/throttle.service.js';
import { throttleAddress } from '../sessions/throttle-address.js';
import { browserBindingOf, readBrowserBinding, writeBrowserBinding } from './browser-binding.js';
import { FederationError } from './federation-errors.js';
import { FederationPartners } from './federation-partners.js';
import { FederationSignInService } from './federation-sign-in.service.js';
import { FederationPartner, FederationProtocolRegistry, PartnerTrust } from './protocol.js';
import { safeReturnTo } from './return-to.js';
import { SamlSpService } from './saml/saml-sp.service.js';

export interface PartnerChoice {
  readonly slug: string;
  readonly name: string;
  readonly protocol: 'SAML2' | 'OIDC';
}

export interface SessionView {
  readonly id: string;
  readonly displayName: string;
  readonly profile: string | null;
  readonly origin: 'HOME' | 'PARTNER';
  readonly conventionId?: string;
}

/**
 * Throttling of the federation routes. A whole school often shares one public IP address (NAT) and a class signs in
 * within minutes, so the per-IP limit is generous; the per-partner limit caps what one partner's users (or someone
 * replaying its messages) can cost. Derived from LOGIN_THROTTLE_PER_IP until dedicated variables exist.
 */
export function federationLimits(config: AppConfig): { perIp: number; perPartner: number; windowSeconds: number } {
  return { perIp: config.LOGIN_THROTTLE_PER_IP * 20, perPartner: config.LOGIN_THROTTLE_PER_IP * 1000, windowSeconds: 60 };
}

/** The use cases behind the federation routes; the controllers only hand requests over. */
@Injectable()
export class FederationLoginService {
  constructor(private readonly partners: FederationPartners, private readonly registry: FederationProtocolRegistry,
    private readonly signIn: FederationSignInService, private readonly saml: SamlSpService, private readonly throttle: ThrottleService,
    private readonly sessions: SessionStore, private readonly config: AppConfig) {}

  private async throttleIp(ip: string): Promise<void> {
    const limits = federationLimits(this.config);
    await this.throttle.consume(`federation-ip:${throttleAddress(ip)}`, limits.perIp, limits.windowSeconds);
  }

  private async throttlePartner(partner: FederationPartner): Promise<void> {
    const limits = federationLimits(this.config);
    await this.throttle.consume(`federation-partner:${partner.id}`, limits.perPartner, limits.windowSeconds);
  }

  async listPartners(ip: string): Promise<PartnerChoice[]> {
    await this.throttleIp(ip);
    return (await this.enabledPartners()).map(({ slug, name, protocol }) => ({ slug, name, protocol }));
  }

  /**
   * The same list for the sign-in page (libs/portal), which groups the home ENT apart from partner ENTs. The page has
   * its own per-IP budget, five times the sign-ins' one: a whole collège behind one address opens the page at 8 h, and
   * its views must not use up the budget of the sign-ins themselves (nor the other way round).
   */
  async listPartnersWithTrust(ip: string): Promise<(PartnerChoice & { readonly trust: PartnerTrust; readonly kind: string })[]> {
    const limits = federationLimits(this.config);
    await this.throttle.consume(`sign-in-page-ip:${throttleAddress(ip)}`, limits.perIp * 5, limits.windowSeconds);
    return this.enabledPartners();
  }

  private async enabledPartners(): Promise<(PartnerChoice & { readonly trust: PartnerTrust; readonly kind: string })[]> {
    return (await this.partners.listEnabled()).map((p) => ({ slug: p.slug, name: p.name, protocol: p.protocol, trust: p.trust, kind: p.kind }));
  }

  /** GET /auth/:slug/login: 302 to the partner, with the login cookie set. */
  async startLogin(slug: string, returnTo: unknown, ip: string, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let partner: FederationPartner | null = null;
    try {
      await this.throttleIp(ip);
      partner = await this.partners.findBySlug(slug);
      if (!partner) throw new FederationError('PARTNER_UNKNOWN', 'no usable partner with this slug');
      await this.throttlePartner(partner);
      const handler = this.registry.get(partner.protocol);
      if (!handler) throw new FederationError('PARTNER_UNAVAILABLE', `no ${partner.protocol} handler registered`);
      const browserBinding = browserBindingOf(request);
      const url = await handler.startLogin(partner, { returnTo: safeReturnTo(returnTo), browserBinding });
      writeBrowserBinding(reply, browserBinding, this.config.cookieSecure);
      reply.header('Cache-Control', 'no-store').redirect(url, 302);
    } catch (error) {
      await this.signIn.refuse(partner, error, request, reply);
    }
  }

  /** POST /auth/saml/:slug/acs. */
  async consumeSaml(slug: string, body: unknown, ip: string, request: FastifyRequest & { federationBodyTooLarge?: boolean },
    reply: FastifyReply): Promise<void> {
    let partner: FederationPartner | null = null;
    try {
      await this.throttleIp(ip);
      partner = await this.partners.findBySlug(slug);
      if (!partner || partner.protocol !== 'SAML2') throw new FederationError('PARTNER_UNKNOWN', 'no usable SAML partner with this slug');
      await this.throttlePartner(partner);
      if (request.federationBodyTooLarge) {
        // The rest of the body is not read: close the connection after the page rather than drain it.
        reply.header('Connection', 'close');
        throw new FederationError('SAML_TOO_LARGE', 'request body over the limit');
      }
      // A control character in any posted field (SAMLResponse, RelayState): not a message a partner sends.
      const forbidden = firstForbiddenText(body);
      if (forbidden) throw new FederationError('SAML_MALFORMED', `control character ${forbidden.character} in ${forbidden.path.join('.') || 'the body'}`);
      const field = body && typeof body === 'object' ? (body as Record<string, unknown>).SAMLResponse : undefined;
      const result = await this.saml.consume(partner, field, readBrowserBinding(request));
      await this.signIn.completeSignIn(result.identity, partner, { returnTo: result.returnTo, logoutHint: result.logoutHint }, request, reply);
    } catch (error) {
      await this.signIn.refuse(partner, error, request, reply);
    }
  }

  /** GET /auth/saml/:slug/metadata. */
  async samlMetadata(slug: string, ip: string): Promise<string> {
    await this.throttleIp(ip);
    const partner = await this.partners.findBySlug(slug);
    if (!partner || partner.protocol !== 'SAML2') throw new NotFoundError();
    return this.saml.metadata(slug);
  }

  /** GET /auth/session: who is signed in, with the origin and convention of a federated session; 401 otherwise. */
  async session(principal: Principal | null): Promise<SessionView> {
    if (!principal) throw new UnauthenticatedError();
    const record = await this.sessions.find(hashSessionId(principal.sessionId));
    const data = (record?.data ?? {}) as Record<string, unknown>;
    const origin = data.origin === 'PARTNER' || principal.kind === 'GUEST' ? 'PARTNER' : 'HOME';
    return {
      id: principal.id, displayName: principal.displayName,
      profile: typeof data.profile === 'string' ? data.profile : null,
      origin,
      ...(typeof data.conventionId === 'string' ? { conventionId: data.conventionId } : {}),
    };
  }
}
