import { OutboxJobEntity } from './outbox-job.entity.js';

export type PendingJob = Pick<OutboxJobEntity, 'id' | 'queue' | 'name' | 'jobId' | 'payload' | 'runAt' | 'attempts'>;

/**
 * Where the outbox relay hands a job: BullMQ when Redis is configured, the handler itself in embedded mode
 * (twenty's message-queue drivers are the model).
 */
export abstract class JobDispatcher {
  /** True when jobs may be handed over before they are due (the queue delays them itself). */
  abstract readonly acceptsDelayedJobs: boolean;
  abstract dispatch(job: PendingJob): Promise<void>;

  /** Calls `listener` whenever the dispatcher can take jobs again after an outage (Redis back); none by default. */
  onAvailable(_listener: () => void): void {}
}
