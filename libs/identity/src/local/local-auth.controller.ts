import { Body, Controller, HttpCode, Ip, Optional, Post, Req, Res } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@passerelle/access';
import { LocalSignInService } from './local-sign-in.service.js';
import { SessionCookies } from '../sessions/session-cookies.js';
import { FederationLogoutService } from '../federation/federation-logout.service.js';

export class LocalLoginBody {
  @IsString({ message: "L'identifiant est obligatoire." }) @MinLength(1, { message: "L'identifiant est obligatoire." })
  @MaxLength(64, { message: "L'identifiant est trop long." })
  login: string;

  @IsString({ message: 'Le mot de passe est obligatoire.' }) @MinLength(1, { message: 'Le mot de passe est obligatoire.' })
  @MaxLength(256, { message: 'Le mot de passe est trop long.' })
  password: string;
}

/** Local sign-in for hub administrators. Partner ENT users sign in through /auth/:slug/login. */
@Controller('auth')
export class LocalAuthController {
  constructor(private readonly signIn: LocalSignInService, private readonly cookies: SessionCookies,
    @Optional() private readonly federationLogout?: FederationLogoutService) {}

  @Public()
  @Post('local/login')
  @HttpCode(204)
  async login(@Body() body: LocalLoginBody, @Ip() ip: string, @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const session = await this.signIn.signIn(body.login, body.password, ip, this.cookies.read(request));
    this.cookies.write(reply, session);
  }

  /**
   * Ends the hub session: 204. For a session opened through a partner ENT that supports single logout, 200 with
   * `{"redirect": url}` (and the same URL in Location): the page sends the browser there to end the partner's session
   * too (SAML LogoutRequest, OIDC RP-initiated logout).
   */
  @Public()
  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const sessionId = this.cookies.read(request);
    const redirect = await this.federationLogout?.partnerLogoutUrl(sessionId) ?? null;
    await this.signIn.signOut(sessionId);
    this.cookies.clear(reply);
    reply.header('Cache-Control', 'no-store');
    if (redirect) {
      reply.status(200).header('Location', redirect).send({ redirect });
      return;
    }
    reply.status(204).send();
  }
}
