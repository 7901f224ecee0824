import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsOptional, IsString, Length, MaxLength, ValidateNested,
} from 'class-validator';
import { AttributeMappingPreset } from './attribute-mapping.js';
import { PartnerKind, PartnerProtocol, PartnerStatus, PartnerTrust, SamlSignedPart } from './partner-settings.js';
import { OidcSigningAlgorithm } from './partner.type.js';

/* Inputs bound sizes and shapes at the edge (French messages); PartnersService applies the rules. */

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const NOT_TEXT = 'Ce champ doit être un texte.';
const INVALID_ID = 'Identifiant invalide.';
const URL_TOO_LONG = "L'adresse ne doit pas dépasser 2000 caractères.";
/** Schools one home ENT may serve (a town's or a circonscription's écoles). */
export const MAX_SERVED_UAIS = 500;
const SERVED_UAIS_TOO_MANY = `${MAX_SERVED_UAIS} écoles au plus.`;

@InputType('PartnerSamlSettingsInput', { description: 'SAML IdP settings; importSamlMetadata fills them from metadata.' })
export class PartnerSamlSettingsInput {
  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(1024, { message: "L'entityID ne doit pas dépasser 1024 caractères." })
  entityId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(2000, { message: URL_TOO_LONG })
  ssoUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(2000, { message: URL_TOO_LONG })
  sloUrl?: string | null;

  @Field(() => [String], { nullable: true, description: 'PEM (or base64) certificates; each must be valid today.' })
  @IsOptional() @IsArray() @ArrayMaxSize(10, { message: 'Dix certificats au plus.' })
  @IsString({ each: true, message: NOT_TEXT }) @MaxLength(20_000, { each: true, message: 'Un certificat ne doit pas dépasser 20 000 caractères.' })
  signingCertificates?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(255, { message: 'Le format de NameID ne doit pas dépasser 255 caractères.' })
  nameIdFormat?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether IdP-initiated login is accepted (default false).' })
  @IsOptional() @IsBoolean()
  allowIdpInitiated?: boolean | null;

  @Field(() => SamlSignedPart, { nullable: true, description: 'Default ASSERTION.' })
  @IsOptional() @IsEnum(SamlSignedPart, { message: 'La partie signée est inconnue.' })
  signedPart?: SamlSignedPart | null;
}

@InputType('PartnerOidcSettingsInput', { description: 'OpenID provider settings; discoverOidcIssuer reads the rest.' })
export class PartnerOidcSettingsInput {
  @Field(() => String, { nullable: true, description: 'Required when creating an OIDC partner.' })
  @IsOptional() @Transform(trim) @IsString({ message: NOT_TEXT }) @MaxLength(2000, { message: URL_TOO_LONG })
  issuer?: string | null;

