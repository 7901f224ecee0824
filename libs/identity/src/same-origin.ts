import { DomainError } from '@passerelle/errors';

/**
 * The one same-origin check of the hub's cookie-authenticated requests outside GraphQL (GraphQL has Apollo's CSRF
 * prevention): every POST route (document uploads, local sign-in and sign-out, the portal's forms; the access guard
 * applies it to any non-GET route unless the route is marked `@CrossSitePost`) and every WebSocket upgrade. The
 * session cookie is SameSite=Lax, so a cross-site post never carries it; what is left is a cross-site post that
 * signs a browser in (login CSRF) or out, and browsers or proxies that do not honour SameSite. A request is accepted
 * only when the browser says it comes from the hub itself:
 * - `Sec-Fetch-Site`, when sent (current browsers), must be `same-origin`;
 * - `Origin` (sent with every POST and WebSocket upgrade by current browsers; the pages' `Referrer-Policy:
 *   same-origin` keeps it from being `null`) must be the hub's origin, else `Referer`'s origin when there is no
 *   `Origin`;
 * - a request with neither is refused.
 * The hub's origin is PUBLIC_URL's, or the origin the request was addressed to (scheme + Host, which a browser always
 * sends truthfully): the second keeps a hub reachable under another name (a test on a random port) working.
 */
export interface PostOrigin {
  readonly origin?: string;
  readonly referer?: string;
  readonly secFetchSite?: string;
  /** `http` or `https`, as the server saw the request (behind a trusted proxy: as the proxy says). */
  readonly protocol: string;
  /** The Host the request was addressed to (with its port). */
  readonly host?: string;
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

export function isSameOriginPost(request: PostOrigin, publicUrl: string): boolean {
  if (request.secFetchSite !== undefined && request.secFetchSite !== 'same-origin') return false;
  const claimed = request.origin !== undefined ? (request.origin === 'null' ? null : originOf(request.origin))
    : request.referer !== undefined ? originOf(request.referer) : null;
  if (!claimed) return false;
  const own = [originOf(publicUrl), request.host ? originOf(`${request.protocol}://${request.host}`) : null];
  return own.includes(claimed);
}

/** The headers a Fastify request carries, as `isSameOriginPost` reads them (a repeated header counts as absent). */
export function postOriginOf(request: { headers: Record<string, string | string[] | undefined>; protocol: string; host?: string })
  : PostOrigin {
  const one = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  return { origin: one('origin'), referer: one('referer'), secFetchSite: one('sec-fetch-site'), protocol: request.protocol, host: request.host };
}

/** The French refusal of a request that does not come from the hub's own pages (403). */
export class CrossSiteRequestError extends DomainError {
  constructor() {
    super('CROSS_SITE_REQUEST_REFUSED', "Cette demande ne vient pas de Passerelle : par sécurité, elle n'a pas été prise en compte.");
  }
}

/**
 * A WebSocket upgrade (graphql-ws on /graphql) comes from the hub's own pages: its Origin is the hub's (browsers send
 * it with every upgrade; a cross-site page cannot forge it). The scheme the upgrade was addressed with is not known
 * behind a proxy, so the request's Host counts under http and https alike (PUBLIC_URL's origin always does).
 */
export function isSameOriginUpgrade(headers: Record<string, string | string[] | undefined>, publicUrl: string): boolean {
  const one = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const request = { origin: one('origin'), secFetchSite: one('sec-fetch-site'), host: one('host') };
  if (request.origin === undefined) return false;
  return isSameOriginPost({ ...request, protocol: 'http' }, publicUrl) || isSameOriginPost({ ...request, protocol: 'https' }, publicUrl);
}
