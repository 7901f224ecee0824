import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { ANONYMOUS_ACTOR, AuditService } from '@passerelle/audit';
import { AppConfig } from '@passerelle/config';
import { parseProfile } from '@passerelle/directory';
import { DomainError, TooManyRequestsError } from '@passerelle/errors';
import { GuestClaimRefusedError, GuestClaimService, guestRefusalNow, isClaimRefusal } from '@passerelle/guests';
import { SessionCookies } from '../sessions/session-cookies.js';
import { OpenSession, SessionService } from '../sessions/session.service.js';
import { clearBrowserBinding } from './browser-binding.js';
import { audienceOf, guestRolesFor, homeRolesFor } from './federated-roles.js';
import { FEDERATION_CODES, FederationError, refusalStatusOf, SAML_BUSY_RETRY_AFTER_SECONDS } from './federation-errors.js';
import { HomePeopleService } from './home-people.service.js';
import { FederatedIdentity, FederationPartner, FederationSignIn, SignInContext } from './protocol.js';
import { REFUSAL_PAGE_HEADERS, renderRefusalPage } from './refusal-page.js';
import { safeReturnTo } from './return-to.js';

/** What a federated session keeps besides the principal (ids and codes: no personal data beyond the subject). */
export interface FederatedSessionData {
  readonly origin: 'HOME' | 'PARTNER';
  readonly profile: string;
  readonly partnerId: string;
  readonly conventionId?: string;
  readonly conventionVersion?: number;
  readonly federation?: SignInContext['logoutHint'];
}

/**
 * The end of every federated sign-in, whatever the protocol: binding (a guest of the convention that admits the
 * person, or a home-ENT member), a new session (id rotated, capped by the convention's end and the IdP's
 * SessionNotOnOrAfter), the cookie, and the redirect; or the refusal: one audit event, no session, the French page.
 */
@Injectable()
export class FederationSignInService implements FederationSignIn {
  private readonly logger = new Logger('FederationSignIn');

  constructor(private readonly guests: GuestClaimService, private readonly homePeople: HomePeopleService,
    private readonly sessions: SessionService, private readonly cookies: SessionCookies, private readonly audit: AuditService,
    private readonly dataSource: DataSource, private readonly config: AppConfig) {}

  async completeSignIn(identity: FederatedIdentity, partner: FederationPartner, context: SignInContext,
    request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let session: OpenSession;
    try {
      session = partner.trust === 'HOME'
        ? await this.openHomeSession(identity, partner, context)
        : await this.openGuestSession(identity, partner, context);
    } catch (error) {
      await this.refuse(partner, error, request, reply, identity.profile);
      return;
    }
    // Rotation: whatever session this browser had is gone.
    await this.sessions.close(this.cookies.read(request));
    this.cookies.write(reply, session);
    clearBrowserBinding(reply, this.config.cookieSecure);
    reply.header('Cache-Control', 'no-store').redirect(safeReturnTo(context.returnTo), 302);
  }

  private async openGuestSession(identity: FederatedIdentity, partner: FederationPartner, context: SignInContext): Promise<OpenSession> {
    const claimed = await this.guests.claimGuest({
      partnerId: partner.id, issuer: identity.issuer, subject: identity.subject, profile: identity.profile, uai: identity.uai,
      classCode: identity.classCode ?? null, displayName: identity.displayName,
    });
    const caps = [claimed.sessionNotAfter, identity.sessionNotOnOrAfter].filter((d): d is Date => d instanceof Date);
    const notAfter = new Date(Math.min(...caps.map((d) => d.getTime())));
    const data: FederatedSessionData = {
      origin: 'PARTNER', profile: claimed.profile, partnerId: partner.id, conventionId: claimed.conventionId,
      conventionVersion: claimed.conventionVersion, ...(context.logoutHint ? { federation: context.logoutHint } : {}),
    };
    const session = await this.sessions.open(
      { kind: 'GUEST', id: claimed.guestId, displayName: claimed.displayName, roles: guestRolesFor(claimed.profile) },
      { ...data }, notAfter);
    // The claim/session race: the guest may have been suspended (or its school dropped) after the claim committed and
    // before this session existed, when the worker's revocation found nothing to end. Read again now that the session
    // is stored: a suspension committed before this read is seen here and the session closed; one committed after it
    // revokes its guests' sessions after its commit, so this one too. Either way no session outlives the suspension
    // (and resolve() refuses a suspended guest's session at its first use anyway).
    const refusal = await guestRefusalNow(this.dataSource, claimed.guestId, new Date());
    if (refusal) {
      await this.sessions.close(session.id);
      await this.audit.record(this.dataSource.manager, {
        actor: ANONYMOUS_ACTOR, action: 'guest.claim-refused', subject: { type: 'partner', id: partner.id }, partnerId: partner.id,
        conventionId: claimed.conventionId, details: { reason: refusal, profile: claimed.profile, afterClaim: true },
      });
      throw new GuestClaimRefusedError(refusal, claimed.conventionId);
    }
    await this.audit.record(this.dataSource.manager, {
      actor: { kind: 'GUEST', id: claimed.guestId }, action: 'guest.signed-in', subject: { type: 'guest', id: claimed.guestId },
      conventionId: claimed.conventionId, partnerId: partner.id, guestId: claimed.guestId,
      details: { conventionVersion: claimed.conventionVersion, profile: claimed.profile, protocol: partner.protocol },
    });
    this.logger.log({ msg: 'guest signed in', guestId: claimed.guestId, conventionId: claimed.conventionId, partner: partner.slug });
    return session;
  }

