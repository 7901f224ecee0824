import { Injectable } from '@nestjs/common';
import * as samlify from 'samlify';
import { DataSource } from 'typeorm';
import type { Principal } from '@passerelle/access';
import { AuditService } from '@passerelle/audit';
import {
  AdmissionRefusedError, Clock, ConventionsQueries, isOidcAlgorithm, PartnerProtocol, PartnersQueries, PartnerStatus,
} from '@passerelle/conventions';
import { NotFoundError } from '@passerelle/errors';
import { FederationError } from '../federation-errors.js';
import { toFederationPartner } from '../federation-partners.js';
import { MappedAttributes, mapAttributes, RawAttributes, subjectAttributeOf } from '../mapping.js';
import { claimsToAttributes } from '../oidc/oidc-id-token.js';
import { FederationPartner } from '../protocol.js';
import { checkSamlResponse, CheckedSamlResponse, refuseDoctype, refuseSeveralAssertions } from '../saml/saml-response-checks.js';
import { SAML_CLOCK_SKEW_SECONDS, SamlSpService } from '../saml/saml-sp.service.js';
import { SpCredentials } from '../saml/sp-credentials.service.js';
import { PartnerHttpProbe } from './partner-http-probe.js';
import { assertionWindowStart, decodeSamlInput, SamlPreviewContext, samlProblem, TIME_CODES } from './saml-preview-rules.js';
import {
  attributeProblem, chooseAssertionInput, idTokenClaimFindings, jwksCheck, maskSubject, parseCompactJws, verifyJwsSignature,
} from './self-test-rules.js';

const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

export interface AssertionPreview {
  readonly partnerId: string;
  readonly protocol: PartnerProtocol;
  /** Every check applied in a preview passed and the mapping produced an identity. */
  readonly valid: boolean;
  /** French, for the administrator: why a real sign-in would refuse this message. */
  readonly problems: readonly string[];
  /** French: what a preview reports without applying it (time, InResponseTo, replay, nonce, partner disabled...). */
  readonly warnings: readonly string[];
  readonly identity: {
    readonly subject: string; readonly displayName: string; readonly profile: string; readonly uai: string; readonly classCode: string | null;
  } | null;
  readonly admission: { readonly conventionId: string; readonly conventionCode: string; readonly version: number } | null;
  readonly refusal: { readonly code: string; readonly message: string } | null;
}

interface Verdict {
  problems: string[];
  warnings: string[];
  /** The first refusal code, for the audit trail (a code, never what the message said). */
  code: string | null;
  attributes: RawAttributes | null;
}

/**
 * previewAssertion: what the hub would make of a SAML response or an ID token from a partner, without signing anyone
 * in. The same checks as the sign-in (saml-response-checks.ts; the ID token signature against the partner's JWKS,
 * its iss, aud and azp), except those that depend on the moment or on a login in progress — time bounds, InResponseTo,
 * replay, nonce — which are reported as warnings and not applied. samlify's second opinion is not run (it would
 * apply the time bounds). Then the mapping and the convention that would admit the person, now.
 * Binds nothing, opens no session; writes one audit event `partner.assertion-previewed` (partner id and outcome only).
 */
@Injectable()
export class AssertionPreviewService {
  constructor(private readonly partners: PartnersQueries, private readonly conventions: ConventionsQueries,
    private readonly saml: SamlSpService, private readonly credentials: SpCredentials, private readonly probe: PartnerHttpProbe,
    private readonly audit: AuditService, private readonly dataSource: DataSource, private readonly clock: Clock) {}

