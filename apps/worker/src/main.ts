import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { processLogger } from '@passerelle/observability';
import { ConfigError, loadConfig } from '@passerelle/config';
import { migrate, withDataSource } from '../../api/src/database.js';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (!config.DATABASE_URL || !config.REDIS_URL) {
    process.stderr.write(`Invalid configuration: ${!config.DATABASE_URL ? 'DATABASE_URL' : 'REDIS_URL'} must be set for a separate worker `
      + '(without PostgreSQL and Redis servers the API process runs the jobs itself)\n');
    process.exit(2);
  }
  const nestLogger = processLogger(config.LOG_LEVEL);
  Logger.overrideLogger(nestLogger);
  const logger = new Logger('PasserelleWorker');
  const target = { url: config.DATABASE_URL, embedded: false };
  if (config.MIGRATIONS_RUN) await withDataSource(target, (dataSource) => migrate(dataSource, false, logger));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, config.DATABASE_URL), { logger: nestLogger });
  await app.init();
  // SIGTERM / SIGINT: BullMQ workers finish their in-flight jobs (or hand them back), the outbox relay, the PostgreSQL
  // pool and Redis close, then the process exits 0, as the api does (a non-zero code means the shutdown failed).
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      app.close().then(() => process.exit(0), (error: unknown) => {
        process.stderr.write(`Passerelle worker did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      });
    });
  }
  logger.log('Passerelle worker is consuming its queues');
}

main().catch((error: unknown) => {
  process.stderr.write(`Passerelle worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
