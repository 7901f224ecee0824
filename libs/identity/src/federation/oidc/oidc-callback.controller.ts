import { Controller, Get, Ip, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RouteConfig } from '@nestjs/platform-fastify';
import { Public } from '@passerelle/access';
import { OWN_INPUT_CHECKS } from '@passerelle/errors';
import { OidcCallbackService } from './oidc-callback.service.js';

/** The OpenID Connect redirect URI registered at each partner: `<PUBLIC_URL>/auth/oidc/<slug>/callback`. */
@Controller('auth/oidc')
export class OidcCallbackController {
  constructor(private readonly callbacks: OidcCallbackService) {}

  @Public()
  @Get(':slug/callback')
  // Control characters in the query: OIDC_RESPONSE_INVALID, the French refusal page and its audit event (verifyCallback).
  @RouteConfig(OWN_INPUT_CHECKS)
  callback(@Param('slug') slug: string, @Ip() ip: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.callbacks.handle(slug, ip, request, reply);
  }
}
