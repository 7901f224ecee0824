import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';

/**
 * Every GraphQL answer is private to its caller (children's content, read under their own session): no cache may
 * keep it. Replaces Apollo's cache-control plugin, which computed a cache policy field by field (a per-field hook on
 * every resolver, ~3 % of the samples in a CPU profile of the wall read) only to answer `no-store`, since nothing
 * here is cacheable.
 */
export function privateResponsesPlugins(): ApolloServerPlugin[] {
  return [
    ApolloServerPluginCacheControlDisabled(),
    {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            response.http.headers.set('cache-control', 'no-store');
          },
        };
      },
    },
  ];
}