  @Field(() => String, { nullable: true, description: 'Required when creating an OIDC partner.' })
  @IsOptional() @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 255, { message: "L'identifiant client doit comporter de 1 à 255 caractères." })
  clientId?: string | null;

  @Field(() => String, { nullable: true, description: 'Write-only: stored encrypted, never shown. Absent: kept; null: removed.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @Length(1, 1000, { message: 'Le secret client doit comporter de 1 à 1000 caractères.' })
  clientSecret?: string | null;

  @Field(() => [String], { nullable: true, description: 'Default: openid profile.' })
  @IsOptional() @IsArray() @ArrayMaxSize(20, { message: 'Vingt scopes au plus.' })
  @IsString({ each: true, message: NOT_TEXT }) @MaxLength(100, { each: true, message: 'Un scope ne doit pas dépasser 100 caractères.' })
  scopes?: string[] | null;

  @Field(() => [OidcSigningAlgorithm], { nullable: true, description: 'Default: every algorithm of the allow-list.' })
  @IsOptional() @IsArray() @IsEnum(OidcSigningAlgorithm, { each: true, message: "L'algorithme de signature n'est pas accepté." })
  allowedAlgorithms?: OidcSigningAlgorithm[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(2000, { message: URL_TOO_LONG })
  endSessionEndpoint?: string | null;
}

@InputType('PartnerAttributeMappingInput', { description: "A preset and the fields that differ from it (blank: the preset's)." })
export class PartnerAttributeMappingInput {
  @Field(() => AttributeMappingPreset, { nullable: true })
  @IsOptional() @IsEnum(AttributeMappingPreset, { message: 'Le modèle de correspondance est inconnu.' })
  preset?: AttributeMappingPreset | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(200, { message: "Le nom d'attribut ne doit pas dépasser 200 caractères." })
  subject?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(200, { message: "Le nom d'attribut ne doit pas dépasser 200 caractères." })
  displayName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(200, { message: "Le nom d'attribut ne doit pas dépasser 200 caractères." })
  profile?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(200, { message: "Le nom d'attribut ne doit pas dépasser 200 caractères." })
  uai?: string | null;

  @Field(() => String, { nullable: true, description: 'null: the partner sends no class.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(200, { message: "Le nom d'attribut ne doit pas dépasser 200 caractères." })
  classCode?: string | null;
}

@InputType('CreatePartnerInput')
export class CreatePartnerInput {
  @Field({ description: 'Lower-case letters, digits and dashes; used in the federation URLs (/auth/<slug>/...).' })
  @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 64, { message: "L'identifiant court doit comporter de 1 à 64 caractères." })
  slug: string;

  @Field()
  @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 200, { message: 'Le nom doit comporter de 1 à 200 caractères.' })
  name: string;

  @Field(() => PartnerKind)
  @IsEnum(PartnerKind, { message: "Le type d'ENT est inconnu." })
  kind: PartnerKind;

  @Field(() => PartnerProtocol)
  @IsEnum(PartnerProtocol, { message: 'Le protocole est inconnu.' })
  protocol: PartnerProtocol;

  @Field(() => PartnerTrust, { nullable: true, description: 'Default PARTNER.' })
  @IsOptional() @IsEnum(PartnerTrust, { message: 'Le niveau de confiance est inconnu.' })
  trust?: PartnerTrust | null;

  @Field(() => PartnerStatus, { nullable: true, description: 'Default ACTIVE.' })
  @IsOptional() @IsEnum(PartnerStatus, { message: 'Le statut est inconnu.' })
  status?: PartnerStatus | null;

  @Field(() => [String], { nullable: true, description: "Trust HOME only: the UAIs of the schools whose people this ENT signs in." })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_SERVED_UAIS, { message: SERVED_UAIS_TOO_MANY })
  @IsString({ each: true, message: NOT_TEXT }) @MaxLength(20, { each: true, message: "Une UAI ne doit pas dépasser 20 caractères." })
  servedUais?: string[] | null;

  @Field(() => PartnerSamlSettingsInput, { nullable: true, description: 'For SAML2 only.' })
  @IsOptional() @ValidateNested() @Type(() => PartnerSamlSettingsInput)
  saml?: PartnerSamlSettingsInput | null;

  @Field(() => PartnerOidcSettingsInput, { nullable: true, description: 'For OIDC only: issuer and clientId required.' })
  @IsOptional() @ValidateNested() @Type(() => PartnerOidcSettingsInput)
  oidc?: PartnerOidcSettingsInput | null;

  @Field(() => PartnerAttributeMappingInput, { nullable: true, description: "Default: the protocol's generic preset." })
  @IsOptional() @ValidateNested() @Type(() => PartnerAttributeMappingInput)
  attributeMapping?: PartnerAttributeMappingInput | null;
}

@InputType('UpdatePartnerInput', { description: 'Only the fields given change. The protocol cannot change.' })
export class UpdatePartnerInput {
  @Field(() => String, { nullable: true })
  @IsOptional() @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 64, { message: "L'identifiant court doit comporter de 1 à 64 caractères." })
  slug?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 200, { message: 'Le nom doit comporter de 1 à 200 caractères.' })
  name?: string | null;

  @Field(() => PartnerKind, { nullable: true })
  @IsOptional() @IsEnum(PartnerKind, { message: "Le type d'ENT est inconnu." })
  kind?: PartnerKind | null;

  @Field(() => PartnerTrust, { nullable: true })
  @IsOptional() @IsEnum(PartnerTrust, { message: 'Le niveau de confiance est inconnu.' })
  trust?: PartnerTrust | null;

  @Field(() => PartnerStatus, { nullable: true })
  @IsOptional() @IsEnum(PartnerStatus, { message: 'Le statut est inconnu.' })
  status?: PartnerStatus | null;

  @Field(() => [String], { nullable: true, description: 'Trust HOME only: replaces the whole list of schools served (UAIs).' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_SERVED_UAIS, { message: SERVED_UAIS_TOO_MANY })
  @IsString({ each: true, message: NOT_TEXT }) @MaxLength(20, { each: true, message: "Une UAI ne doit pas dépasser 20 caractères." })
  servedUais?: string[] | null;

  @Field(() => PartnerSamlSettingsInput, { nullable: true, description: 'Fields given replace the stored ones.' })
  @IsOptional() @ValidateNested() @Type(() => PartnerSamlSettingsInput)
  saml?: PartnerSamlSettingsInput | null;

  @Field(() => PartnerOidcSettingsInput, { nullable: true, description: 'Fields given replace the stored ones.' })
  @IsOptional() @ValidateNested() @Type(() => PartnerOidcSettingsInput)
  oidc?: PartnerOidcSettingsInput | null;

  @Field(() => PartnerAttributeMappingInput, { nullable: true, description: 'Replaces the whole mapping.' })
  @IsOptional() @ValidateNested() @Type(() => PartnerAttributeMappingInput)
  attributeMapping?: PartnerAttributeMappingInput | null;
}

@ArgsType()
export class CreatePartnerArgs {
  @Field(() => CreatePartnerInput)
  @ValidateNested() @Type(() => CreatePartnerInput)
  input: CreatePartnerInput;
}

@ArgsType()
export class UpdatePartnerArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID })
  id: string;

  @Field(() => UpdatePartnerInput)
  @ValidateNested() @Type(() => UpdatePartnerInput)
  input: UpdatePartnerInput;
}

@ArgsType()
export class ImportSamlMetadataArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID })
  partnerId: string;

  @Field({ description: 'The IdP metadata XML (512 KB at most, no DOCTYPE).' })
  @IsString({ message: NOT_TEXT })
  xml: string;
}

@ArgsType()
export class DiscoverOidcIssuerArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID })
  partnerId: string;

  @Field({ description: 'The issuer URL (its /.well-known/openid-configuration is read).' })
  @IsString({ message: NOT_TEXT }) @MaxLength(2000, { message: URL_TOO_LONG })
  url: string;
}

