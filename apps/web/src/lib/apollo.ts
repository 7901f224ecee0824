import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { Observable } from 'rxjs';
import { connection } from './connection-status';
import { sendToSignIn } from './session-end';

/**
 * The hub's GraphQL API, its only API: queries and mutations over HTTP on /graphql (same origin, the session cookie;
 * Apollo Server's CSRF prevention is met by the JSON content type), subscriptions over graphql-ws on the same path,
 * and automatic persisted queries (the hub has APQ) when the browser can hash (crypto.subtle: HTTPS or localhost).
 */

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The codes of a GraphQL error as the hub sends them (`extensions.code`). */
export function errorCodes(error: unknown): string[] {
  if (!CombinedGraphQLErrors.is(error)) return [];
  return error.errors.map((item) => String(item.extensions?.code ?? ''));
}

/** The French message (and the input field it is about) of a failed mutation, as the hub wrote it. */
export function errorMessage(error: unknown): { message: string; field: string | null } {
  if (CombinedGraphQLErrors.is(error) && error.errors.length > 0) {
    const [first] = error.errors;
    const path = first.extensions?.field;
    const field = Array.isArray(path) ? String(path[path.length - 1]) : null;
    return { message: first.message, field };
  }
  return { message: 'Passerelle ne répond pas pour le moment. Réessayez dans un instant.', field: null };
}

function isNetworkFailure(error: unknown): boolean {
  if (ServerError.is(error)) return error.statusCode >= 500;
  return error instanceof TypeError || (error instanceof Error && error.name === 'TypeError');
}

function webSocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

export function createApolloClient(): ApolloClient {
  const errors = new ErrorLink(({ error }) => {
    if (errorCodes(error).includes('UNAUTHENTICATED') || (ServerError.is(error) && error.statusCode === 401)) {
      sendToSignIn();
      return;
    }
    if (isNetworkFailure(error)) connection.lost();
  });
  // Every answer that arrives means the hub is reachable again.
  const answered = new ApolloLink((operation, forward) => new Observable((observer) => {
    const subscription = forward(operation).subscribe({
      next(result) {
        connection.answered();
        observer.next(result);
      },
      error(error) {
        observer.error(error);
      },
      complete() {
        observer.complete();
      },
    });
    return () => subscription.unsubscribe();
  }));
  const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });
  const httpChain = typeof crypto !== 'undefined' && crypto.subtle
    ? ApolloLink.from([new PersistedQueryLink({ sha256 }), http])
    : http;

  const ws = new GraphQLWsLink(createClient({
    url: webSocketUrl,
    lazy: true,
    retryAttempts: Infinity,
    // The hub closes a socket whose session ended with 4401 (4403: not from the hub's pages): do not retry those.
    shouldRetry: (event) => !(event && typeof event === 'object' && 'code' in event && (event.code === 4401 || event.code === 4403)),
    on: {
      connected: () => connection.answered(),
      closed: (event) => {
        const code = event && typeof event === 'object' && 'code' in event ? Number(event.code) : 0;
        if (code === 4401) sendToSignIn();
        else if (code !== 1000 && !navigator.onLine) connection.lost();
      },
    },
  }));

  const link = ApolloLink.from([
    errors,
    answered,
    ApolloLink.split(({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    }, ws, httpChain),
  ]);

  return new ApolloClient({
    link,
    cache: new InMemoryCache(),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
