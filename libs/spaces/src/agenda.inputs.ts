import { ArgsType, Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { PageArgs } from '@passerelle/graphql-kit';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const NOT_TEXT = 'Ce champ doit être un texte.';
const INVALID_ID = 'Identifiant invalide.';
const INVALID_DATE = 'Date invalide.';

@InputType('CreateEventInput')
export class CreateEventInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  spaceId: string;

  @Field()
  @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 200, { message: 'Le titre doit comporter de 1 à 200 caractères.' })
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(4000, { message: 'La description est trop longue.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it happens, as text.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(300, { message: 'Le lieu est trop long.' })
  location?: string | null;

  @Field(() => GraphQLISODateTime)
  @IsDate({ message: INVALID_DATE })
  startsAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Defaults to startsAt.' })
  @IsOptional() @IsDate({ message: INVALID_DATE })
  endsAt?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Whole days (Paris time).' })
  @IsOptional() @IsBoolean()
  allDay?: boolean | null;
}

@ArgsType()
export class CreateEventArgs {
  @Field(() => CreateEventInput) @ValidateNested() @Type(() => CreateEventInput)
  input: CreateEventInput;
}

@InputType('UpdateEventInput', { description: 'Only the fields given change.' })
export class UpdateEventInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  eventId: string;

  @Field(() => String, { nullable: true })
  @IsOptional() @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 200, { message: 'Le titre doit comporter de 1 à 200 caractères.' })
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(4000, { message: 'La description est trop longue.' })
  description?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(300, { message: 'Le lieu est trop long.' })
  location?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional() @IsDate({ message: INVALID_DATE })
  startsAt?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional() @IsDate({ message: INVALID_DATE })
  endsAt?: Date | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional() @IsBoolean()
  allDay?: boolean | null;
}

@ArgsType()
export class UpdateEventArgs {
  @Field(() => UpdateEventInput) @ValidateNested() @Type(() => UpdateEventInput)
  input: UpdateEventInput;
}

@ArgsType()
export class SpaceEventsArgs extends PageArgs {
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Only events still going on at or after this instant.' })
  @IsOptional() @IsDate({ message: INVALID_DATE })
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Only events that start before this instant.' })
  @IsOptional() @IsDate({ message: INVALID_DATE })
  to?: Date | null;
}
