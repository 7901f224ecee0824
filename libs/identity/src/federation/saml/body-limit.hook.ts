import { Readable, Transform } from 'node:stream';
import type { FastifyInstance } from 'fastify';

/**
 * A per-route body cap, applied while the body streams in (before any parser): a route that declares
 * `@RouteConfig({ federationBodyLimit: bytes })` gets at most that many bytes; beyond, the body is cut and the request
 * flagged `federationBodyTooLarge` so that the route answers with its own refusal (the SAML ACS shows the French page
 * with 413 and records the refusal) instead of a bare 413 — whatever the size, over the API's 1 MiB too. A body
 * declared too large (Content-Length) is never read; the answer closes the connection rather than drain it.
 */
export function registerFederationBodyLimit(fastify: FastifyInstance): void {
  // Such a route must not meet Fastify's own body limit first (1 MiB for the API, checked on Content-Length before any
  // hook sees the body, answered with a bare JSON 413): the cap below cuts the body at the route's limit instead, and
  // the route answers. Fastify applies `onRoute` to the routes declared after it: this runs before Nest declares them.
  fastify.addHook('onRoute', (route) => {
    if ((route.config as { federationBodyLimit?: number } | undefined)?.federationBodyLimit) route.bodyLimit = Number.MAX_SAFE_INTEGER;
  });
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    const limit = (request.routeOptions?.config as { federationBodyLimit?: number } | undefined)?.federationBodyLimit;
    if (!limit) return payload;
    const flagged = request as typeof request & { federationBodyTooLarge?: boolean };
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      flagged.federationBodyTooLarge = true;
      // Fastify compares the bytes received with Content-Length: the cut body says it had them all.
      return Object.assign(Readable.from([]), { receivedEncodedLength: declared });
    }
    let seen = 0;
    const capped = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        seen += chunk.length;
        if (seen > limit) {
          flagged.federationBodyTooLarge = true;
          payload.unpipe(capped);
          this.push(null);
          done();
          return;
        }
        done(null, chunk);
      },
    });
    payload.pipe(capped);
    return capped;
  });
}
