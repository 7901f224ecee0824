import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_RULE, AccessRule, requestOf } from '@passerelle/access';
import { ForbiddenError, UnauthenticatedError } from '@passerelle/errors';
import { SESSION_COOKIE, SessionService } from './sessions/session.service.js';

/**
 * The one gate of the API. Resolves the session cookie to a principal, then applies the access rule the handler
 * declares. A handler that declares none is refused: deny by default.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly sessions: SessionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type !== 'http' && type !== 'graphql') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    const request = requestOf(context);
    if (request.principal === undefined) {
      request.principal = await this.sessions.resolve(request.cookies?.[SESSION_COOKIE]);
    }
    if (!rule) throw new ForbiddenError();
    if (rule.kind === 'public') return true;
    const principal = request.principal;
    if (!principal) throw new UnauthenticatedError();
    if (rule.kind === 'authenticated') return true;
    if (rule.roles.some((role) => principal.roles.includes(role))) return true;
    throw new ForbiddenError();
  }
}