  async previewAssertion(actor: Principal, partnerId: string, samlResponse?: string | null, idToken?: string | null): Promise<AssertionPreview> {
    const input = chooseAssertionInput(samlResponse, idToken);
    const config = await this.partners.findById(partnerId);
    if (!config) throw new NotFoundError("Ce partenaire n'existe pas.");
    const now = this.clock.now();
    // A disabled partner is previewed as if it were active (administrators test before opening it).
    const partner = toFederationPartner({ ...config, status: PartnerStatus.ACTIVE });
    const verdict: Verdict = { problems: [], warnings: [], code: null, attributes: null };
    if (config.status !== PartnerStatus.ACTIVE) verdict.warnings.push("Ce partenaire est désactivé : aujourd'hui, personne ne peut se connecter par cet ENT.");

    const expected = input.kind === 'SAML' ? PartnerProtocol.SAML2 : PartnerProtocol.OIDC;
    if (config.protocol !== expected) {
      refuse(verdict, 'PROTOCOL_MISMATCH', input.kind === 'SAML'
        ? 'Ce partenaire utilise OpenID Connect : donnez un jeton d\'identité (idToken), pas une réponse SAML.'
        : 'Ce partenaire utilise SAML : donnez une réponse SAML (samlResponse), pas un jeton d\'identité.');
    } else if (!partner) {
      refuse(verdict, 'PARTNER_UNAVAILABLE', 'Les réglages du partenaire sont incomplets : lancez testPartnerConnection pour savoir lesquels.');
    } else if (input.kind === 'SAML') {
      await this.previewSaml(partner, input.samlResponse, now, verdict);
    } else {
      await this.previewIdToken(partner, input.idToken, now, verdict);
    }

    let mapped: MappedAttributes | null = null;
    if (partner && verdict.attributes && verdict.problems.length === 0) {
      try {
        mapped = mapAttributes(partner.attributeMapping, verdict.attributes);
      } catch (error) {
        refuse(verdict, 'ATTRIBUTES_INVALID', attributeProblem(error instanceof FederationError ? error.details?.detail : undefined));
      }
    }

    let admission: AssertionPreview['admission'] = null;
    let refusal: AssertionPreview['refusal'] = null;
    if (mapped && config.trust === 'HOME') {
      if ((config.servedUais ?? []).includes(mapped.uai)) {
        verdict.warnings.push("ENT de rattachement : la personne deviendrait membre de l'annuaire de l'école, sans convention.");
      } else {
        refusal = { code: 'HOME_SCHOOL_NOT_SERVED', message: `L'UAI ${mapped.uai} n'est pas parmi les écoles que cet ENT dessert (servedUais).` };
      }
    } else if (mapped) {
      try {
        const found = await this.conventions.findAdmittingConvention(this.dataSource.manager,
          { partnerId: config.id, uai: mapped.uai, profile: mapped.profile, at: now });
        admission = { conventionId: found.convention.id, conventionCode: found.convention.code, version: found.convention.version };
      } catch (error) {
        if (!(error instanceof AdmissionRefusedError)) throw error;
        refusal = { code: error.code, message: error.message };
      }
    }

    const valid = verdict.problems.length === 0 && mapped !== null;
    await this.audit.record(this.dataSource.manager, {
      actor, action: 'partner.assertion-previewed', subject: { type: 'partner', id: config.id }, partnerId: config.id,
      details: {
        protocol: config.protocol,
        outcome: !valid ? 'INVALID' : refusal ? 'REFUSED' : admission ? 'ADMITTED' : 'HOME_MEMBER',
        code: !valid ? verdict.code : refusal?.code ?? null,
      },
    });
    return {
      partnerId: config.id, protocol: config.protocol, valid, problems: verdict.problems, warnings: verdict.warnings,
      identity: mapped && {
        subject: maskSubject(mapped.subject), displayName: mapped.displayName, profile: mapped.profile, uai: mapped.uai,
        classCode: mapped.classCode,
      },
      admission, refusal,
    };
  }

  private async previewSaml(partner: FederationPartner, text: string, now: Date, verdict: Verdict): Promise<void> {
    const settings = partner.samlSettings!;
    const context: SamlPreviewContext = {
      idpEntityId: settings.entityId, spEntityId: this.saml.entityIdFor(partner.slug), acsUrl: this.saml.acsUrlFor(partner.slug),
    };
    let checked: CheckedSamlResponse;
    try {
      let xml = decodeSamlInput(text);
      refuseDoctype(xml);
      if (refuseSeveralAssertions(xml).encrypted) xml = await this.decrypt(partner, xml);
      const check = (at: Date) => checkSamlResponse(xml, {
        idpEntityId: settings.entityId, certificates: settings.signingCertificates, signedPart: settings.signedPart,
        spEntityId: context.spEntityId, acsUrl: context.acsUrl, now: at, skewSeconds: SAML_CLOCK_SKEW_SECONDS,
      });
      try {
        checked = check(now);
      } catch (error) {
        const instant = assertionWindowStart(xml);
        if (!(error instanceof FederationError) || !TIME_CODES.includes(error.code as never) || !instant) throw error;
        verdict.warnings.push(`${samlProblem(error, context)} Une vraie connexion serait refusée ; l'aperçu a vérifié le reste à l'instant d'émission (${instant.toISOString()}).`);
        checked = check(instant);
      }
    } catch (error) {
      refuse(verdict, error instanceof FederationError ? error.code : 'ASSERTION_INVALID', samlProblem(error, context));
      return;
    }
    verdict.warnings.push(checked.inResponseTo === null
      ? (settings.allowIdpInitiated ? 'Réponse non sollicitée (sans InResponseTo) : admise pour ce partenaire.'
        : 'SAML_UNSOLICITED — Réponse non sollicitée (sans InResponseTo) : ce partenaire n\'autorise pas les connexions initiées par l\'ENT, une vraie connexion serait refusée. Non appliqué dans un aperçu.')
      : 'InResponseTo non vérifié : seule une vraie connexion sait si Passerelle a émis cette demande à ce navigateur.');
    verdict.warnings.push("Rejeu non vérifié : l'aperçu n'enregistre pas l'identifiant de l'assertion, qui reste utilisable une fois.");
    if (subjectAttributeOf(partner.attributeMapping) === 'NameID' && (checked.nameIdFormat === TRANSIENT || checked.nameIdFormat === EMAIL)) {
      refuse(verdict, 'SAML_NAMEID_NOT_PERSISTENT', samlProblem(new FederationError('SAML_NAMEID_NOT_PERSISTENT'), context));
      return;
    }
    verdict.attributes = { ...checked.attributes, NameID: [checked.nameId] };
  }

