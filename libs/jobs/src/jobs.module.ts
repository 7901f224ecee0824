import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { AppConfig } from '@passerelle/config';
import { QUEUE_NAMES } from './job-catalog.js';
import { JobDispatcher } from './job-dispatcher.js';
import { JobHandlerRegistry } from './job-handler.registry.js';
import { InlineJobDispatcher } from './inline-job.dispatcher.js';
import { BullmqJobDispatcher } from './bullmq-job.dispatcher.js';
import { OutboxRelay } from './outbox-relay.js';
import { UnitOfWork } from './unit-of-work.js';
import { QUEUE_PROCESSORS } from './queue-processors.js';
import { redisOptionsFromUrl } from './redis-options.js';
import { QueueMetrics } from './queue-metrics.js';

export interface JobsModuleOptions {
  /** Run BullMQ consumers in this process (the worker). Ignored in embedded mode, where the relay runs jobs. */
  consume: boolean;
}

/**
 * Jobs: the outbox, its relay and the handler registry. With REDIS_URL, jobs go through BullMQ and the worker
 * process consumes them; without, this process runs them straight from the outbox.
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(config: AppConfig, options: JobsModuleOptions): DynamicModule {
    const common: Provider[] = [JobHandlerRegistry, OutboxRelay, UnitOfWork];
    const exports = [JobHandlerRegistry, OutboxRelay, UnitOfWork];
    if (!config.REDIS_URL) {
      return {
        module: JobsModule, imports: [DiscoveryModule],
        providers: [...common, { provide: JobDispatcher, useClass: InlineJobDispatcher }], exports,
      };
    }
    const connection = redisOptionsFromUrl(config.REDIS_URL);
    return {
      module: JobsModule,
      imports: [
        DiscoveryModule,
        BullModule.forRoot({ connection, prefix: config.REDIS_KEY_PREFIX }),
        // Producers fail fast while Redis is away: the outbox keeps the job and retries.
        ...QUEUE_NAMES.map((name) => BullModule.registerQueue({ name, connection: { ...connection, enableOfflineQueue: false } })),
      ],
      providers: [...common, QueueMetrics, { provide: JobDispatcher, useClass: BullmqJobDispatcher },
        ...(options.consume ? QUEUE_PROCESSORS : [])],
      exports,
    };
  }
}
