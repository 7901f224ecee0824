import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { connectionType, Connection } from '@passerelle/graphql-kit';
import { StructureType } from './structure.entity.js';

registerEnumType(StructureType, {
  name: 'StructureType',
  description: 'Kind of school.',
  valuesMap: { ECOLE: { description: 'École (maternelle, élémentaire, primaire).' }, COLLEGE: { description: 'Collège.' } },
});

@ObjectType('Structure', { description: 'A school (école or collège), known by its UAI.' })
export class Structure {
  @Field(() => ID)
  id: string;

  @Field({ description: 'National id: 7 digits and a check letter, e.g. 0750001U.' })
  uai: string;

  @Field()
  name: string;

  @Field(() => StructureType)
  type: StructureType;

  @Field(() => String, { nullable: true, description: 'Académie, as written by the hub administrator.' })
  academie: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;
}

export const StructureConnection = connectionType(Structure);
export type StructureConnection = Connection<Structure>;
