import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AuditActorView, JsonScalar } from '@passerelle/audit';
import { Profile } from '@passerelle/directory';
import { Connection, connectionType } from '@passerelle/graphql-kit';
import { SignatorySide } from './convention-parts.entity.js';
import { ConventionStatus, ConventionTransition } from './convention-status.js';
import { ContributionFate } from './convention.entity.js';

registerEnumType(ConventionStatus, {
  name: 'ConventionStatus',
  description: 'DRAFT → ACTIVE ⇄ SUSPENDED → ENDED. Only an ACTIVE, in-date convention grants anything.',
});
registerEnumType(ConventionTransition, { name: 'ConventionTransition', description: 'A status move a convention allows now.' });
registerEnumType(ContributionFate, {
  name: 'ContributionFate',
  valuesMap: {
    KEEP_PSEUDONYMIZED: { description: "Guests' contributions kept under a pseudonym (except for a guest who objected)." },
    ERASE: { description: "Guests' contributions erased." },
  },
});
registerEnumType(SignatorySide, {
  name: 'SignatorySide',
  valuesMap: { HOST: { description: 'For a hosting school.' }, PARTNER: { description: 'For the partner ENT or its schools.' } },
});

@ObjectType('ConventionPartnerStructure', { description: 'A school of the partner ENT, by UAI.' })
export class ConventionPartnerStructure {
  @Field()
  uai: string;

  @Field(() => String, { nullable: true })
  name: string | null;
}

@ObjectType('ProfileQuota', { description: 'An allowed profile and its guest quota (0: allowed on paper, no guest).' })
export class ProfileQuota {
  @Field(() => Profile)
  profile: Profile;

  @Field(() => Int)
  quota: number;
}

@ObjectType('ConventionSignatory', { description: 'A named signatory (an adult acting for a school or an ENT).' })
export class ConventionSignatory {
  @Field(() => ID)
  id: string;

  @Field(() => SignatorySide)
  side: SignatorySide;

  @Field()
  fullName: string;

  @Field({ description: "e.g. \"Directrice de l'école\"." })
  capacity: string;

  @Field(() => String, { nullable: true, description: 'Date signed (YYYY-MM-DD).' })
  signedAt: string | null;
}

@ObjectType('ConventionVersion', { description: 'A version of the convention as agreed, kept forever.' })
export class ConventionVersion {
  @Field(() => Int)
  version: number;

  @Field(() => JsonScalar, { description: 'Every term of this version (title, window, structures, quotas, signatories...).' })
  snapshot: Record<string, unknown>;

  @Field({ description: 'Why this version exists (creation, the amendment reason).' })
  reason: string;

  @Field(() => AuditActorView)
  createdBy: AuditActorView;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;
}

@ObjectType('Convention', { description: "An inter-ENT convention: the signed agreement that lets a partner's users in." })
export class Convention {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Short code; guest logins are inv-<code>-<n>.' })
  code: string;

  @Field()
  title: string;

  @Field()
  purpose: string;

  @Field(() => ID)
  partnerId: string;

  @Field(() => ConventionStatus)
  status: ConventionStatus;

  @Field(() => [ConventionTransition], { description: 'Status moves allowed now.' })
  allowedTransitions: ConventionTransition[];

  @Field(() => Int, { description: 'Current version (1 on creation, +1 per amendment).' })
  version: number;

  @Field()
  schoolYear: string;

  @Field(() => GraphQLISODateTime)
  validFrom: Date;

  @Field(() => GraphQLISODateTime)
  validUntil: Date;

  @Field(() => Int, { description: 'Days after the end before personal data is erased (0 to 92).' })
  retentionDays: number;

  @Field(() => ContributionFate)
  contributionFate: ContributionFate;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  activatedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  suspendedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  endedAt: Date | null;
}

export const ConventionConnection = connectionType(Convention);
export type ConventionConnection = Connection<Convention>;

@ObjectType('ProfileQuotaEstimate', { description: "One profile's estimated guests." })
export class ProfileQuotaEstimate {
  @Field(() => Profile)
  profile: Profile;

  @Field(() => Int, { description: 'Guests strictly needed.' })
  base: number;

  @Field(() => Int, { description: 'Guests added by the margin.' })
  margin: number;

  @Field(() => Int, { description: 'ceil(base × (1 + margin / 100)): the quota to set.' })
  total: number;
}

@ObjectType('GuestQuotaEstimate', { description: 'Guests needed per profile, with the breakdown behind them.' })
export class GuestQuotaEstimate {
  @Field(() => [ProfileQuotaEstimate])
  profiles: ProfileQuotaEstimate[];

  @Field(() => Float, { description: 'The margin applied, in percent.' })
  marginPercent: number;

  @Field(() => [String], { description: 'e.g. "6e B : 26 élèves".' })
  breakdown: string[];
}
