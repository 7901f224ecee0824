import { ArgsType, Field, Float, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsDate, IsEnum, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested,
} from 'class-validator';
import { ClassLevel, Profile } from '@passerelle/directory';
import { PageArgs } from '@passerelle/graphql-kit';
import { SignatorySide } from './convention-parts.entity.js';
import { ConventionStatus } from './convention-status.js';
import { ContributionFate } from './convention.entity.js';

/* Inputs bound sizes and shapes at the edge (French messages); ConventionsService applies the rules (convention-rules.ts). */

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const NOT_TEXT = 'Ce champ doit être un texte.';
const INVALID_ID = 'Identifiant invalide.';
const NOT_INT = 'Ce champ doit être un nombre entier.';
const REASON = 'Le motif doit comporter de 1 à 1000 caractères.';

@InputType('PartnerStructureInput')
export class PartnerStructureInput {
  @Field({ description: 'UAI of a school of the partner, e.g. 0750001U.' })
  @IsString({ message: NOT_TEXT }) @MaxLength(32, { message: "L'UAI doit comporter 7 chiffres suivis d'une lettre clé (par exemple 0750001U)." })
  uai: string;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(200, { message: 'Le nom ne doit pas dépasser 200 caractères.' })
  name?: string | null;
}

@InputType('ProfileQuotaInput')
export class ProfileQuotaInput {
  @Field(() => Profile)
  @IsEnum(Profile, { message: 'Le profil est inconnu.' })
  profile: Profile;

  @Field(() => Int, { description: 'Guests to pre-provision for this profile (0 to 100000).' })
  @IsInt({ message: NOT_INT })
  quota: number;
}

@InputType('SignatoryInput')
export class SignatoryInput {
  @Field(() => SignatorySide)
  @IsEnum(SignatorySide, { message: 'Le côté du signataire est inconnu.' })
  side: SignatorySide;

  @Field()
  @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 200, { message: 'Le nom du signataire doit comporter de 1 à 200 caractères.' })
  fullName: string;

  @Field({ description: "e.g. \"Directrice de l'école\"." })
  @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 200, { message: 'La qualité du signataire doit comporter de 1 à 200 caractères.' })
  capacity: string;

  @Field(() => String, { nullable: true, description: 'Date signed, YYYY-MM-DD.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(10, { message: "La date de signature doit s'écrire AAAA-MM-JJ (par exemple 2026-09-01)." })
  signedAt?: string | null;
}

/** Terms an amendment may change (every field optional: only those given change; lists given replace the whole list). */
@InputType('AmendConventionInput')
export class AmendConventionInput {
  @Field(() => String, { nullable: true })
  @IsOptional() @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 200, { message: 'Le titre doit comporter de 1 à 200 caractères.' })
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(5000, { message: "L'objet ne doit pas dépasser 5000 caractères." })
  purpose?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. 2026-2027; by default the school year the window starts in.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(20, { message: "L'année scolaire doit s'écrire avec deux années consécutives, par exemple 2026-2027." })
  schoolYear?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional() @IsDate({ message: 'Date invalide.' })
  validFrom?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'At most 400 days after validFrom.' })
  @IsOptional() @IsDate({ message: 'Date invalide.' })
  validUntil?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Days after the end before personal data is erased (0 to 92).' })
  @IsOptional() @IsInt({ message: NOT_INT })
  retentionDays?: number | null;

  @Field(() => ContributionFate, { nullable: true })
  @IsOptional() @IsEnum(ContributionFate, { message: 'Le sort des contributions est inconnu.' })
  contributionFate?: ContributionFate | null;

  @Field(() => [ID], { nullable: true, description: 'Our schools hosting the partner users.' })
  @IsOptional() @IsArray() @ArrayMaxSize(100, { message: "Cent établissements d'accueil au plus." }) @IsUUID('all', { each: true, message: INVALID_ID })
  hostingStructureIds?: string[] | null;

  @Field(() => [PartnerStructureInput], { nullable: true })
  @IsOptional() @IsArray() @ArrayMaxSize(500, { message: 'Cinq cents établissements partenaires au plus.' })
  @ValidateNested({ each: true }) @Type(() => PartnerStructureInput)
  partnerStructures?: PartnerStructureInput[] | null;

  @Field(() => [ProfileQuotaInput], { nullable: true, description: 'Allowed profiles and their quotas.' })
  @IsOptional() @IsArray() @ArrayMaxSize(20, { message: 'Vingt profils au plus.' })
  @ValidateNested({ each: true }) @Type(() => ProfileQuotaInput)
  quotas?: ProfileQuotaInput[] | null;

  @Field(() => [SignatoryInput], { nullable: true })
  @IsOptional() @IsArray() @ArrayMaxSize(50, { message: 'Cinquante signataires au plus.' })
  @ValidateNested({ each: true }) @Type(() => SignatoryInput)
  signatories?: SignatoryInput[] | null;
}

