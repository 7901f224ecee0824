import { Body, Controller, Get, Ip, Param, Post, Query, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CrossSitePost, CurrentPrincipal, Principal, Public } from '@passerelle/access';
import { OWN_INPUT_CHECKS } from '@passerelle/errors';
import { FederationLoginService, PartnerChoice, SessionView } from './federation-login.service.js';
import { SAML_LIMITS } from './saml/saml-message.js';

/**
 * Sign-in through partner ENTs. Every route is public (the person is not signed in yet) and throttled per IP and per
 * partner. OIDC's callback (/auth/oidc/:slug/callback) lives with the OIDC handler.
 */
@Controller('auth')
export class FederationController {
  constructor(private readonly federation: FederationLoginService) {}

  @Public()
  @Get('partners')
  partners(@Ip() ip: string): Promise<PartnerChoice[]> {
    return this.federation.listPartners(ip);
  }

  @Public()
  @Get('session')
  session(@CurrentPrincipal() principal: Principal | null): Promise<SessionView> {
    return this.federation.session(principal);
  }

  @Public()
  @Get(':slug/login')
  @RouteConfig(OWN_INPUT_CHECKS) // a browser's navigation: an unusable returnTo is ignored (safeReturnTo), never a JSON 400
  login(@Param('slug') slug: string, @Query('returnTo') returnTo: unknown, @Ip() ip: string, @Req() request: FastifyRequest,
    @Res() reply: FastifyReply): Promise<void> {
    return this.federation.startLogin(slug, returnTo, ip, request, reply);
  }

  @Public()
  // The partner's IdP page posts the browser here (HTTP-POST binding): cross-site by design, so the same-origin check
  // of the other POST routes cannot apply. What stands instead: the response must be signed by the partner's key, be
  // addressed to this ACS (Destination, Recipient, Audience), answer a request this browser started (InResponseTo
  // bound to the login cookie) or come from a partner allowed IdP-initiated sign-in, and be used once (replay cache).
  @CrossSitePost('SAML HTTP-POST binding: the IdP posts the browser here from its own origin')
  @Post('saml/:slug/acs')
  // Control characters in the posted fields: SAML_MALFORMED, the French refusal page and its audit event (consumeSaml).
  @RouteConfig({ federationBodyLimit: SAML_LIMITS.bodyBytes, ...OWN_INPUT_CHECKS })
  acs(@Param('slug') slug: string, @Body() body: unknown, @Ip() ip: string, @Req() request: FastifyRequest,
    @Res() reply: FastifyReply): Promise<void> {
    return this.federation.consumeSaml(slug, body, ip, request, reply);
  }

  @Public()
  @Get('saml/:slug/metadata')
  async metadata(@Param('slug') slug: string, @Ip() ip: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const xml = await this.federation.samlMetadata(slug, ip);
    // Set only on success: an unknown partner's 404 is the usual JSON error, not an XML content type around it.
    reply.header('Content-Type', 'application/samlmetadata+xml; charset=utf-8');
    return xml;
  }

  /** Where a partner IdP sends the browser back after single logout: the hub session is already closed. */
  @Public()
  @Get('saml/:slug/slo')
  @RouteConfig(OWN_INPUT_CHECKS) // reads nothing from the request
  slo(@Res() reply: FastifyReply): void {
    reply.header('Cache-Control', 'no-store').redirect('/', 302);
  }
}
