import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The contract between the federation core (routes, pending logins, sign-in completion, refusals) and the
 * protocol handlers (SAML 2.0 in ./saml, OpenID Connect in ./oidc). A handler only speaks its protocol: it builds the
 * redirect to the partner and, on the way back, turns a verified message into a FederatedIdentity that it hands to
 * FederationSignIn.completeSignIn — or a DomainError that it hands to FederationSignIn.refuse.
 */

export type FederationProtocol = 'SAML2' | 'OIDC';
export type PartnerTrust = 'PARTNER' | 'HOME';

/** SAML settings of a partner (partner_ent.saml_settings). */
export interface PartnerSamlSettings {
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly sloUrl?: string | null;
  /** PEM certificates: the only keys a signature is ever verified with (never KeyInfo). */
  readonly signingCertificates: readonly string[];
  readonly nameIdFormat?: string | null;
  readonly allowIdpInitiated: boolean;
  /** Which element the partner signs: the assertion (default) or the whole response. */
  readonly signedPart: 'ASSERTION' | 'RESPONSE';
}

/** OpenID Connect settings of a partner (partner_ent.oidc_settings), the client secret decrypted. */
export interface PartnerOidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  /** Null for a public client (PKCE only). */
  readonly clientSecret: string | null;
  readonly scopes: readonly string[];
  readonly allowedAlgorithms: readonly string[];
  readonly endSessionEndpoint?: string | null;
  /** Endpoints read at registration from the discovery document, when the admin ran it (libs/conventions). */
  readonly discovered?: {
    readonly authorizationEndpoint: string;
    readonly tokenEndpoint: string;
    readonly jwksUri: string;
    readonly userinfoEndpoint: string | null;
    readonly discoveredAt: string;
  } | null;
}

/** How a partner's attributes / claims become an identity (partner_ent.attribute_mapping). See ./mapping.ts. */
export interface PartnerAttributeMapping {
  /** A profile of federation/profiles/ (generic-saml, generic-oidc, ent-core, frEduVecteur). */
  readonly preset?: string | null;
  /** Attribute names overriding the preset's; `subject` may be `NameID` (SAML) or `sub` (OIDC). */
  readonly subject?: string | null;
  readonly displayName?: string | null;
  readonly profile?: string | null;
  readonly uai?: string | null;
  readonly classCode?: string | null;
}

/**
 * A partner ENT as the federation sees it: libs/conventions' PartnerConfig checked for completeness by
 * FederationPartners (./federation-partners.ts) — a SAML partner always has its entityId, ssoUrl and at least one
 * certificate here, an OIDC partner its issuer and client id. Only ACTIVE partners are ever returned.
 */
export interface FederationPartner {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly kind: string;
  readonly protocol: FederationProtocol;
  readonly trust: PartnerTrust;
  readonly status: string;
  /** Trust HOME: the UAIs of the schools whose people it signs in (absent or empty: nobody). */
  readonly servedUais?: readonly string[];
  readonly samlSettings?: PartnerSamlSettings | null;
  readonly oidcSettings?: PartnerOidcSettings | null;
  readonly attributeMapping: PartnerAttributeMapping;
}

/** What a verified sign-in says about a person: only what the hub keeps, nothing else from the message. */
export interface FederatedIdentity {
  readonly partnerId: string;
  /** SAML: the IdP entityID; OIDC: the `iss`. With `subject`, the binding key. */
  readonly issuer: string;
  /** Stable, non-reassigned identifier at the partner (SAML persistent NameID / mapped attribute, OIDC `sub`). */
  readonly subject: string;
  readonly displayName: string;
  /** SDET national code, e.g. `National_ELV` (already normalised by parseProfile). */
  readonly profile: string;
  /** The school's UAI (checked by checkUai). */
  readonly uai: string;
  readonly classCode?: string | null;
  /** SAML AuthnStatement SessionNotOnOrAfter (or OIDC equivalent): caps the hub session. */
  readonly sessionNotOnOrAfter?: Date;
}