@InputType('UpdateConventionInput', { description: 'Changes a DRAFT (only the fields given).' })
export class UpdateConventionInput extends AmendConventionInput {
  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(20, { message: 'Le code doit comporter de 3 à 20 lettres minuscules ou chiffres, sans espace ni accent.' })
  code?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional() @IsString({ message: INVALID_ID })
  partnerId?: string | null;
}

@InputType('CreateConventionInput')
export class CreateConventionInput {
  @Field(() => String, { nullable: true, description: '3 to 20 lower-case letters or digits; generated from the title when absent.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(20, { message: 'Le code doit comporter de 3 à 20 lettres minuscules ou chiffres, sans espace ni accent.' })
  code?: string | null;

  @Field()
  @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 200, { message: 'Le titre doit comporter de 1 à 200 caractères.' })
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(5000, { message: "L'objet ne doit pas dépasser 5000 caractères." })
  purpose?: string | null;

  @Field(() => ID)
  @IsString({ message: INVALID_ID })
  partnerId: string;

  @Field(() => String, { nullable: true, description: 'e.g. 2026-2027; by default the school year the window starts in.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(20, { message: "L'année scolaire doit s'écrire avec deux années consécutives, par exemple 2026-2027." })
  schoolYear?: string | null;

  @Field(() => GraphQLISODateTime)
  @IsDate({ message: 'Date invalide.' })
  validFrom: Date;

  @Field(() => GraphQLISODateTime, { description: 'At most 400 days after validFrom.' })
  @IsDate({ message: 'Date invalide.' })
  validUntil: Date;

  @Field(() => Int, { description: 'Days after the end before personal data is erased (0 to 92).' })
  @IsInt({ message: NOT_INT })
  retentionDays: number;

  @Field(() => ContributionFate)
  @IsEnum(ContributionFate, { message: 'Le sort des contributions est inconnu.' })
  contributionFate: ContributionFate;

  @Field(() => [ID], { nullable: true, description: 'Our schools hosting the partner users.' })
  @IsOptional() @IsArray() @ArrayMaxSize(100, { message: "Cent établissements d'accueil au plus." }) @IsUUID('all', { each: true, message: INVALID_ID })
  hostingStructureIds?: string[] | null;

  @Field(() => [PartnerStructureInput], { nullable: true })
  @IsOptional() @IsArray() @ArrayMaxSize(500, { message: 'Cinq cents établissements partenaires au plus.' })
  @ValidateNested({ each: true }) @Type(() => PartnerStructureInput)
  partnerStructures?: PartnerStructureInput[] | null;

  @Field(() => [ProfileQuotaInput], { nullable: true })
  @IsOptional() @IsArray() @ArrayMaxSize(20, { message: 'Vingt profils au plus.' })
  @ValidateNested({ each: true }) @Type(() => ProfileQuotaInput)
  quotas?: ProfileQuotaInput[] | null;

  @Field(() => [SignatoryInput], { nullable: true })
  @IsOptional() @IsArray() @ArrayMaxSize(50, { message: 'Cinquante signataires au plus.' })
  @ValidateNested({ each: true }) @Type(() => SignatoryInput)
  signatories?: SignatoryInput[] | null;
}

@InputType('ConventionsFilter', { description: 'Every criterion given must hold.' })
export class ConventionsFilter {
  @Field(() => ConventionStatus, { nullable: true })
  @IsOptional() @IsEnum(ConventionStatus, { message: 'Le statut est inconnu.' })
  status?: ConventionStatus | null;

  @Field(() => ID, { nullable: true })
  @IsOptional() @IsUUID('all', { message: INVALID_ID })
  partnerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Conventions hosted (among others) by this school.' })
  @IsOptional() @IsUUID('all', { message: INVALID_ID })
  hostingStructureId?: string | null;

  @Field(() => String, { nullable: true, description: 'Conventions covering this partner UAI.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(32, { message: "L'UAI doit comporter 7 chiffres suivis d'une lettre clé (par exemple 0750001U)." })
  partnerUai?: string | null;
}

@ArgsType()
export class ConventionsArgs extends PageArgs {
  @Field(() => ConventionsFilter, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => ConventionsFilter)
  filter?: ConventionsFilter | null;
}

@ArgsType()
export class CreateConventionArgs {
  @Field(() => CreateConventionInput)
  @ValidateNested() @Type(() => CreateConventionInput)
  input: CreateConventionInput;
}

@ArgsType()
export class UpdateConventionArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID })
  id: string;

  @Field(() => UpdateConventionInput)
  @ValidateNested() @Type(() => UpdateConventionInput)
  input: UpdateConventionInput;
}

@ArgsType()
export class AmendConventionArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID })
  id: string;

  @Field(() => AmendConventionInput)
  @ValidateNested() @Type(() => AmendConventionInput)
  input: AmendConventionInput;

  @Field({ description: 'Why the convention is amended (kept with the new version).' })
  @IsString({ message: NOT_TEXT }) @Length(1, 1000, { message: REASON })
  reason: string;
}