  private async openHomeSession(identity: FederatedIdentity, partner: FederationPartner, context: SignInContext): Promise<OpenSession> {
    const profile = parseProfile(identity.profile);
    if (!profile) throw new FederationError('ATTRIBUTES_INVALID', 'profile');
    const person = await this.homePeople.bind({ ...identity, profile }, partner);
    const data: FederatedSessionData = {
      origin: 'HOME', profile, partnerId: partner.id, ...(context.logoutHint ? { federation: context.logoutHint } : {}),
    };
    this.logger.log({ msg: 'home ENT person signed in', personId: person.personId, partner: partner.slug, created: person.created });
    return this.sessions.open({ kind: 'PERSON', id: person.personId, displayName: person.displayName, roles: homeRolesFor(profile) },
      { ...data }, identity.sessionNotOnOrAfter);
  }

  async refuse(partner: FederationPartner | null, error: unknown, _request: FastifyRequest, reply: FastifyReply,
    profile?: string | null): Promise<void> {
    if (error instanceof TooManyRequestsError) {
      reply.header('Retry-After', String(error.retryAfterSeconds));
      this.sendPage(reply, 429, { reason: error.message, code: error.code, audience: audienceOf(profile), partnerName: partner?.name });
      return;
    }
    if (!(error instanceof DomainError)) {
      this.logger.error({ msg: 'federated sign-in failed unexpectedly', partner: partner?.slug, error: error instanceof Error ? error.stack : String(error) });
      this.sendPage(reply, 500, {
        reason: 'Une erreur interne est survenue. Réessaie dans quelques minutes.', code: 'INTERNAL_SERVER_ERROR',
        audience: audienceOf(profile), partnerName: partner?.name, title: 'Connexion interrompue',
      });
      return;
    }
    // claimGuest's own input check (issuer/subject absent or too long) is an unusable identity.
    const code = error.code === 'BAD_USER_INPUT' ? 'ATTRIBUTES_INVALID' : error.code;
    const known = (FEDERATION_CODES as Record<string, { message: string }>)[code];
    this.logger.warn({ msg: 'federated sign-in refused', code, partner: partner?.slug, detail: error.details?.detail });
    // claimGuest records its own refusals: one audit event per refusal, never two.
    if (!isClaimRefusal(error)) {
      try {
        await this.audit.record(this.dataSource.manager, {
          actor: ANONYMOUS_ACTOR, action: 'federation.sign-in-refused', subject: { type: 'partner', id: partner?.id ?? null },
          partnerId: partner?.id ?? null,
          details: {
            reason: code, ...(partner ? { protocol: partner.protocol } : {}),
            ...(error instanceof FederationError && error.auditDetails ? error.auditDetails : {}),
          },
        });
      } catch (auditError) {
        this.logger.error({ msg: 'could not record a refused federated sign-in', code, error: String(auditError) });
      }
    }
    if (code === 'SAML_BUSY') reply.header('Retry-After', String(SAML_BUSY_RETRY_AFTER_SECONDS));
    this.sendPage(reply, refusalStatusOf(code), {
      reason: known?.message ?? error.message, code, audience: audienceOf(profile), partnerName: partner?.name,
    });
  }

  private sendPage(reply: FastifyReply, status: number, page: Parameters<typeof renderRefusalPage>[0]): void {
    reply.status(status).headers(REFUSAL_PAGE_HEADERS).send(renderRefusalPage(page));
  }
}
