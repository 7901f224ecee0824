import { DynamicModule, Logger, Module } from '@nestjs/common';
import { GraphQLModule, GraphQLSchemaHost, GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@passerelle/audit';
import { ChatModule, SpacesAndChatGuestContributions } from '@passerelle/chat';
import { AppConfig, ConfigModule } from '@passerelle/config';
import { ConventionsModule } from '@passerelle/conventions';
import { dataSourceOptions } from '@passerelle/database';
import { DirectoryModule } from '@passerelle/directory';
import { formatGraphqlError } from '@passerelle/errors';
import {
  checkGraphqlHttpRequest, checkWebSocketOperation, GRAPHQL_PARSE_OPTIONS, graphqlLimitRules, graphqlLimitsPlugin, inputTextPlugin,
  privateResponsesPlugins, rateLimitedResponsesPlugin,
} from '@passerelle/graphql-kit';
import { GuestsModule } from '@passerelle/guests';
import { ClosableSocket, IdentityModule, OidcModule, SESSION_COOKIE, SessionService, SessionSockets } from '@passerelle/identity';
import { JobsModule } from '@passerelle/jobs';
import { isWebSocketContext, NotificationsModule, WebSocketContext, websocketRequest } from '@passerelle/notifications';
import { graphqlMetricsPlugin, loggingModule, ObservabilityModule } from '@passerelle/observability';
import { PortalModule } from '@passerelle/portal';
import { SearchModule } from '@passerelle/search';
import { SpacesGuestSupervision, SpacesModule } from '@passerelle/spaces';
import { ALL_ENTITIES, DatabaseTarget } from './database.js';

const graphqlLogger = new Logger('GraphQL');
const formatError = (formatted: GraphQLFormattedError, error: unknown) => formatGraphqlError(formatted, error,
  (cause) => graphqlLogger.error({ msg: 'unexpected GraphQL error', error: cause instanceof Error ? cause.stack : String(cause) }));

/** The `ws` socket of a graphql-ws connection (its `extra`, as graphql-ws's `ws` adapter builds it). */
const socketOf = (context: { extra: unknown }) => (context.extra as { socket: ClosableSocket }).socket;

/** Errors over the WebSocket get the same codes and French messages as over HTTP (graphql-ws skips formatError). */
const formatErrors = (errors: readonly GraphQLError[]) => errors.map((error) => formatError(error.toJSON(), error));

/**
 * graphql-ws over /graphql. A socket opens from the hub's own pages (Origin, else 4403) with a live session (else 4401),
 * and closes (4401) when that session ends: logout, revocation, expiry (libs/identity session-sockets.ts). Each operation
 * it carries is checked as an HTTP request is (length, tokens, nesting, depth, aliases, cost with its variables,
 * forbidden characters: graphql-kit checkWebSocketOperation) before it runs, with the same context as ever.
 */
function graphqlWsOptions(sockets: SessionSockets, schemaHost: GraphQLSchemaHost, introspection: boolean): GraphQLWsSubscriptionsConfig {
  // onError is a graphql-ws option that @nestjs/graphql passes on but leaves out of its type.
  const options: GraphQLWsSubscriptionsConfig & Pick<ServerOptions, 'onError'> = {
    onConnect: (context) => sockets.open(socketOf(context), (context as WebSocketContext).extra.request,
      websocketRequest(context as WebSocketContext).cookies[SESSION_COOKIE]),
    onClose: (context) => { sockets.closed(socketOf(context)); },
    onSubscribe: (_context, _id, payload) => checkWebSocketOperation(schemaHost.schema, payload, { introspection }),
    onNext: async (context, _id, _payload, _args, result) => {
      // Nothing goes out once the session is gone, even before the news of its end arrives (the socket closes).
      if (!await sockets.stillLive(socketOf(context))) return { data: null };
      return result.errors ? { ...result, errors: formatErrors(result.errors) } : undefined;
    },
    // A refused operation (onSubscribe above), and an error that ends a subscription.
    onError: (_context, _id, _payload, errors) => formatErrors(errors),
  };
  return options;
}

/** The HTTP process: GraphQL, the /auth routes, health and metrics. Only assembles libraries. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        loggingModule(config.LOG_LEVEL),
        TypeOrmModule.forRoot(dataSourceOptions({ url: database.url, entities: ALL_ENTITIES, embedded: database.embedded,
          applicationName: 'passerelle-api' })),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [SessionSockets, GraphQLSchemaHost],
          useFactory: (sockets: SessionSockets, schemaHost: GraphQLSchemaHost): ApolloDriverConfig => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            introspection: config.introspection,
            hideSchemaDetailsFromClientErrors: !config.introspection,
            csrfPrevention: true,
            // Depth and alias limits as validation rules; the cost with the request's variables in graphqlLimitsPlugin;
            // the document's length, tokens and nesting before parsing (in the context function below, and maxTokens for
            // graphql-js). Automatic persisted queries stay on (Apollo's default in-memory cache).
            validationRules: graphqlLimitRules(),
            parseOptions: GRAPHQL_PARSE_OPTIONS,
            includeStacktraceInErrorResponses: false,
            playground: false,
            // The plugin is typed against the ESM build of @apollo/server, Nest against the CommonJS one: same object.
            // Every answer is `Cache-Control: no-store`, without Apollo's per-field cache-control hook (graphql-kit).
            // Limits and forbidden characters are checked once the operation is known, before any resolver runs.
            // A RATE_LIMITED error answers 429 with Retry-After (graphql-kit).
            plugins: [graphqlMetricsPlugin() as never, graphqlLimitsPlugin() as never, inputTextPlugin() as never,
              ...privateResponsesPlugins() as never[], rateLimitedResponsesPlugin() as never],
            // Over HTTP, Fastify's request; over a WebSocket (graphql-ws subscriptions), the upgrade request's headers and cookies.
            // A hostile HTTP body (too long, too many tokens, nested too deep, a malformed persisted query) is refused here,
            // before Apollo parses it: what the context function throws is answered 400 and not logged.
            context: (request: unknown, reply: unknown) => {
              if (isWebSocketContext(request)) return { req: websocketRequest(request) };
              checkGraphqlHttpRequest(request as { body?: unknown; query?: unknown });
              return { req: request, reply };
            },
            subscriptions: { 'graphql-ws': graphqlWsOptions(sockets, schemaHost, config.introspection) },
            formatError,
          }),
        }),
        JobsModule.forRoot(config, { consume: false }),
        IdentityModule.forRoot(config, { http: true }),
        config.DEMO ? OidcModule.forDemo() : OidcModule,
        ObservabilityModule,
        DirectoryModule,
        NotificationsModule,
        SpacesModule,
        PortalModule,
        ChatModule,
        SearchModule,
        AuditModule,
        ConventionsModule,
        GuestsModule.forRoot({ sessions: SessionService, contributions: SpacesAndChatGuestContributions, supervision: SpacesGuestSupervision }),
      ],
    };
  }
}