@ArgsType()
export class ConventionReasonArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID })
  id: string;

  @Field({ description: 'Why (kept in the audit trail).' })
  @IsString({ message: NOT_TEXT }) @Length(1, 1000, { message: REASON })
  reason: string;
}

@ArgsType()
export class SetGuestQuotaArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID })
  conventionId: string;

  @Field(() => [ProfileQuotaInput], { description: 'The profiles listed get these quotas; the others are unchanged.' })
  @IsArray() @ArrayMaxSize(20, { message: 'Vingt profils au plus.' })
  @ValidateNested({ each: true }) @Type(() => ProfileQuotaInput)
  quotas: ProfileQuotaInput[];

  @Field(() => String, { nullable: true, description: 'Why, for an agreed convention (kept with the new version).' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @Length(1, 1000, { message: REASON })
  reason?: string | null;
}

@InputType('PlannedClassInput', { description: 'A partner class planned to take part.' })
export class PlannedClassInput {
  @Field(() => ClassLevel)
  @IsEnum(ClassLevel, { message: 'Le niveau de classe est inconnu.' })
  level: ClassLevel;

  @Field(() => String, { nullable: true, description: 'e.g. "6e B"; the level by default.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(100, { message: 'Le libellé de la classe ne doit pas dépasser 100 caractères.' })
  label?: string | null;

  @Field(() => Int)
  @IsInt({ message: NOT_INT })
  pupils: number;
}

@InputType('EstimateGuestQuotaInput')
export class EstimateGuestQuotaInput {
  @Field(() => [PlannedClassInput])
  @IsArray() @ArrayMaxSize(200, { message: 'Indiquez 200 classes au plus.' })
  @ValidateNested({ each: true }) @Type(() => PlannedClassInput)
  partnerClasses: PlannedClassInput[];

  @Field(() => Int, { description: 'Partner teachers taking part.' })
  @IsInt({ message: NOT_INT })
  teachers: number;

  @Field(() => Float, { description: 'Percent added to each profile, 0 to 50.' })
  @IsNumber({}, { message: 'La marge doit être un nombre.' })
  margin: number;
}

@ArgsType()
export class EstimateGuestQuotaArgs {
  @Field(() => EstimateGuestQuotaInput)
  @ValidateNested() @Type(() => EstimateGuestQuotaInput)
  input: EstimateGuestQuotaInput;
}
