import { Controller, Get, Ip, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@passerelle/access';
import { OidcCallbackService } from './oidc-callback.service.js';

/** The OpenID Connect redirect URI registered at each partner: `<PUBLIC_URL>/auth/oidc/<slug>/callback`. */
@Controller('auth/oidc')
export class OidcCallbackController {
  constructor(private readonly callbacks: OidcCallbackService) {}

  @Public()
  @Get(':slug/callback')
  callback(@Param('slug') slug: string, @Ip() ip: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.callbacks.handle(slug, ip, request, reply);
  }
}