  /** An encrypted assertion, decrypted with the hub's current encryption key for SAML. */
  private async decrypt(partner: FederationPartner, xml: string): Promise<string> {
    const { encryption } = await this.credentials.current();
    const sp = samlify.ServiceProvider({
      entityID: this.saml.entityIdFor(partner.slug), encPrivateKey: encryption.privateKeyPem, encryptCert: encryption.certificatePem,
    });
    try {
      const [decrypted] = await samlify.SamlLib.decryptAssertion(sp, xml);
      refuseDoctype(decrypted);
      return decrypted;
    } catch (error) {
      if (error instanceof FederationError) throw error;
      throw new FederationError('SAML_MALFORMED', 'decryption failed');
    }
  }

  private async previewIdToken(partner: FederationPartner, idToken: string, now: Date, verdict: Verdict): Promise<void> {
    const settings = partner.oidcSettings!;
    const allowed = settings.allowedAlgorithms.filter((alg) => isOidcAlgorithm(alg));
    const jws = parseCompactJws(idToken);
    if (!jws) return refuse(verdict, 'OIDC_RESPONSE_INVALID', "Le jeton d'identité n'est pas un JWT signé (trois parties base64url).");
    if (allowed.length === 0) return refuse(verdict, 'OIDC_PARTNER_MISCONFIGURED', 'Aucun algorithme de signature accepté n\'est configuré pour ce partenaire.');
    const discoveryUrl = `${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const discovery = await this.probe.request(discoveryUrl, 'Le document de découverte', { method: 'GET', readBody: true, accept: 'application/json' });
    const jwksUri = discovery.kind === 'ANSWER' && discovery.answer.status === 200 ? jwksUriOf(discovery.answer.body) : null;
    if (!jwksUri) {
      return refuse(verdict, 'OIDC_PARTNER_UNREACHABLE', `Signature non vérifiable : le document de découverte ne donne pas de jwks_uri lisible${discovery.kind === 'FAILURE' ? ` (${discovery.message})` : ''}.`);
    }
    const jwksAnswer = await this.probe.request(jwksUri, 'Le jeu de clés publiques (jwks_uri)', { method: 'GET', readBody: true, accept: 'application/json' });
    if (jwksAnswer.kind === 'FAILURE' || jwksAnswer.answer.status !== 200) {
      return refuse(verdict, 'OIDC_PARTNER_UNREACHABLE', `Signature non vérifiable : ${jwksAnswer.kind === 'FAILURE' ? jwksAnswer.message : `le JWKS a répondu HTTP ${jwksAnswer.answer.status}`}.`);
    }
    let body: unknown = null;
    try {
      body = JSON.parse(jwksAnswer.answer.body ?? '');
    } catch { /* judged below */ }
    const { result, keys } = jwksCheck(body, allowed);
    if (keys.length === 0) return refuse(verdict, 'OIDC_PARTNER_MISCONFIGURED', `Signature non vérifiable : ${result.message}`);
    const signature = verifyJwsSignature(jws, keys, allowed);
    if (!signature.verified) return refuse(verdict, 'OIDC_SIGNATURE_INVALID', `Signature du jeton refusée : ${signature.reason}.`);
    const findings = idTokenClaimFindings(jws.claims, { issuer: settings.issuer, clientId: settings.clientId, nowSeconds: Math.floor(now.getTime() / 1000) });
    verdict.warnings.push(...findings.warnings);
    if (findings.problems.length > 0) {
      verdict.code ??= 'OIDC_RESPONSE_INVALID';
      verdict.problems.push(...findings.problems);
      return;
    }
    verdict.attributes = claimsToAttributes(jws.claims);
  }
}

function refuse(verdict: Verdict, code: string, problem: string): void {
  verdict.code ??= code;
  verdict.problems.push(problem);
}

function jwksUriOf(body: string | null): string | null {
  try {
    const document = JSON.parse(body ?? '') as { jwks_uri?: unknown };
    return typeof document?.jwks_uri === 'string' ? document.jwks_uri : null;
  } catch {
    return null;
  }
}
