/** Partner ENT enums and protocol settings, as stored in `partner_ent` (JSON columns) and read by the federation library. */

export enum PartnerKind {
  ECOLE = 'ECOLE',
  COLLEGE = 'COLLEGE',
  OTHER = 'OTHER',
}

export enum PartnerProtocol {
  SAML2 = 'SAML2',
  OIDC = 'OIDC',
}

/** PARTNER: its users come in as guests under a convention. HOME: the school's own ENT, whose users are local members. */
export enum PartnerTrust {
  PARTNER = 'PARTNER',
  HOME = 'HOME',
}

export enum PartnerStatus {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}

/** Which part of a SAML response the IdP signs (and the hub requires signed). */
export enum SamlSignedPart {
  ASSERTION = 'ASSERTION',
  RESPONSE = 'RESPONSE',
}

/** Signing algorithms a partner's ID tokens may use: asymmetric only, never `none` nor HS*. */
export const OIDC_ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type OidcAlgorithm = (typeof OIDC_ALLOWED_ALGORITHMS)[number];

export function isOidcAlgorithm(value: string): value is OidcAlgorithm {
  return (OIDC_ALLOWED_ALGORITHMS as readonly string[]).includes(value);
}

/**
 * SAML IdP settings. A partner just created may not be configured yet: `entityId` and `ssoUrl` are null until
 * entered or imported from metadata; the federation library must refuse to use a partner whose settings are incomplete.
 */
export interface SamlSettings {
  readonly entityId: string | null;
  /** SingleSignOnService Location (HTTP-Redirect binding preferred). */
  readonly ssoUrl: string | null;
  readonly sloUrl: string | null;
  /** PEM certificates (several while the IdP rotates its key). */
  readonly signingCertificates: readonly string[];
  readonly nameIdFormat: string | null;
  readonly allowIdpInitiated: boolean;
  readonly signedPart: SamlSignedPart;
}

/** Endpoints read from the discovery document (`discoverOidcIssuer`). */
export interface OidcDiscoveredEndpoints {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly jwksUri: string;
  readonly userinfoEndpoint: string | null;
  readonly discoveredAt: string;
}

/** OpenID Connect settings without the client secret (the public view). */
export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly allowedAlgorithms: readonly OidcAlgorithm[];
  readonly endSessionEndpoint: string | null;
  readonly discovered: OidcDiscoveredEndpoints | null;
}

/** What `partner_ent.oidc_settings` holds: the secret only as an AES-256-GCM box (see SecretBox). */
export interface StoredOidcSettings extends OidcSettings {
  readonly clientSecretBox: string | null;
}

/** OIDC settings with the decrypted client secret: for the federation library only, never for GraphQL. */
export interface OidcSettingsWithSecret extends OidcSettings {
  readonly clientSecret: string | null;
}
