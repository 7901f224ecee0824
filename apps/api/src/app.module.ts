import { DynamicModule, Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLFormattedError } from 'graphql';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@passerelle/audit';
import { ChatModule, SpacesAndChatGuestContributions } from '@passerelle/chat';
import { AppConfig, ConfigModule } from '@passerelle/config';
import { ConventionsModule } from '@passerelle/conventions';
import { dataSourceOptions } from '@passerelle/database';
import { DirectoryModule } from '@passerelle/directory';
import { formatGraphqlError } from '@passerelle/errors';
import { graphqlLimitRules, privateResponsesPlugins, rateLimitedResponsesPlugin } from '@passerelle/graphql-kit';
import { GuestsModule } from '@passerelle/guests';
import { IdentityModule, OidcModule, SessionService } from '@passerelle/identity';
import { JobsModule } from '@passerelle/jobs';
import { isWebSocketContext, NotificationsModule, websocketRequest } from '@passerelle/notifications';
import { graphqlMetricsPlugin, loggingModule, ObservabilityModule } from '@passerelle/observability';
import { PortalModule } from '@passerelle/portal';
import { SearchModule } from '@passerelle/search';
import { SpacesGuestSupervision, SpacesModule } from '@passerelle/spaces';
import { ALL_ENTITIES, DatabaseTarget } from './database.js';

const graphqlLogger = new Logger('GraphQL');
const formatError = (formatted: GraphQLFormattedError, error: unknown) => formatGraphqlError(formatted, error,
  (cause) => graphqlLogger.error({ msg: 'unexpected GraphQL error', error: cause instanceof Error ? cause.stack : String(cause) }));

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
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          introspection: config.introspection,
          hideSchemaDetailsFromClientErrors: !config.introspection,
          csrfPrevention: true,
          // Depth, alias and cost limits; automatic persisted queries stay on (Apollo's default in-memory cache).
          validationRules: graphqlLimitRules(),
          includeStacktraceInErrorResponses: false,
          playground: false,
          // The plugin is typed against the ESM build of @apollo/server, Nest against the CommonJS one: same object.
          // Every answer is `Cache-Control: no-store`, without Apollo's per-field cache-control hook (graphql-kit).
          // A RATE_LIMITED error answers 429 with Retry-After (graphql-kit).
          plugins: [graphqlMetricsPlugin() as never, ...privateResponsesPlugins() as never[], rateLimitedResponsesPlugin() as never],
          // Over HTTP, Fastify's request; over a WebSocket (graphql-ws subscriptions), the upgrade request's headers and cookies.
          context: (request: unknown, reply: unknown) => (isWebSocketContext(request) ? { req: websocketRequest(request) } : { req: request, reply }),
          // Errors over the WebSocket get the same codes and French messages as over HTTP (graphql-ws skips formatError).
          subscriptions: { 'graphql-ws': {
            onNext: (_context, _id, _payload, _args, result) =>
              (result.errors ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) } : undefined),
          } },
          formatError,
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
