import type { AssertionPreview } from './assertion-preview.service.js';
import type { PartnerConnectionReport } from './partner-connection-test.service.js';
import { AssertionPreviewType, PartnerConnectionReportType } from './self-test.type.js';

/** The fields of a connection report that GraphQL shows. */
export function toPartnerConnectionReport(report: PartnerConnectionReport): PartnerConnectionReportType {
  return {
    partnerId: report.partnerId, protocol: report.protocol, testedAt: report.testedAt, status: report.status,
    checks: report.checks.map(({ check, status, message }) => ({ check, status, message })),
  };
}

/** The fields of an assertion preview that GraphQL shows (the subject is already masked by the service). */
export function toAssertionPreview(preview: AssertionPreview): AssertionPreviewType {
  return {
    partnerId: preview.partnerId, protocol: preview.protocol, valid: preview.valid, problems: [...preview.problems],
    warnings: [...preview.warnings],
    identity: preview.identity && {
      subject: preview.identity.subject, displayName: preview.identity.displayName, profile: preview.identity.profile,
      uai: preview.identity.uai, classCode: preview.identity.classCode,
    },
    admission: preview.admission && {
      conventionId: preview.admission.conventionId, conventionCode: preview.admission.conventionCode, version: preview.admission.version,
    },
    refusal: preview.refusal && { code: preview.refusal.code, message: preview.refusal.message },
  };
}
