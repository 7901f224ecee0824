import { DynamicModule, Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, ConfigModule } from '@passerelle/config';
import { dataSourceOptions } from '@passerelle/database';
import { DirectoryModule } from '@passerelle/directory';
import { formatGraphqlError } from '@passerelle/errors';
import { IdentityModule } from '@passerelle/identity';
import { JobsModule } from '@passerelle/jobs';
import { NotificationsModule } from '@passerelle/notifications';
import { graphqlMetricsPlugin, loggingModule, ObservabilityModule } from '@passerelle/observability';
import { ALL_ENTITIES, DatabaseTarget } from './database.js';

const graphqlLogger = new Logger('GraphQL');

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
          includeStacktraceInErrorResponses: false,
          playground: false,
          // The plugin is typed against the ESM build of @apollo/server, Nest against the CommonJS one: same object.
          plugins: [graphqlMetricsPlugin() as never],
          context: (request: unknown, reply: unknown) => ({ req: request, reply }),
          formatError: (formatted, error) => formatGraphqlError(formatted, error,
            (cause) => graphqlLogger.error({ msg: 'unexpected GraphQL error', error: cause instanceof Error ? cause.stack : String(cause) })),
        }),
        JobsModule.forRoot(config, { consume: false }),
        IdentityModule.forRoot(config, { http: true }),
        ObservabilityModule,
        DirectoryModule,
        NotificationsModule,
      ],
    };
  }
}
