import { createHash } from 'node:crypto';
import { PartnerEntEntity } from './partner-ent.entity.js';
import { OidcAlgorithm } from './partner-settings.js';
import { effectiveAttributeMapping } from './partners.queries.js';
import { OidcSigningAlgorithm, Partner } from './partner.type.js';

/* What the API (and the audit trail) shows of a partner: the client secret never leaves, only whether there is one. */

export function toPartner(entity: PartnerEntEntity): Partner {
  const saml = entity.samlSettings;
  const oidc = entity.oidcSettings;
  return {
    id: entity.id,
    slug: entity.slug,
    name: entity.name,
    kind: entity.kind,
    protocol: entity.protocol,
    trust: entity.trust,
    status: entity.status,
    servedUais: [...(entity.servedUais ?? [])],
    saml: saml ? {
      entityId: saml.entityId, ssoUrl: saml.ssoUrl, sloUrl: saml.sloUrl, signingCertificates: [...saml.signingCertificates],
      nameIdFormat: saml.nameIdFormat, allowIdpInitiated: saml.allowIdpInitiated, signedPart: saml.signedPart,
    } : null,
    oidc: oidc ? {
      issuer: oidc.issuer, clientId: oidc.clientId, hasClientSecret: !!oidc.clientSecretBox, scopes: [...oidc.scopes],
      allowedAlgorithms: oidc.allowedAlgorithms.map(toGraphqlAlgorithm), endSessionEndpoint: oidc.endSessionEndpoint,
      discoveredAt: oidc.discovered ? new Date(oidc.discovered.discoveredAt) : null,
    } : null,
    attributeMapping: { ...effectiveAttributeMapping(entity) },
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  };
}

export function toGraphqlAlgorithm(alg: OidcAlgorithm): OidcSigningAlgorithm {
  return alg as OidcSigningAlgorithm; // the enum's values are the JOSE names
}

/** A partner as the audit trail records it: certificates by fingerprint, the secret only as a yes/no. */
export function partnerAuditView(entity: PartnerEntEntity): Record<string, unknown> {
  const partner = toPartner(entity);
  return {
    slug: partner.slug, name: partner.name, kind: partner.kind, protocol: partner.protocol, trust: partner.trust, status: partner.status,
    servedUais: partner.servedUais,
    saml: partner.saml ? {
      ...partner.saml,
      signingCertificates: partner.saml.signingCertificates.map((pem) => `sha256:${createHash('sha256').update(pem).digest('hex').slice(0, 16)}`),
    } : null,
    oidc: partner.oidc ? { ...partner.oidc, discoveredAt: partner.oidc.discoveredAt?.toISOString() ?? null } : null,
    // Named after what they point to: keys such as `subject` are refused in audit payloads (they name personal data).
    attributeMapping: {
      preset: partner.attributeMapping.preset, subjectAttribute: partner.attributeMapping.subject,
      displayNameAttribute: partner.attributeMapping.displayName, profileAttribute: partner.attributeMapping.profile,
      uaiAttribute: partner.attributeMapping.uai, classCodeAttribute: partner.attributeMapping.classCode,
    },
  };
}
