import { AssertionPreviewService } from './assertion-preview.service.js';
import { PartnerConnectionTestService } from './partner-connection-test.service.js';
import { PartnerHttpProbe } from './partner-http-probe.js';
import { PartnerSelfTestResolver } from './self-test.resolver.js';

export * from './self-test-rules.js';
export * from './partner-http-probe.js';
export * from './partner-connection-test.service.js';
export * from './assertion-preview.service.js';

/** The partner self-test (testPartnerConnection, previewAssertion), provided by FederationModule. */
export const SELF_TEST_PROVIDERS = [PartnerHttpProbe, PartnerConnectionTestService, AssertionPreviewService, PartnerSelfTestResolver];
