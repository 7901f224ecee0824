import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import * as samlify from 'samlify';
import { AppConfig } from '@passerelle/config';
import { ReplayCache } from '../../sessions/session-store.js';
import { browserBindingMatches } from '../browser-binding.js';
import { FederationError } from '../federation-errors.js';
import { mapAttributes, subjectAttributeOf } from '../mapping.js';
import {
  FederatedIdentity, FederatedLogoutHint, FederationPartner, FederationProtocolHandler, FederationProtocolRegistry, LoginContext,
  PENDING_LOGIN_TTL_SECONDS, PendingLoginStore,
} from '../protocol.js';
import { checkSamlResponse, refuseDoctype, refuseSeveralAssertions } from './saml-response-checks.js';
import { decodePostedSamlResponse } from './saml-message.js';
import { configureSamlify, isSchemaValidatorBusy, warmSchemaValidator } from './samlify-setup.js';
import { SpCredentials, SpCredentialSet } from './sp-credentials.service.js';

const { Constants } = samlify;
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
/** Allowed clock skew between the hub and a partner IdP. */
export const SAML_CLOCK_SKEW_SECONDS = 60;

/** What a verified SAML response gives the sign-in. */
export interface SamlSignInResult {
  readonly identity: FederatedIdentity;
  readonly returnTo: string;
  readonly logoutHint: FederatedLogoutHint;
}

/**
 * The hub as a SAML 2.0 service provider, one SP per partner (entityID `${PUBLIC_URL}/auth/saml/<slug>/metadata`):
 * signed AuthnRequests over HTTP-Redirect, responses over HTTP-POST checked by saml-response-checks.ts and, as a
 * second opinion, by samlify itself (schema validation, signature with the partner's certificates only, issuer, time).
 */
@Injectable()
export class SamlSpService implements FederationProtocolHandler, OnModuleInit, OnApplicationBootstrap {
  readonly protocol = 'SAML2' as const;
  private readonly logger = new Logger('SamlSp');
  /** samlify entities cost ~20 ms to build (metadata rendered then parsed): kept per settings, bounded. */
  private readonly entities = new Map<string, unknown>();

  constructor(private readonly config: AppConfig, private readonly credentials: SpCredentials,
    private readonly pending: PendingLoginStore, private readonly replay: ReplayCache,
    private readonly registry: FederationProtocolRegistry) {}

  onModuleInit(): void {
    configureSamlify({ maxWaiting: this.config.SAML_VALIDATION_QUEUE });
    this.registry.register(this);
  }

  /** Warms the schema validator in the background: the hub answers meanwhile, and a first sign-in waits for it. */
  onApplicationBootstrap(): void {
    const started = Date.now();
    void warmSchemaValidator().then(
      () => this.logger.log(`SAML schema validator ready in ${Date.now() - started} ms`),
      (error: unknown) => this.logger.error({ msg: 'SAML schema validator failed to start', error: String(error) }));
  }

  entityIdFor(slug: string): string {
    return `${this.config.PUBLIC_URL}/auth/saml/${slug}/metadata`;
  }

  acsUrlFor(slug: string): string {
    return `${this.config.PUBLIC_URL}/auth/saml/${slug}/acs`;
  }

  sloUrlFor(slug: string): string {
    return `${this.config.PUBLIC_URL}/auth/saml/${slug}/slo`;
  }

  private cached<T>(key: string, build: () => T): T {
    const found = this.entities.get(key);
    if (found) return found as T;
    if (this.entities.size >= 500) this.entities.clear();
    const built = build();
    this.entities.set(key, built);
    return built;
  }

  /** Our SP for a partner (slug): signing and encryption certificates, ACS over HTTP-POST, SLO over HTTP-Redirect. */
  private async sp(slug: string, partner?: FederationPartner) {
    const credentials = await this.credentials.current();
    const signedPart = partner?.samlSettings?.signedPart ?? 'ASSERTION';
    const nameIdFormat = partner?.samlSettings?.nameIdFormat || PERSISTENT;
    return this.cached(`sp|${slug}|${signedPart}|${nameIdFormat}`, () => this.buildSp(slug, credentials, partner));
  }

