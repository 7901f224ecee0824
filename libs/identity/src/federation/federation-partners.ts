import { Injectable } from '@nestjs/common';
import { PartnerConfig, PartnersQueries } from '@passerelle/conventions';
import { FederationPartner } from './protocol.js';

/**
 * The one place the federation reads partner ENTs (libs/conventions' PartnersQueries). Returns only ACTIVE partners
 * whose settings are complete: a SAML partner without entityID, SSO URL or certificate, or an OIDC partner without
 * issuer or client id, is treated as unavailable rather than half-used.
 */
@Injectable()
export class FederationPartners {
  constructor(private readonly partners: PartnersQueries) {}

  async findBySlug(slug: string): Promise<FederationPartner | null> {
    if (!/^[a-z0-9-]{1,64}$/.test(slug)) return null;
    return toFederationPartner(await this.partners.findBySlug(slug));
  }

  async findById(id: string): Promise<FederationPartner | null> {
    return toFederationPartner(await this.partners.findById(id));
  }

  async listEnabled(): Promise<FederationPartner[]> {
    return (await this.partners.listEnabled()).map(toFederationPartner).filter((p): p is FederationPartner => p !== null);
  }
}

/** A usable partner, or null when it is disabled or its protocol settings are incomplete. */
export function toFederationPartner(config: PartnerConfig | null): FederationPartner | null {
  if (!config || config.status !== 'ACTIVE') return null;
  const base = {
    id: config.id, slug: config.slug, name: config.name, kind: config.kind, trust: config.trust, status: config.status,
    servedUais: [...(config.servedUais ?? [])], attributeMapping: config.attributeMapping,
  };
  if (config.protocol === 'SAML2') {
    const saml = config.saml;
    const certificates = (saml?.signingCertificates ?? []).filter((c) => typeof c === 'string' && c.trim() !== '');
    if (!saml || !saml.entityId || !saml.ssoUrl || certificates.length === 0) return null;
    return {
      ...base, protocol: 'SAML2', oidcSettings: null,
      samlSettings: {
        entityId: saml.entityId, ssoUrl: saml.ssoUrl, sloUrl: saml.sloUrl ?? null, signingCertificates: certificates,
        nameIdFormat: saml.nameIdFormat ?? null, allowIdpInitiated: saml.allowIdpInitiated === true,
        signedPart: saml.signedPart === 'RESPONSE' ? 'RESPONSE' : 'ASSERTION',
      },
    };
  }
  const oidc = config.oidc;
  if (!oidc || !oidc.issuer || !oidc.clientId) return null;
  return {
    ...base, protocol: 'OIDC', samlSettings: null,
    oidcSettings: {
      issuer: oidc.issuer, clientId: oidc.clientId, clientSecret: oidc.clientSecret ?? null, scopes: oidc.scopes ?? [],
      allowedAlgorithms: oidc.allowedAlgorithms ?? [], endSessionEndpoint: oidc.endSessionEndpoint ?? null,
      discovered: oidc.discovered ?? null,
    },
  };
}
