import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from '@passerelle/graphql-kit';
import { PersonOrigin } from './person.entity.js';
import { Profile } from './profile.js';
import { ClassLevel } from './school-year.js';
import { StructureType } from './structure.entity.js';

/*
 * Inputs bound sizes and shapes at the edge (class-validator, French messages); the use cases apply the
 * domain rules (UAI check letter, school year, uniqueness). Each mutation takes its input through an
 * @ArgsType so that a refused field is reported with its full path, e.g. ['input', 'name'].
 */

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const NOT_TEXT = 'Ce champ doit être un texte.';
const INVALID_ID = 'Identifiant invalide.';

@InputType('CreateStructureInput')
export class CreateStructureInput {
  @Field({ description: 'National id, e.g. 0750001U (spaces and case do not matter).' })
  @IsString({ message: NOT_TEXT })
  @MaxLength(32, { message: "L'UAI doit comporter 7 chiffres suivis d'une lettre clé (par exemple 0750001U)." })
  uai: string;

  @Field()
  @Transform(trim)
  @IsString({ message: NOT_TEXT })
  @Length(1, 200, { message: 'Le nom doit comporter de 1 à 200 caractères.' })
  name: string;

  @Field(() => StructureType)
  @IsEnum(StructureType, { message: "Le type d'établissement est inconnu." })
  type: StructureType;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: NOT_TEXT })
  @MaxLength(100, { message: "L'académie ne doit pas dépasser 100 caractères." })
  academie?: string | null;
}

@ArgsType()
export class CreateStructureArgs {
  @Field(() => CreateStructureInput)
  @ValidateNested()
  @Type(() => CreateStructureInput)
  input: CreateStructureInput;
}

@InputType('CreateSchoolClassInput')
export class CreateSchoolClassInput {
  @Field(() => ID)
  @IsUUID('all', { message: INVALID_ID })
  structureId: string;

  @Field(() => ClassLevel)
  @IsEnum(ClassLevel, { message: 'Le niveau de classe est inconnu.' })
  level: ClassLevel;

  @Field({ description: 'Name of the class in its school, e.g. "CM2 A".' })
  @Transform(trim)
  @IsString({ message: NOT_TEXT })
  @Length(1, 100, { message: 'Le libellé de la classe doit comporter de 1 à 100 caractères.' })
  label: string;

  @Field(() => String, { nullable: true, description: 'e.g. "2026-2027"; the current school year when absent.' })
  @IsOptional()
  @IsString({ message: NOT_TEXT })
  @MaxLength(20, { message: "L'année scolaire doit s'écrire avec deux années consécutives, par exemple 2026-2027." })
  schoolYear?: string | null;
}

@ArgsType()
export class CreateSchoolClassArgs {
  @Field(() => CreateSchoolClassInput)
  @ValidateNested()
  @Type(() => CreateSchoolClassInput)
  input: CreateSchoolClassInput;
}

@ArgsType()
export class SchoolClassesArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID('all', { message: INVALID_ID })
  structureId: string;
}

@InputType('PeopleFilter', { description: 'Every criterion given must hold.' })
export class PeopleFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: INVALID_ID })
  structureId?: string | null;

  @Field(() => Profile, { nullable: true, description: 'People holding this profile (among others).' })
  @IsOptional()
  @IsEnum(Profile, { message: 'Le profil est inconnu.' })
  profile?: Profile | null;

  @Field(() => PersonOrigin, { nullable: true })
  @IsOptional()
  @IsEnum(PersonOrigin, { message: "L'origine est inconnue." })
  origin?: PersonOrigin | null;

  @Field(() => ID, { nullable: true, description: 'Members of this class.' })
  @IsOptional()
  @IsUUID('all', { message: INVALID_ID })
  schoolClassId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the display name, case-insensitive.' })
  @IsOptional()
  @IsString({ message: NOT_TEXT })
  @MaxLength(100, { message: 'La recherche ne doit pas dépasser 100 caractères.' })
  search?: string | null;
}

@ArgsType()
export class PeopleArgs extends PageArgs {
  @Field(() => PeopleFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PeopleFilter)
  filter?: PeopleFilter | null;
}
