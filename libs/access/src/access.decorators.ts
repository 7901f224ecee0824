import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Principal, Role } from './principal.js';

export const ACCESS_RULE = 'passerelle:access-rule';

/** Every resolver and route states one of these; the global guard refuses anything that states none. */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'roles'; roles: Role[] };

/** Anyone, signed in or not (e.g. `me`, the login route, health probes). */
export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);
/** Any signed-in principal; the use case decides further. */
export const Authenticated = () => SetMetadata(ACCESS_RULE, { kind: 'authenticated' } satisfies AccessRule);
/** Only principals holding one of these roles. */
export const AllowRoles = (...roles: Role[]) => SetMetadata(ACCESS_RULE, { kind: 'roles', roles } satisfies AccessRule);

export const CROSS_SITE_POST = 'passerelle:cross-site-post';
/**
 * A non-GET route that other sites post to by design (the SAML ACS: the partner's IdP page posts the browser there).
 * Every other non-GET route outside GraphQL must come from the hub's own pages (the access guard checks it); say why.
 */
export const CrossSitePost = (why: string) => SetMetadata(CROSS_SITE_POST, why);

export interface RequestWithPrincipal {
  principal?: Principal | null;
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
  ip?: string;
}

/** The request behind an HTTP route or a GraphQL operation. */
export function requestOf(context: ExecutionContext): RequestWithPrincipal {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: RequestWithPrincipal }>().req;
  }
  return context.switchToHttp().getRequest<RequestWithPrincipal>();
}

/** The caller, or null when anonymous (only on @Public handlers). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  requestOf(context).principal ?? null);
