import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A graphql-ws client of the hub at `httpUrl` (http://host:port), signed in by its session cookie (none: anonymous),
 * as a browser's WebSocket would be: the cookie travels with the upgrade request. Lazy, no retries; dispose it.
 */
export function graphqlWsClient(httpUrl: string, cookie?: string): Client {
  class CookieSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: cookie ? { cookie } : {} });
    }
  }
  return createClient({ url: `${httpUrl.replace('http', 'ws')}/graphql`, webSocketImpl: CookieSocket, retryAttempts: 0, lazy: true });
}
