import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { PageArgs } from '@passerelle/graphql-kit';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const NOT_TEXT = 'Ce champ doit être un texte.';
const INVALID_ID = 'Identifiant invalide.';

@InputType('CreateHomeworkInput')
export class CreateHomeworkInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  spaceId: string;

  @Field()
  @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 200, { message: 'Le titre doit comporter de 1 à 200 caractères.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'Instructions, rich text (sanitised like posts).' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(40_000, { message: 'Le texte est trop long.' })
  detailsHtml?: string | null;

  @Field({ description: 'The day it is due, YYYY-MM-DD.' })
  @IsString({ message: NOT_TEXT }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'La date de remise doit être un jour (AAAA-MM-JJ).' })
  dueOn: string;

  @Field(() => ID, { nullable: true, description: 'A class member of the space it is for; none: every member.' })
  @IsOptional() @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  schoolClassId?: string | null;
}

@ArgsType()
export class CreateHomeworkArgs {
  @Field(() => CreateHomeworkInput) @ValidateNested() @Type(() => CreateHomeworkInput)
  input: CreateHomeworkInput;
}

@ArgsType()
export class MarkHomeworkDoneArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  id: string;

  @Field(() => Boolean)
  @IsBoolean()
  done: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INVALID_DAY = 'La date doit être un jour (AAAA-MM-JJ).';

@ArgsType()
export class SpaceHomeworkArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only homework due on or after this day, YYYY-MM-DD.' })
  @IsOptional() @IsString({ message: INVALID_DAY }) @Matches(DAY, { message: INVALID_DAY })
  dueFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Only homework due on or before this day, YYYY-MM-DD.' })
  @IsOptional() @IsString({ message: INVALID_DAY }) @Matches(DAY, { message: INVALID_DAY })
  dueTo?: string | null;
}