  private buildSp(slug: string, { signing, encryption }: SpCredentialSet, partner?: FederationPartner) {
    return samlify.ServiceProvider({
      entityID: this.entityIdFor(slug),
      authnRequestsSigned: true,
      wantAssertionsSigned: partner?.samlSettings?.signedPart !== 'RESPONSE',
      wantMessageSigned: partner?.samlSettings?.signedPart === 'RESPONSE',
      privateKey: signing.privateKeyPem,
      signingCert: signing.certificatePem,
      encPrivateKey: encryption.privateKeyPem,
      encryptCert: encryption.certificatePem,
      requestSignatureAlgorithm: RSA_SHA256,
      nameIDFormat: [partner?.samlSettings?.nameIdFormat || PERSISTENT],
      allowCreate: true,
      assertionConsumerService: [{ Binding: Constants.namespace.binding.post, Location: this.acsUrlFor(slug) }],
      singleLogoutService: [{ Binding: Constants.namespace.binding.redirect, Location: this.sloUrlFor(slug) }],
      clockDrifts: [-SAML_CLOCK_SKEW_SECONDS * 1000, SAML_CLOCK_SKEW_SECONDS * 1000],
    });
  }

  /** The partner's IdP as configured here: only its configured certificates, never metadata fetched at sign-in. */
  private idp(partner: FederationPartner, options: { encrypted?: boolean } = {}) {
    return this.cached(`idp|${partner.id}|${options.encrypted === true}|${JSON.stringify(partner.samlSettings)}`,
      () => this.buildIdp(partner, options));
  }

  private buildIdp(partner: FederationPartner, options: { encrypted?: boolean }) {
    const saml = partner.samlSettings!;
    return samlify.IdentityProvider({
      entityID: saml.entityId,
      signingCert: [...saml.signingCertificates],
      wantAuthnRequestsSigned: true,
      isAssertionEncrypted: options.encrypted === true,
      singleSignOnService: [{ Binding: Constants.namespace.binding.redirect, Location: saml.ssoUrl }],
      singleLogoutService: saml.sloUrl ? [{ Binding: Constants.namespace.binding.redirect, Location: saml.sloUrl }] : [],
      requestSignatureAlgorithm: RSA_SHA256,
    });
  }

  /** SP metadata for a partner's slug (served at the entityID). */
  async metadata(slug: string): Promise<string> {
    return (await this.sp(slug)).getMetadata();
  }

  async startLogin(partner: FederationPartner, login: LoginContext): Promise<string> {
    const request = (await this.sp(partner.slug, partner)).createLoginRequest(this.idp(partner), 'redirect') as { id: string; context: string };
    await this.pending.put(`saml:${request.id}`, {
      partnerId: partner.id, returnTo: login.returnTo, browserBinding: login.browserBinding,
      expiresAt: new Date(Date.now() + PENDING_LOGIN_TTL_SECONDS * 1000),
    });
    return request.context;
  }

  async buildLogoutUrl(partner: FederationPartner, hint: FederatedLogoutHint): Promise<string | null> {
    if (!partner.samlSettings?.sloUrl || !hint.nameId) return null;
    const request = (await this.sp(partner.slug, partner)).createLogoutRequest(this.idp(partner), 'redirect',
      { logoutNameID: hint.nameId, sessionIndex: hint.sessionIndex, email: undefined }) as { context: string };
    return request.context;
  }

