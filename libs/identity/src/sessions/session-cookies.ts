import type {} from '@fastify/cookie';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@passerelle/config';
import { OpenSession, SESSION_COOKIE } from './session.service.js';

/** The session cookie: httpOnly, SameSite=Lax, Secure behind https, never readable by scripts. */
@Injectable()
export class SessionCookies {
  constructor(private readonly config: AppConfig) {}

  read(request: FastifyRequest): string | undefined {
    return request.cookies?.[SESSION_COOKIE];
  }

  write(reply: FastifyReply, session: OpenSession): void {
    reply.setCookie(SESSION_COOKIE, session.id, {
      httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure, path: '/',
      expires: new Date(session.absoluteExpiresAt),
    });
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure, path: '/' });
  }
}
