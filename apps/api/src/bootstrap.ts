import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { DataSource } from 'typeorm';
import { AppConfig, trustProxyOption } from '@passerelle/config';
import { RunningDemo, startDemoMode } from '@passerelle/demo';
import { createValidationPipe, HttpErrorFilter, refuseForbiddenCharacters } from '@passerelle/errors';
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
    const fastify = new FastifyAdapter({ bodyLimit: 1024 * 1024, trustProxy: trustProxyOption(config.TRUST_PROXY) });
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
