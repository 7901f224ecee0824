import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { connectionType, Connection } from '@passerelle/graphql-kit';
import { SpaceRole } from './space-permissions.js';

export enum MemberKind {
  PERSON = 'PERSON',
  GUEST = 'GUEST',
}
registerEnumType(MemberKind, { name: 'MemberKind', description: 'A home person or a guest.' });

/** What a member is, coarsely (pages blanches: name, profile and school only, never contact details). */
export enum MemberProfile {
  PUPIL = 'PUPIL',
  TEACHER = 'TEACHER',
  PARENT = 'PARENT',
  STAFF = 'STAFF',
}
registerEnumType(MemberProfile, { name: 'MemberProfile' });

export enum MembershipVia {
  MEMBER = 'MEMBER',
  CLASS = 'CLASS',
  GUEST_COHORT = 'GUEST_COHORT',
}
registerEnumType(MembershipVia, {
  name: 'MembershipVia',
  valuesMap: {
    MEMBER: { description: 'Added by name.' },
    CLASS: { description: 'Through a whole class.' },
    GUEST_COHORT: { description: 'Through a guest cohort of a convention.' },
  },
});

@ObjectType('MemberSchool', { description: "A member's school: its UAI and, when known, its name. Nothing else." })
export class MemberSchool {
  @Field({ description: 'Unité administrative immatriculée.' })
  uai: string;

  @Field(() => String, { nullable: true })
  name: string | null;
}

@ObjectType('SpaceMember', { description: 'A member of a space: display name, profile and role; never contact details.' })
export class SpaceMember {
  @Field(() => ID, { description: 'Person or guest id (what mentions take).' })
  id: string;

  @Field(() => MemberKind)
  kind: MemberKind;

  @Field()
  displayName: string;

  @Field(() => MemberProfile)
  profile: MemberProfile;

  @Field(() => SpaceRole)
  role: SpaceRole;

  @Field(() => MembershipVia)
  via: MembershipVia;

  @Field(() => MemberSchool, { nullable: true, description: 'Their school (home school, or a guest\'s partner school), when known.' })
  school: MemberSchool | null;
}

export const SpaceMemberConnection = connectionType(SpaceMember);
export type SpaceMemberConnection = Connection<SpaceMember>;