/** Name of the short-lived httpOnly cookie that binds a login in progress to the browser that started it. */
export const LOGIN_COOKIE = 'passerelle_login';
/** Lifetime of a login in progress (pending login and its cookie), in seconds. */
export const PENDING_LOGIN_TTL_SECONDS = 600;

export interface LoginContext {
  /** Where to go after sign-in: already checked to be a same-origin relative path ('/' otherwise). */
  readonly returnTo: string;
  /** Random value also set in the `passerelle_login` cookie: store it with the pending login. */
  readonly browserBinding: string;
}

/** What a federated session remembers to end the partner's session too (no personal data beyond the subject). */
export interface FederatedLogoutHint {
  readonly partnerId: string;
  readonly protocol: FederationProtocol;
  /** SAML NameID (as received) and its format; OIDC `sub`. */
  readonly nameId?: string;
  readonly nameIdFormat?: string;
  /** SAML AuthnStatement SessionIndex. */
  readonly sessionIndex?: string;
  /** OIDC ID token to pass as id_token_hint, when the handler chooses to keep it. */
  readonly idTokenHint?: string;
}

export interface FederationProtocolHandler {
  readonly protocol: FederationProtocol;
  /** Stores a pending login (PendingLoginStore) and returns the URL to redirect the browser to (302). */
  startLogin(partner: FederationPartner, login: LoginContext): Promise<string>;
  /**
   * The URL that ends the session at the partner (SAML LogoutRequest, OIDC RP-initiated logout), or null when the
   * partner supports none. `postLogoutRedirect` is where the partner should send the browser back (absolute).
   */
  buildLogoutUrl?(partner: FederationPartner, hint: FederatedLogoutHint, postLogoutRedirect: string): Promise<string | null>;
}

/** A login in progress, stored under the SAML AuthnRequest ID or the OIDC `state`. */
export interface PendingLogin {
  readonly partnerId: string;
  readonly returnTo: string;
  readonly browserBinding: string;
  readonly nonce?: string;
  readonly codeVerifier?: string;
  readonly expiresAt: Date;
}

/**
 * Logins in progress. Redis (REDIS_URL) or the `pending_login` table: server-side, so that a login cannot be
 * replayed from a copied cookie, and `take` is atomic (GETDEL / DELETE ... RETURNING): a second take of the same
 * key finds nothing. Keys are namespaced by the caller: `saml:<AuthnRequest ID>`, `oidc:<state>`.
 */
export abstract class PendingLoginStore {
  abstract put(key: string, login: PendingLogin): Promise<void>;
  /** The pending login, once: null if unknown, already taken or expired. */
  abstract take(key: string): Promise<PendingLogin | null>;
}

/** Where the sign-in continues once a handler has verified the partner's message. */
export interface SignInContext {
  readonly returnTo: string;
  readonly logoutHint?: FederatedLogoutHint;
}

/**
 * Implemented by FederationSignInService (./federation-sign-in.service.ts); the OIDC callback calls it too.
 * Both methods answer the reply themselves (302, or the French refusal page) and never throw for a refusal.
 */
export interface FederationSignIn {
  /** Binds (claimGuest or home person), rotates the session, sets the cookie, redirects to returnTo. */
  completeSignIn(identity: FederatedIdentity, partner: FederationPartner, context: SignInContext,
    request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** One audit event (partner + reason code), no session, and the French page (403 refusal / 400 invalid message). */
  refuse(partner: FederationPartner | null, error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

/**
 * The protocol handlers, by protocol. The SAML module registers its handler; the OIDC module calls
 * `registry.register(handler)` from its onModuleInit. Exported by IdentityModule (global).
 */
@Injectable()
export class FederationProtocolRegistry {
  private readonly handlers = new Map<FederationProtocol, FederationProtocolHandler>();

  register(handler: FederationProtocolHandler): void {
    if (this.handlers.has(handler.protocol)) throw new Error(`A ${handler.protocol} handler is already registered`);
    this.handlers.set(handler.protocol, handler);
  }

  get(protocol: FederationProtocol): FederationProtocolHandler | undefined {
    return this.handlers.get(protocol);
  }
}
