import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { connectionType, Connection } from '@passerelle/graphql-kit';
import { PersonOrigin } from './person.entity.js';
import { Profile } from './profile.js';

registerEnumType(Profile, {
  name: 'Profile',
  description: 'SDET national profile (National_ELV...).',
  valuesMap: {
    ELV: { description: 'National_ELV: élève.' },
    ENS: { description: 'National_ENS: enseignant.' },
    DIR: { description: "National_DIR: directeur d'école, chef d'établissement." },
    TUT: { description: 'National_TUT: parent, responsable légal.' },
    EVS: { description: 'National_EVS: vie scolaire.' },
    ETA: { description: "National_ETA: personnel d'établissement." },
    ACA: { description: 'National_ACA: personnel académique.' },
    DOC: { description: 'National_DOC: professeur documentaliste.' },
    COL: { description: 'National_COL: personnel de collectivité.' },
    PER: { description: 'National_PER: autre personnel.' },
  },
});

registerEnumType(PersonOrigin, {
  name: 'PersonOrigin',
  description: 'Where a person comes from.',
  valuesMap: {
    HOME: { description: "The school's own ENT." },
    PARTNER: { description: 'A partner ENT, under a convention (a guest).' },
  },
});

@ObjectType('Person', { description: 'A person of the directory: display name, profiles, origin and school; never contact data.' })
export class Person {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;

  @Field(() => [Profile])
  profiles: Profile[];

  @Field(() => PersonOrigin)
  origin: PersonOrigin;

  @Field(() => ID, { nullable: true })
  structureId: string | null;
}

export const PersonConnection = connectionType(Person);
export type PersonConnection = Connection<Person>;
