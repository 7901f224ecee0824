import type { ApolloServerPlugin } from '@apollo/server';

/**
 * A GraphQL answer that carries a RATE_LIMITED error (per-person limits of a space) is an HTTP 429 with a Retry-After
 * header, as the upload route answers: clients and proxies that know HTTP back off without reading the body.
 */
export function rateLimitedResponsesPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const waits = (response.body.singleResult.errors ?? [])
            .filter((error) => error.extensions?.code === 'RATE_LIMITED')
            .map((error) => Number(error.extensions?.retryAfter ?? 1));
          if (waits.length === 0) return;
          response.http.headers.set('retry-after', String(Math.max(...waits)));
          // @nestjs/apollo's own plugin (added after ours, run in the same Promise.all) puts every answer with `data`
          // back to 200 (nestjs/graphql#2940); let it run first, then answer 429. It is kept for every other error.
          await Promise.resolve();
          response.http.status = 429;
        },
      };
    },
  };
}
