import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, connectionType } from '@passerelle/graphql-kit';
import { AttributeMappingPreset } from './attribute-mapping.js';
import { PartnerKind, PartnerProtocol, PartnerStatus, PartnerTrust, SamlSignedPart } from './partner-settings.js';

/** GraphQL names of the allowed ID token algorithms (UPPER_CASE; the value is the JOSE name). */
export enum OidcSigningAlgorithm {
  RS256 = 'RS256', RS384 = 'RS384', RS512 = 'RS512',
  PS256 = 'PS256', PS384 = 'PS384', PS512 = 'PS512',
  ES256 = 'ES256', ES384 = 'ES384', ES512 = 'ES512',
  EDDSA = 'EdDSA',
}

registerEnumType(PartnerKind, { name: 'PartnerKind', description: "Kind of partner ENT: an école's, a collège's, or another." });
registerEnumType(PartnerProtocol, { name: 'PartnerProtocol', description: 'How the partner ENT signs its users in.' });
registerEnumType(PartnerTrust, {
  name: 'PartnerTrust',
  valuesMap: {
    PARTNER: { description: 'Its users come in as guests, under a convention.' },
    HOME: { description: "The school's own ENT: its users are local members." },
  },
});
registerEnumType(PartnerStatus, { name: 'PartnerStatus', description: 'A DISABLED partner lets nobody in.' });
registerEnumType(SamlSignedPart, { name: 'SamlSignedPart', description: 'Which part of a SAML response must be signed.' });
registerEnumType(OidcSigningAlgorithm, { name: 'OidcSigningAlgorithm', description: 'Asymmetric ID token signing algorithms (never none nor HS*).' });
registerEnumType(AttributeMappingPreset, { name: 'AttributeMappingPreset', description: 'Defaults of an attribute mapping, per ENT family.' });

@ObjectType('PartnerSamlSettings', { description: "A SAML 2.0 identity provider's settings." })
export class PartnerSamlSettings {
  @Field(() => String, { nullable: true })
  entityId: string | null;

  @Field(() => String, { nullable: true, description: 'SingleSignOnService location.' })
  ssoUrl: string | null;

  @Field(() => String, { nullable: true, description: 'SingleLogoutService location.' })
  sloUrl: string | null;

  @Field(() => [String], { description: 'PEM signing certificates (several during a key rotation).' })
  signingCertificates: string[];

  @Field(() => String, { nullable: true })
  nameIdFormat: string | null;

  @Field()
  allowIdpInitiated: boolean;

  @Field(() => SamlSignedPart)
  signedPart: SamlSignedPart;
}

@ObjectType('PartnerOidcSettings', { description: "An OpenID provider's settings. The client secret is never shown." })
export class PartnerOidcSettings {
  @Field()
  issuer: string;

  @Field()
  clientId: string;

  @Field({ description: 'Whether a client secret is stored (encrypted).' })
  hasClientSecret: boolean;

  @Field(() => [String])
  scopes: string[];

  @Field(() => [OidcSigningAlgorithm])
  allowedAlgorithms: OidcSigningAlgorithm[];

  @Field(() => String, { nullable: true })
  endSessionEndpoint: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the discovery document was last read.' })
  discoveredAt: Date | null;
}

@ObjectType('PartnerAttributeMapping', { description: 'Which SAML attribute or OIDC claim gives each piece of identity.' })
export class PartnerAttributeMapping {
  @Field(() => AttributeMappingPreset)
  preset: AttributeMappingPreset;

  @Field({ description: 'Stable subject (never an e-mail or a name).' })
  subject: string;

  @Field()
  displayName: string;

  @Field()
  profile: string;

  @Field()
  uai: string;

  @Field(() => String, { nullable: true })
  classCode: string | null;
}

@ObjectType('Partner', { description: 'A partner ENT (or the home ENT) whose users may come in.' })
export class Partner {
  @Field(() => ID)
  id: string;

  @Field()
  slug: string;

  @Field()
  name: string;

  @Field(() => PartnerKind)
  kind: PartnerKind;

  @Field(() => PartnerProtocol)
  protocol: PartnerProtocol;

  @Field(() => PartnerTrust)
  trust: PartnerTrust;

  @Field(() => PartnerStatus)
  status: PartnerStatus;

  @Field(() => [String], {
    description: 'Trust HOME: the UAIs of the schools whose people this ENT signs in (anyone else is refused). Empty for PARTNER.',
  })
  servedUais: string[];

  @Field(() => PartnerSamlSettings, { nullable: true, description: 'Set when protocol is SAML2.' })
  saml: PartnerSamlSettings | null;

  @Field(() => PartnerOidcSettings, { nullable: true, description: 'Set when protocol is OIDC.' })
  oidc: PartnerOidcSettings | null;

  @Field(() => PartnerAttributeMapping)
  attributeMapping: PartnerAttributeMapping;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt: Date;
}

export const PartnerConnection = connectionType(Partner);
export type PartnerConnection = Connection<Partner>;
