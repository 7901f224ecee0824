import { ArgsType, Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from '@passerelle/graphql-kit';

const INVALID_ID = 'Identifiant invalide.';

@InputType('AuditEventFilter', { description: 'Every criterion given must hold.' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: INVALID_ID })
  conventionId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: INVALID_ID })
  partnerId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: INVALID_ID })
  guestId?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact action, e.g. convention.activated.' })
  @IsOptional()
  @IsString({ message: 'Ce champ doit être un texte.' })
  @MaxLength(100, { message: "L'action ne doit pas dépasser 100 caractères." })
  action?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Events at or after this instant.' })
  @IsOptional()
  @IsDate({ message: 'Date invalide.' })
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Events before this instant.' })
  @IsOptional()
  @IsDate({ message: 'Date invalide.' })
  to?: Date | null;
}

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => AuditEventFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditEventFilter)
  filter?: AuditEventFilter | null;
}
