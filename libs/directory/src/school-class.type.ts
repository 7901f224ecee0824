import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { connectionType, Connection } from '@passerelle/graphql-kit';
import { CLASS_LEVEL_LABELS, ClassLevel, CLASS_LEVELS } from './school-year.js';

registerEnumType(ClassLevel, {
  name: 'ClassLevel',
  description: 'Class level, from petite section to 3e.',
  valuesMap: Object.fromEntries(CLASS_LEVELS.map((level) => [level, { description: CLASS_LEVEL_LABELS[level] }])),
});

@ObjectType('SchoolClass', { description: 'A class (division) of a school for one school year, e.g. "CM2 A" in 2026-2027.' })
export class SchoolClass {
  @Field(() => ID)
  id: string;

  @Field(() => ClassLevel)
  level: ClassLevel;

  @Field({ description: 'The level as French people write it: "CM2", "6e", "Petite section".' })
  levelLabel: string;

  @Field({ description: 'The name of the class in its school, e.g. "CM2 A".' })
  label: string;

  @Field({ description: 'School year, e.g. "2026-2027" (1 September to 31 August).' })
  schoolYear: string;

  @Field(() => ID)
  structureId: string;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;
}

export const SchoolClassConnection = connectionType(SchoolClass);
export type SchoolClassConnection = Connection<SchoolClass>;
