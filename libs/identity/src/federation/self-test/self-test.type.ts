import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PartnerProtocol } from '@passerelle/conventions';
import { CheckStatus, PartnerCheck } from './self-test-rules.js';

registerEnumType(PartnerCheck, { name: 'PartnerCheck', description: 'A check of testPartnerConnection.' });
registerEnumType(CheckStatus, {
  name: 'PartnerCheckStatus',
  valuesMap: {
    OK: { description: 'Nothing to do.' },
    WARNING: { description: 'Works today, but needs attention (certificate near its end, clock drifting, partner disabled...).' },
    FAILED: { description: 'Sign-ins through this partner fail (or would) because of this.' },
  },
});

@ObjectType('PartnerCheckResult')
export class PartnerCheckResultType {
  @Field(() => PartnerCheck) check: PartnerCheck;
  @Field(() => CheckStatus) status: CheckStatus;
  @Field({ description: 'What was found, in French, for the administrator.' }) message: string;
}

@ObjectType('PartnerConnectionReport', { description: "The result of testPartnerConnection: one item per check, never an error for a failing partner." })
export class PartnerConnectionReportType {
  @Field(() => ID) partnerId: string;
  @Field(() => PartnerProtocol) protocol: PartnerProtocol;
  @Field(() => GraphQLISODateTime) testedAt: Date;
  @Field(() => CheckStatus, { description: 'The worst status of the checks.' }) status: CheckStatus;
  @Field(() => [PartnerCheckResultType]) checks: PartnerCheckResultType[];
}

@ObjectType('PreviewedIdentity', { description: 'What the attribute mapping would keep. The subject is masked.' })
export class PreviewedIdentityType {
  @Field({ description: "The stable subject's first characters, then '…'." }) subject: string;
  @Field() displayName: string;
  @Field({ description: 'National profile code, e.g. National_ELV.' }) profile: string;
  @Field() uai: string;
  @Field(() => String, { nullable: true }) classCode: string | null;
}

@ObjectType('PreviewedAdmission', { description: 'The convention that would admit the person now.' })
export class PreviewedAdmissionType {
  @Field(() => ID) conventionId: string;
  @Field() conventionCode: string;
  @Field(() => Int) version: number;
}

@ObjectType('PreviewedRefusal', { description: 'Why no convention would admit the person now.' })
export class PreviewedRefusalType {
  @Field({ description: 'NO_CONVENTION, STRUCTURE_NOT_COVERED, PROFILE_NOT_ALLOWED or CONVENTION_NOT_ACTIVE.' }) code: string;
  @Field() message: string;
}

@ObjectType('AssertionPreview', {
  description: 'What a sign-in with this message would give. Time bounds, InResponseTo, replay and the OIDC nonce are '
    + 'reported in warnings but not applied; everything else is checked as at sign-in.',
})
export class AssertionPreviewType {
  @Field(() => ID) partnerId: string;
  @Field(() => PartnerProtocol) protocol: PartnerProtocol;
  @Field({ description: 'Every applied check passed and the mapping produced an identity.' }) valid: boolean;
  @Field(() => [String], { description: 'Why a sign-in would refuse the message (French).' }) problems: string[];
  @Field(() => [String], { description: 'What is reported but not applied in a preview (French).' }) warnings: string[];
  @Field(() => PreviewedIdentityType, { nullable: true }) identity: PreviewedIdentityType | null;
  @Field(() => PreviewedAdmissionType, { nullable: true }) admission: PreviewedAdmissionType | null;
  @Field(() => PreviewedRefusalType, { nullable: true }) refusal: PreviewedRefusalType | null;
}
