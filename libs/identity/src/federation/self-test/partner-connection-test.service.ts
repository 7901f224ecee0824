import { Injectable } from '@nestjs/common';
import {
  Clock, isOidcAlgorithm, parseIdpMetadata, PartnerConfig, PartnerProtocol, PartnersQueries, PartnerStatus, toPem,
} from '@passerelle/conventions';
import { DomainError, NotFoundError } from '@passerelle/errors';
import { PartnerHttpProbe, ProbeAnswer } from './partner-http-probe.js';
import {
  certificateCheck, CheckResult, clockNotMeasured, clockSkewCheck, discoveryDocumentChecks, failed, jwksCheck, ok,
  oidcSettingsCheck, PartnerCheck, samlSettingsCheck, warning, worstStatus, CheckStatus,
} from './self-test-rules.js';

export interface PartnerConnectionReport {
  readonly partnerId: string;
  readonly protocol: PartnerProtocol;
  readonly testedAt: Date;
  /** The worst status of the checks. */
  readonly status: CheckStatus;
  readonly checks: readonly CheckResult[];
}

/**
 * testPartnerConnection: what an administrator checks before opening a partner ENT (and when sign-ins start failing).
 * Reads the partner's settings as stored (a disabled or half-configured partner is tested too), then asks the partner's
 * servers; never throws for a failing partner — the report says what failed. Writes nothing.
 */
@Injectable()
export class PartnerConnectionTestService {
  constructor(private readonly partners: PartnersQueries, private readonly probe: PartnerHttpProbe, private readonly clock: Clock) {}

  async testPartnerConnection(partnerId: string): Promise<PartnerConnectionReport> {
    const partner = await this.partners.findById(partnerId);
    if (!partner) throw new NotFoundError("Ce partenaire n'existe pas.");
    const now = this.clock.now();
    const checks = [statusCheck(partner),
      ...(partner.protocol === PartnerProtocol.SAML2 ? await this.samlChecks(partner, now) : await this.oidcChecks(partner))];
    return { partnerId: partner.id, protocol: partner.protocol, testedAt: now, status: worstStatus(checks), checks };
  }

  private async samlChecks(partner: PartnerConfig, now: Date): Promise<CheckResult[]> {
    const saml = partner.saml;
    const results: CheckResult[] = [samlSettingsCheck(saml)];
    (saml?.signingCertificates ?? []).forEach((pem, index) => results.push(certificateCheck(pem, index, now)));
    let clockSource: ProbeAnswer | undefined;
    if (saml?.ssoUrl) {
      const sso = await this.probe.request(saml.ssoUrl, "L'adresse SingleSignOnService", { method: 'HEAD' });
      if (sso.kind === 'ANSWER') {
        clockSource = sso.answer;
        results.push(ok(PartnerCheck.SSO_REACHABLE, `L'adresse SingleSignOnService répond (HTTP ${sso.answer.status}).`));
      } else {
        results.push(failed(PartnerCheck.SSO_REACHABLE, sso.message));
      }
    }
    // The metadata URL is not a setting: many IdPs publish their metadata at their entityID (SAML metadata, § 4.1).
    if (saml?.entityId && /^https?:\/\//i.test(saml.entityId)) {
      const { result, answer } = await this.metadataCheck(saml.entityId, saml.signingCertificates ?? [], now);
      results.push(result);
      clockSource ??= answer;
    }
    results.push(clockSource ? clockSkewCheck(clockSource.date, clockSource.sentAt, clockSource.receivedAt) : clockNotMeasured());
    return results;
  }

