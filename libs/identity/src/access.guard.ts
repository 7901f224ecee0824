import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_RULE, AccessRule, CROSS_SITE_POST, requestOf } from '@passerelle/access';
import { AppConfig } from '@passerelle/config';
import { ForbiddenError, UnauthenticatedError } from '@passerelle/errors';
import { CrossSiteRequestError, isSameOriginPost, postOriginOf } from './same-origin.js';
import { SESSION_COOKIE, SessionService } from './sessions/session.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one gate of the API. Over plain HTTP, refuses a non-GET request that does not come from the hub's own pages
 * (same-origin.ts; before anything is read or written) unless the route is marked `@CrossSitePost`. Then resolves the
 * session cookie to a principal and applies the access rule the handler declares. A handler that declares none is
 * refused: deny by default.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly sessions: SessionService, private readonly config: AppConfig) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type !== 'http' && type !== 'graphql') return true;
    if (type === 'http') this.assertSameOrigin(context);
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

  /** Cookie-authenticated writes outside GraphQL come from the hub's own pages (GraphQL has Apollo's CSRF prevention). */
  private assertSameOrigin(context: ExecutionContext): void {
    const request = context.switchToHttp().getRequest<{ method?: string; headers: Record<string, string | string[] | undefined>;
      protocol?: string; host?: string }>();
    if (SAFE_METHODS.has((request.method ?? 'GET').toUpperCase())) return;
    if (this.reflector.getAllAndOverride<string | undefined>(CROSS_SITE_POST, [context.getHandler(), context.getClass()])) return;
    if (!isSameOriginPost(postOriginOf({ headers: request.headers, protocol: request.protocol ?? 'http', host: request.host }),
      this.config.PUBLIC_URL)) throw new CrossSiteRequestError();
  }
}
