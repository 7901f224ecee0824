import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphqlWsOptions {
  /** The Origin the upgrade says it comes from: the hub's own by default (as from its pages); null: none. */
  readonly origin?: string | null;
}

/**
 * A graphql-ws client of the hub at `httpUrl` (http://host:port), signed in by its session cookie (none: anonymous),
 * as a browser's WebSocket would be: the cookie and the page's Origin travel with the upgrade request. Lazy, no
 * retries; dispose it. `client.on('closed', (event) => event.code)` tells how the server closed it.
 */
export function graphqlWsClient(httpUrl: string, cookie?: string, options: GraphqlWsOptions = {}): Client {
  const origin = options.origin === undefined ? new URL(httpUrl).origin : options.origin;
  class BrowserLikeSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) } });
    }
  }
  return createClient({ url: `${httpUrl.replace('http', 'ws')}/graphql`, webSocketImpl: BrowserLikeSocket, retryAttempts: 0, lazy: true });
}
