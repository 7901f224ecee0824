import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';
import { SessionStore } from '../sessions/session-store.js';
import { hashSessionId } from '../sessions/session.service.js';
import { FederationPartners } from './federation-partners.js';
import { FederatedLogoutHint, FederationProtocolRegistry } from './protocol.js';

/**
 * Single logout with the partner: for a federated session, the URL that ends the partner's session too (SAML
 * LogoutRequest over HTTP-Redirect when the partner has an SLO URL, OIDC RP-initiated logout), or null.
 * Read before the hub session is closed; a failure never blocks the hub's own logout.
 */
@Injectable()
export class FederationLogoutService {
  private readonly logger = new Logger('FederationLogout');

  constructor(private readonly sessions: SessionStore, private readonly partners: FederationPartners,
    private readonly registry: FederationProtocolRegistry, private readonly config: AppConfig) {}

  async partnerLogoutUrl(sessionId: string | undefined): Promise<string | null> {
    if (!sessionId || sessionId.length > 100) return null;
    try {
      const record = await this.sessions.find(hashSessionId(sessionId));
      const hint = record?.data?.federation as FederatedLogoutHint | undefined;
      if (!hint?.partnerId) return null;
      const partner = await this.partners.findById(hint.partnerId);
      const handler = partner ? this.registry.get(partner.protocol) : undefined;
      if (!partner || !handler?.buildLogoutUrl) return null;
      return await handler.buildLogoutUrl(partner, hint, `${this.config.PUBLIC_URL}/`);
    } catch (error) {
      this.logger.warn({ msg: 'could not build the partner logout URL', error: String(error) });
      return null;
    }
  }
}
