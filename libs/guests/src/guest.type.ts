import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Profile } from '@passerelle/directory';
import { Connection, connectionType } from '@passerelle/graphql-kit';
import { GuestState, GuestSuspensionReason } from './guest.entity.js';

registerEnumType(GuestState, {
  name: 'GuestState',
  description: 'Where a guest account stands: AVAILABLE → BOUND → SUSPENDED → DEPROVISIONED.',
  valuesMap: {
    AVAILABLE: { description: 'Pre-provisioned, pseudonymous, no personal data.' },
    BOUND: { description: 'Claimed by one partner identity at its first sign-in.' },
    SUSPENDED: { description: 'The convention is suspended or ended, or no longer admits the school or profile: no sign-in, sessions revoked.' },
    DEPROVISIONED: { description: 'Retention is over: personal data erased.' },
  },
});

registerEnumType(GuestSuspensionReason, {
  name: 'GuestSuspensionReason',
  description: 'Why a guest is SUSPENDED; each cause is lifted by its own event.',
  valuesMap: {
    CONVENTION: { description: 'The convention is suspended or ended: resuming the convention brings the guest back.' },
    NOT_ADMITTED: { description: "An amendment dropped the guest's school (UAI) or set its profile's quota to 0: restoring it brings the guest back." },
  },
});

@ObjectType('Guest', {
  description: 'A guest account of a convention: pseudonymous login, profile and lifecycle. Never the partner identity (issuer, subject).',
})
export class Guest {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  conventionId: string;

  @Field({ description: 'Pseudonymous login, e.g. inv-cm2vauban-elv-12.' })
  login: string;

  @Field(() => Profile)
  profile: Profile;

  @Field(() => GuestState)
  state: GuestState;

  @Field(() => String, { nullable: true, description: "The person's name as the partner ENT gives it: only for the convention's administrators." })
  displayName: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  boundAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  suspendedAt: Date | null;

  @Field(() => GuestSuspensionReason, { nullable: true, description: 'Why the guest is SUSPENDED (null otherwise).' })
  suspensionReason: GuestSuspensionReason | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  deprovisionedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the guest refused that their contributions be kept after the convention.' })
  objectedToRetentionAt: Date | null;
}

export const GuestConnection = connectionType(Guest);
export type GuestConnection = Connection<Guest>;

@ObjectType('GuestPoolProfile', { description: "One profile's pool: its quota and how many guests are in each state." })
export class GuestPoolProfile {
  @Field(() => Profile)
  profile: Profile;

  @Field(() => Int, { description: 'Guests to keep provisioned (0 when the profile is no longer allowed).' })
  quota: number;

  @Field(() => Int)
  available: number;

  @Field(() => Int)
  bound: number;

  @Field(() => Int)
  suspended: number;

  @Field(() => Int)
  deprovisioned: number;
}

@ObjectType('GuestPool', { description: "A convention's guest accounts, counted per profile and state." })
export class GuestPool {
  @Field(() => ID)
  conventionId: string;

  @Field(() => [GuestPoolProfile])
  profiles: GuestPoolProfile[];
}
