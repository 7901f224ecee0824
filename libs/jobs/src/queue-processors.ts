import { Injectable } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobHandlerRegistry } from './job-handler.registry.js';
import { QueueName } from './job-catalog.js';

/** A BullMQ consumer that hands each job to its @HandlesJob provider. (@Injectable: emits the constructor's metadata.) */
@Injectable()
abstract class DispatchingProcessor extends WorkerHost {
  constructor(private readonly registry: JobHandlerRegistry) {
    super();
  }

  async process(job: Job): Promise<void> {
    await this.registry.run(job.name, job.data, { jobId: String(job.id), attempt: job.attemptsMade + 1 });
  }
}

@Processor('notifications' satisfies QueueName, { concurrency: 8 })
export class NotificationsQueueProcessor extends DispatchingProcessor {}

@Processor('conventions' satisfies QueueName, { concurrency: 4 })
export class ConventionsQueueProcessor extends DispatchingProcessor {}

/** Provisioning writes thousands of rows per job: few at a time. */
@Processor('guests' satisfies QueueName, { concurrency: 2 })
export class GuestsQueueProcessor extends DispatchingProcessor {}

/** Removal of stored document bytes (the worker must see the same document storage as the api, e.g. DATA_DIR). */
@Processor('documents' satisfies QueueName, { concurrency: 2 })
export class DocumentsQueueProcessor extends DispatchingProcessor {}

/** One processor per queue of the catalog. */
export const QUEUE_PROCESSORS = [NotificationsQueueProcessor, ConventionsQueueProcessor, GuestsQueueProcessor, DocumentsQueueProcessor];
