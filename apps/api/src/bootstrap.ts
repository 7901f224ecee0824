import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { DataSource } from 'typeorm';
import type { WebSocketServer } from 'ws';
import { AppConfig } from '@passerelle/config';
import { RunningDemo, startDemoMode } from '@passerelle/demo';
import { createValidationPipe, HttpErrorFilter, refuseForbiddenCharacters } from '@passerelle/errors';
import { GRAPHQL_WS_MAX_PAYLOAD } from '@passerelle/graphql-kit';
import { HubAdminsService } from '@passerelle/identity';
import { processLogger, registerHttpMetrics } from '@passerelle/observability';
import { ApiModule } from './app.module.js';
import { DatabaseTarget, migrate, resolveDatabase } from './database.js';

export interface RunningApi {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly database: DatabaseTarget;
  /** Demo mode (DEMO): the local identity providers and what to print once ready. */
  readonly demo?: RunningDemo;
  close(): Promise<void>;
}

/** Builds and starts the API process: database (embedded if needed), migrations, first admin, HTTP. */
export async function startApi(config: AppConfig, options: { host?: string } = {}): Promise<RunningApi> {
  const nestLogger = processLogger(config.LOG_LEVEL);
  Logger.overrideLogger(nestLogger);
  const logger = new Logger('Passerelle');
  const database = await resolveDatabase(config, logger);
  try {
    if (config.embeddedJobs) logger.log('No REDIS_URL: jobs run inside this process from the outbox; sessions and counters live in the database');
    const fastify = new FastifyAdapter({ bodyLimit: 1024 * 1024, trustProxy: config.TRUST_PROXY });
    const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, database), fastify,
      { logger: nestLogger, abortOnError: false });
    // Migrate through the application's own connection (the embedded PostgreSQL serves one session).
    if (config.MIGRATIONS_RUN) await migrate(app.get(DataSource), database.embedded, logger);
    await app.register(fastifyCookie);
    // Document uploads: one file per request, streamed; the parser stops one byte past the cap (DOCUMENT_TOO_LARGE).
    await app.register(fastifyMultipart, { limits: { files: 1, fields: 0, parts: 1, fileSize: config.MAX_UPLOAD_BYTES + 1, headerPairs: 50 } });
    registerHttpMetrics(app.getHttpAdapter().getInstance());
    // Control characters in a body or query string outside GraphQL (which checks its arguments itself): 400.
    refuseForbiddenCharacters(app.getHttpAdapter().getInstance(), ['/graphql']);
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new HttpErrorFilter());
    if (config.ADMIN_LOGIN && config.ADMIN_PASSWORD) {
      const created = await app.get(HubAdminsService).create({ login: config.ADMIN_LOGIN, password: config.ADMIN_PASSWORD },
        { ifNoneExists: true });
      if (created) logger.log(`First hub administrator created: ${created.login}`);
    }
    // Demo mode: local identity providers, and the demo world on an empty database (through the domain services).
    const demo = config.DEMO ? await startDemoMode(app, config, logger) : undefined;
    try {
      await app.init();
      limitWebSocketMessages(app, GRAPHQL_WS_MAX_PAYLOAD);
      await app.listen(config.PORT, options.host ?? config.HOST);
    } catch (error) {
      await demo?.stop();
      throw error;
    }
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = `http://127.0.0.1:${port}`;
    return {
      app, url, database, demo,
      async close() {
        await app.close();
        await demo?.stop();
        await database.embeddedServer?.stop();
      },
    };
  } catch (error) {
    await database.embeddedServer?.stop();
    throw error;
  }
}

/**
 * Caps the size of one message on the graphql-ws socket (`ws` accepts 100 MiB by default): a larger one closes the
 * socket with 1009. @nestjs/graphql builds its `ws` server with nothing but its path and offers no option for this
 * (GqlSubscriptionService); `ws` reads `maxPayload` from the server's options at each upgrade, so it is set there once
 * the GraphQL module has started. Stops the process if that server is not where it was (a new @nestjs/graphql).
 * Listens after graphql-ws (which registered when the server was built), so that its error listener can be replaced.
 */
function limitWebSocketMessages(app: NestFastifyApplication, maxPayload: number): void {
  // Its own copy of `ws` (node_modules/@nestjs/graphql/node_modules/ws): recognised by shape, not by class.
  const driver = app.get(GraphQLModule).graphQlAdapter as unknown as { _subscriptionService?: { wss?: Partial<WebSocketServer> } };
  const server = driver._subscriptionService?.wss;
  if (typeof server?.handleUpgrade !== 'function' || typeof server.options?.maxPayload !== 'number') {
    throw new Error('The graphql-ws server of @nestjs/graphql was not found: its messages cannot be limited (see limitWebSocketMessages)');
  }
  server.options.maxPayload = maxPayload;
  // A message over the limit, or another breach of the WebSocket protocol: `ws` closes the socket itself (1009, 1002…)
  // and emits the error, which graphql-ws would print with its stack as an internal error. A client's doing: one line.
  const logger = new Logger('GraphQL');
  server.on!('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (error: Error & { code?: string }) => {
      logger.warn({ msg: 'WebSocket closed: the client broke the protocol', reason: error.message, code: error.code });
    });
  });
}