  /** Metadata found at the entityID, compared with the stored settings. Only a guess of where it is: never FAILED. */
  private async metadataCheck(url: string, configured: readonly string[], now: Date): Promise<{ result: CheckResult; answer?: ProbeAnswer }> {
    const outcome = await this.probe.request(url, "L'entityID (adresse des métadonnées)",
      { method: 'GET', readBody: true, accept: 'application/samlmetadata+xml, application/xml, text/xml' });
    if (outcome.kind === 'FAILURE') return { result: warning(PartnerCheck.SAML_METADATA, `Métadonnées non lues : ${outcome.message}`), answer: outcome.answer };
    const { answer } = outcome;
    if (answer.status !== 200) {
      return { result: warning(PartnerCheck.SAML_METADATA, `L'entityID ${url} répond HTTP ${answer.status} : aucune métadonnée n'y est publiée.`), answer };
    }
    try {
      const metadata = parseIdpMetadata(answer.body ?? '', now);
      const published = new Set(metadata.signingCertificates.map(toPem));
      const differences: string[] = [];
      if (metadata.entityId !== url) differences.push(`elles annoncent l'entityID ${metadata.entityId}`);
      const missing = configured.filter((pem) => !published.has(toPem(pem))).length;
      if (missing > 0) differences.push(`${missing} certificat(s) configuré(s) n'y figure(nt) plus`);
      const added = [...published].filter((pem) => !configured.some((c) => toPem(c) === pem)).length;
      if (added > 0) differences.push(`elles publient ${added} certificat(s) non configuré(s) : rotation de clé en cours ? Réimportez-les`);
      return {
        result: differences.length > 0
          ? warning(PartnerCheck.SAML_METADATA, `Les métadonnées publiées diffèrent des réglages : ${differences.join(' ; ')}.`)
          : ok(PartnerCheck.SAML_METADATA, 'Les métadonnées publiées à l\'entityID correspondent aux réglages.'),
        answer,
      };
    } catch (error) {
      return { result: warning(PartnerCheck.SAML_METADATA, `Métadonnées publiées à l'entityID illisibles : ${error instanceof DomainError ? error.message : 'erreur inconnue'}`), answer };
    }
  }

  private async oidcChecks(partner: PartnerConfig): Promise<CheckResult[]> {
    const oidc = partner.oidc;
    const results: CheckResult[] = [oidcSettingsCheck(oidc)];
    if (!oidc?.issuer) return [...results, clockNotMeasured()];
    const allowed = (oidc.allowedAlgorithms ?? []).filter((alg) => isOidcAlgorithm(alg));
    const discoveryUrl = `${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const discovery = await this.probe.request(discoveryUrl, 'Le document de découverte', { method: 'GET', readBody: true, accept: 'application/json' });
    let clockSource = discovery.answer;
    if (discovery.kind === 'FAILURE') return [...results, failed(PartnerCheck.OIDC_DISCOVERY, discovery.message), clockOf(clockSource)];
    if (discovery.answer.status !== 200) {
      return [...results, failed(PartnerCheck.OIDC_DISCOVERY, `Le document de découverte ${discoveryUrl} a répondu HTTP ${discovery.answer.status}.`), clockOf(clockSource)];
    }
    const document = parseJson(discovery.answer.body);
    const { results: documentResults, endpoints } = discoveryDocumentChecks(document, oidc.issuer, allowed);
    results.push(...documentResults);
    if (endpoints.jwksUri) {
      const jwks = await this.probe.request(endpoints.jwksUri, 'Le jeu de clés publiques (jwks_uri)', { method: 'GET', readBody: true, accept: 'application/json' });
      clockSource ??= jwks.answer;
      if (jwks.kind === 'FAILURE') results.push(failed(PartnerCheck.OIDC_JWKS, jwks.message));
      else if (jwks.answer.status !== 200) results.push(failed(PartnerCheck.OIDC_JWKS, `Le jeu de clés publiques ${endpoints.jwksUri} a répondu HTTP ${jwks.answer.status}.`));
      else results.push(jwksCheck(parseJson(jwks.answer.body), allowed).result);
    }
    results.push(clockOf(clockSource));
    return results;
  }
}

function clockOf(answer: ProbeAnswer | undefined): CheckResult {
  return answer ? clockSkewCheck(answer.date, answer.sentAt, answer.receivedAt) : clockNotMeasured();
}

function parseJson(body: string | null): unknown {
  try {
    return JSON.parse(body ?? '');
  } catch {
    return null;
  }
}

function statusCheck(partner: PartnerConfig): CheckResult {
  const who = partner.trust === 'HOME' ? "l'ENT de rattachement" : 'le partenaire';
  return partner.status === PartnerStatus.ACTIVE
    ? ok(PartnerCheck.PARTNER_STATUS, `${who === 'le partenaire' ? 'Le partenaire' : "L'ENT de rattachement"} ${partner.name} est actif.`)
    : warning(PartnerCheck.PARTNER_STATUS, `${partner.name} est désactivé : personne ne peut se connecter par cet ENT tant que ${who} n'est pas réactivé.`);
}
