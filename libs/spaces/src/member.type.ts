import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
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

@ObjectType('SpaceClassCandidate', { description: 'A class of the space\'s school that an owner may add (`addSpaceMembers.classIds`).' })
export class SpaceClassCandidate {
  @Field(() => ID, { description: 'The class id, as `addSpaceMembers` takes it in `classIds`.' })
  id: string;

  @Field({ description: 'e.g. "CM2 A".' })
  label: string;

  @Field({ description: 'The level as French people write it: "CM2", "6e".' })
  levelLabel: string;

  @Field({ description: 'e.g. "2026-2027".' })
  schoolYear: string;

  @Field({ description: 'Already a member of the space.' })
  alreadyMember: boolean;
}

@ObjectType('SpaceGuestCohortCandidate', {
  description: 'Guests of a convention in force hosting the space\'s school, all of them or one partner class (`addSpaceMembers.guestCohorts`).',
})
export class SpaceGuestCohortCandidate {
  @Field(() => ID)
  conventionId: string;

  @Field()
  conventionTitle: string;

  @Field({ description: 'The partner ENT.' })
  partnerName: string;

  @Field(() => String, { nullable: true, description: 'The partner class (e.g. "6e B") as `GuestCohortInput.classCode`; null: every guest of the convention.' })
  classCode: string | null;

  @Field(() => [String], { description: 'The partner schools its guests come from.' })
  schools: string[];

  @Field(() => Int, { description: 'Guests who have signed in (bound) in this cohort so far.' })
  guestCount: number;

  @Field({ description: 'Already a member of the space.' })
  alreadyMember: boolean;
}

@ObjectType('SpaceMemberCandidates', { description: 'What the space\'s owners may add: never the whole directory.' })
export class SpaceMemberCandidates {
  @Field(() => [SpaceClassCandidate], { description: 'Classes of the space\'s school, this school year and later.' })
  classes: SpaceClassCandidate[];

  @Field(() => [SpaceGuestCohortCandidate], { description: 'Cohorts of the conventions in force that host the space\'s school.' })
  guestCohorts: SpaceGuestCohortCandidate[];
}
