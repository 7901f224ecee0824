import { ArgsType, Field, Float, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { connectionType, Connection, PageArgs } from '@passerelle/graphql-kit';

@ObjectType('ModerationAccess', {
  description: "A hub administrator's « accès de modération » to a space: who, why, from when until when (ADR 0019).",
})
export class ModerationAccess {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  spaceId: string;

  @Field({ description: 'The administrator, by name (as it was when they opened it).' })
  adminName: string;

  @Field({ description: 'Why they opened it (required).' })
  reason: string;

  @Field(() => GraphQLISODateTime)
  openedAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it ends: after it, the administrator reads nothing of the space.' })
  expiresAt: Date;

  @Field({ description: 'Whether it is still open now.' })
  open: boolean;
}

@ObjectType('SpaceOwner', { description: 'An owner of a space, by name only.' })
export class SpaceOwner {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;
}

@ObjectType('SpaceOverview', {
  description: 'What hub administrators see of a space: its name, school, owners and size; never its content (ADR 0019).',
})
export class SpaceOverview {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field(() => ID, { description: 'The owning school.' })
  structureId: string;

  @Field(() => [SpaceOwner], { description: 'Its owners by name (teachers and directors named owner).' })
  owners: SpaceOwner[];

  @Field(() => Float, { description: 'Bytes its documents take.' })
  storageUsedBytes: number;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  /** Not fields: what the field resolvers need. */
  now: Date;
}

export const SpaceOverviewConnection = connectionType(SpaceOverview);
export type SpaceOverviewConnection = Connection<SpaceOverview>;

@ArgsType()
export class SpaceOverviewsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only the spaces of this school.' })
  @IsOptional() @IsString({ message: 'Identifiant invalide.' }) @MaxLength(64, { message: 'Identifiant invalide.' })
  structureId?: string | null;
}

@InputType('OpenModerationAccessInput')
export class OpenModerationAccessInput {
  @Field(() => ID)
  @IsString({ message: 'Identifiant invalide.' }) @MaxLength(64, { message: 'Identifiant invalide.' })
  spaceId: string;

  @Field({ description: "Why: required, at most 500 characters; the space's owners read it." })
  @IsString({ message: "Indiquez la raison de l'accès de modération." }) @MaxLength(2000, { message: 'La raison ne doit pas dépasser 500 caractères.' })
  reason: string;
}

@ArgsType()
export class OpenModerationAccessArgs {
  @Field(() => OpenModerationAccessInput) @ValidateNested() @Type(() => OpenModerationAccessInput)
  input: OpenModerationAccessInput;
}
