import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles, CurrentPrincipal, Principal, Role } from '@passerelle/access';
import { AssertionPreviewService } from './assertion-preview.service.js';
import { PartnerConnectionTestService } from './partner-connection-test.service.js';
import { toAssertionPreview, toPartnerConnectionReport } from './self-test.mapper.js';
import { PreviewAssertionArgs, TestPartnerConnectionArgs } from './self-test.inputs.js';
import { AssertionPreviewType, PartnerConnectionReportType } from './self-test.type.js';

/** Partner self-test: hub administrators only. Each field calls one use case. */
@Resolver()
@AllowRoles(Role.HUB_ADMIN)
export class PartnerSelfTestResolver {
  constructor(private readonly connections: PartnerConnectionTestService, private readonly previews: AssertionPreviewService) {}

  @Query(() => PartnerConnectionReportType, {
    description: "Checks a partner ENT's settings, certificates, servers (5 s timeout) and clock. Reports failures, never throws for them.",
  })
  async testPartnerConnection(@Args() { partnerId }: TestPartnerConnectionArgs): Promise<PartnerConnectionReportType> {
    return toPartnerConnectionReport(await this.connections.testPartnerConnection(partnerId));
  }

  @Mutation(() => AssertionPreviewType, {
    description: 'What a sign-in with this SAML response or ID token would give (exactly one of them), without signing anyone in. '
      + 'Records one audit event partner.assertion-previewed.',
  })
  async previewAssertion(@CurrentPrincipal() actor: Principal, @Args() { partnerId, samlResponse, idToken }: PreviewAssertionArgs):
    Promise<AssertionPreviewType> {
    return toAssertionPreview(await this.previews.previewAssertion(actor, partnerId, samlResponse, idToken));
  }
}
