import { Body, Controller, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@passerelle/access';
import { LocalSignInService } from './local-sign-in.service.js';
import { SessionCookies } from '../sessions/session-cookies.js';

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
  constructor(private readonly signIn: LocalSignInService, private readonly cookies: SessionCookies) {}

  @Public()
  @Post('local/login')
  @HttpCode(204)
  async login(@Body() body: LocalLoginBody, @Ip() ip: string, @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const session = await this.signIn.signIn(body.login, body.password, ip, this.cookies.read(request));
    this.cookies.write(reply, session);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.signIn.signOut(this.cookies.read(request));
    this.cookies.clear(reply);
  }
}
