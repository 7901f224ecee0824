import { Body, Controller, Get, Ip, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, CurrentPrincipal, Principal, Public } from '@passerelle/access';
import { OWN_INPUT_CHECKS } from '@passerelle/errors';
import { safeReturnTo, SessionCookies } from '@passerelle/identity';
import { PAGE_HEADERS, STYLESHEET, STYLESHEET_HEADERS } from '@passerelle/pages';
import { sendAppPage, WebAppFiles } from '@passerelle/web-app';
import { PortalErrorFilter } from './portal-error.filter.js';
import { renderHomePage, renderPartnerSignOutPage, renderSignInPage } from './portal-pages.js';
import { PortalService } from './portal.service.js';
import { signInNotice } from './portal-rules.js';

function sendPage(reply: FastifyReply, status: number, page: string, retryAfterSeconds?: number): void {
  if (retryAfterSeconds !== undefined) reply.header('Retry-After', String(retryAfterSeconds));
  reply.status(status).headers(PAGE_HEADERS).send(page);
}

/**
 * The server-rendered pages at the root of the hub (ADR 0015): `/` (sign-in page, or the home page of a signed-in
 * person), the administrators' sign-in form, the sign-out form and the stylesheet. No script; forms are checked to
 * come from the hub's own pages by the access guard, as every POST outside GraphQL (libs/identity same-origin.ts); the
 * error filter shows its refusal as the « Formulaire refusé » page.
 */
@Controller()
@UseFilters(PortalErrorFilter)
export class PortalController {
  constructor(private readonly portal: PortalService, private readonly cookies: SessionCookies, private readonly webApp: WebAppFiles) {}

  /**
   * `/`: for a signed-in person the web app (its Accueil), or the page they were sent to sign in for (`?retour=`);
   * for anyone else the sign-in page, whose ENT links bring them back to `retour` and which says why they are there
   * (`?raison=session-terminee`). Without a built app, the server-rendered home page.
   */
  @Public()
  @Get()
  // Its query (retour, raison) is read by safeReturnTo and signInNotice, which ignore anything but a safe path and a known reason.
  @RouteConfig(OWN_INPUT_CHECKS)
  async root(@CurrentPrincipal() principal: Principal | null, @Ip() ip: string, @Query('retour') retour: unknown,
    @Query('raison') reason: unknown, @Res() reply: FastifyReply): Promise<void> {
    const returnTo = safeReturnTo(retour);
    if (principal) {
      if (returnTo !== '/') return void reply.header('Cache-Control', 'no-store').redirect(returnTo, 303);
      if (this.webApp.built) return sendAppPage(reply, this.webApp, 200);
      return sendPage(reply, 200, renderHomePage(await this.portal.home(principal)));
    }
    const { view, retryAfterSeconds } = await this.portal.signInView(ip);
    sendPage(reply, retryAfterSeconds === undefined ? 200 : 429,
      renderSignInPage({ ...view, returnTo, notice: signInNotice(reason) }), retryAfterSeconds);
  }

  @Public()
  @Get('assets/passerelle.css')
  stylesheet(@Res() reply: FastifyReply): void {
    reply.status(200).headers(STYLESHEET_HEADERS).send(STYLESHEET);
  }

  /** The hub administrators' form (application/x-www-form-urlencoded): 303 to `/` with the session cookie, or the page again. */
  @Public()
  @Post('connexion')
  @RouteConfig(OWN_INPUT_CHECKS) // control characters: the form again with the reason (readLocalLoginFields), not JSON
  async signIn(@Body() body: unknown, @Ip() ip: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const result = await this.portal.signInWithForm(body, ip, this.cookies.read(request));
    const returnTo = safeReturnTo(body && typeof body === 'object' ? (body as Record<string, unknown>).retour : undefined);
    if (!result.ok) return sendPage(reply, result.status, renderSignInPage({ ...result.view, returnTo }), result.retryAfterSeconds);
    this.cookies.write(reply, result.session);
    reply.header('Cache-Control', 'no-store').redirect(returnTo, 303);
  }

  /** The sign-out button: 303 to `/`, or a page that sends the browser on to the partner ENT's single logout. */
  @Authenticated()
  @Post('deconnexion')
  @RouteConfig(OWN_INPUT_CHECKS) // reads no field
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const partnerUrl = await this.portal.signOut(this.cookies.read(request));
    this.cookies.clear(reply);
    if (partnerUrl) return sendPage(reply, 200, renderPartnerSignOutPage(partnerUrl));
    reply.header('Cache-Control', 'no-store').redirect('/', 303);
  }
}