  /**
   * The assertion consumer: every check, then the identity. `browserBinding` is the value of the login cookie of
   * the browser that posted (undefined when it has none).
   */
  async consume(partner: FederationPartner, samlResponseField: unknown, browserBinding: string | undefined): Promise<SamlSignInResult> {
    const settings = partner.samlSettings;
    if (!settings) throw new FederationError('PARTNER_UNAVAILABLE', 'not a SAML partner');
    const original = decodePostedSamlResponse(samlResponseField);
    refuseDoctype(original);

    const sp = await this.sp(partner.slug, partner);
    const { encrypted } = refuseSeveralAssertions(original);
    let xml = original;
    if (encrypted) {
      try {
        [xml] = await samlify.SamlLib.decryptAssertion(sp, original);
      } catch (error) {
        throw new FederationError('SAML_MALFORMED', `decryption failed: ${String(error).slice(0, 100)}`);
      }
      refuseDoctype(xml);
    }

    const checked = checkSamlResponse(xml, {
      idpEntityId: settings.entityId, certificates: settings.signingCertificates, signedPart: settings.signedPart,
      spEntityId: this.entityIdFor(partner.slug), acsUrl: this.acsUrlFor(partner.slug), now: new Date(),
      skewSeconds: SAML_CLOCK_SKEW_SECONDS,
    });

    // Second opinion: samlify's own parsing (schema, signature with the configured certificates, issuer, time).
    let samlifyNameId: unknown;
    try {
      const parsed = await sp.parseLoginResponse(this.idp(partner, { encrypted }), 'post', { body: { SAMLResponse: samlResponseField } });
      samlifyNameId = parsed.extract.nameID;
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      if (isSchemaValidatorBusy(error)) throw new FederationError('SAML_BUSY', 'schema validator queue full (SAML_VALIDATION_QUEUE)');
      if (/VALIDATE_XML|validat/i.test(message)) throw new FederationError('SAML_MALFORMED', 'schema validation failed');
      if (/SIGNATURE|CERTIFICATE|WRAPPING/i.test(message)) throw new FederationError('SAML_SIGNATURE_INVALID', `samlify: ${message.slice(0, 100)}`);
      throw new FederationError('ASSERTION_INVALID', `samlify: ${message.slice(0, 100)}`);
    }
    if (typeof samlifyNameId !== 'string' || samlifyNameId.trim() !== checked.nameId) {
      throw new FederationError('ASSERTION_INVALID', 'samlify and the hub read different subjects');
    }

    // One use per assertion, until it could no longer be accepted.
    const replayUntil = new Date(checked.validUntil.getTime() + SAML_CLOCK_SKEW_SECONDS * 1000);
    if (!(await this.replay.firstUse(`saml-assertion:${partner.id}:${checked.assertionId}`, replayUntil))) {
      throw new FederationError('SAML_REPLAY', 'assertion already used');
    }

    // A request we issued to this browser, unused and unexpired — or an unsolicited response the partner may send.
    let returnTo = '/';
    if (checked.inResponseTo === null) {
      if (!settings.allowIdpInitiated) throw new FederationError('SAML_UNSOLICITED', 'no InResponseTo');
    } else {
      const pending = await this.pending.take(`saml:${checked.inResponseTo}`);
      if (!pending || pending.partnerId !== partner.id) throw new FederationError('SAML_IN_RESPONSE_TO_UNKNOWN', 'unknown, used or expired request');
      if (!browserBindingMatches(pending.browserBinding, browserBinding)) {
        throw new FederationError('SAML_IN_RESPONSE_TO_UNKNOWN', 'request issued to another browser');
      }
      returnTo = pending.returnTo;
    }

    // A stable subject: never a transient NameID, never an e-mail address.
    if (subjectAttributeOf(partner.attributeMapping) === 'NameID' && (checked.nameIdFormat === TRANSIENT || checked.nameIdFormat === EMAIL)) {
      throw new FederationError('SAML_NAMEID_NOT_PERSISTENT', `NameID format ${checked.nameIdFormat}`);
    }
    const mapped = mapAttributes(partner.attributeMapping, { ...checked.attributes, NameID: [checked.nameId] });
    const sessionNotOnOrAfter = checked.sessionNotOnOrAfter ?? undefined;
    return {
      identity: {
        partnerId: partner.id, issuer: settings.entityId, subject: mapped.subject, displayName: mapped.displayName,
        profile: mapped.profile, uai: mapped.uai, classCode: mapped.classCode, ...(sessionNotOnOrAfter ? { sessionNotOnOrAfter } : {}),
      },
      returnTo,
      logoutHint: {
        partnerId: partner.id, protocol: 'SAML2', nameId: checked.nameId,
        ...(checked.nameIdFormat ? { nameIdFormat: checked.nameIdFormat } : {}),
        ...(checked.sessionIndex ? { sessionIndex: checked.sessionIndex } : {}),
      },
    };
  }
}
