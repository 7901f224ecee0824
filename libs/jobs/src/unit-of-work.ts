import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JobName, JobRequest, QUEUE_OF } from './job-catalog.js';
import { OutboxRelay } from './outbox-relay.js';

/** What a use case gets inside a transaction: the transaction's own manager and the outbox. */
export interface Transaction {
  readonly manager: EntityManager;
  /** Writes a job to the outbox in this transaction; it runs only if the transaction commits. */
  enqueue<N extends JobName>(job: JobRequest<N>): Promise<void>;
}

/** Inserts a job into the outbox; a pending job with the same id absorbs it. */
export async function writeToOutbox(manager: EntityManager, job: JobRequest): Promise<void> {
  await manager.query(
    `INSERT INTO outbox_job (queue, name, job_id, payload, run_at) VALUES ($1, $2, $3, $4, coalesce($5, now()))
     ON CONFLICT (job_id) WHERE dispatched_at IS NULL DO NOTHING`,
    [QUEUE_OF[job.name], job.name, job.jobId, JSON.stringify(job.payload), job.runAt ?? null]);
}

/**
 * Runs a use case in one database transaction. Jobs it enqueues are written to the outbox in that same
 * transaction, and the relay is woken once the transaction has committed.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource, private readonly relay: OutboxRelay) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let enqueued = false;
    const result = await this.dataSource.transaction(async (manager) => work({
      manager,
      async enqueue(job) {
        enqueued = true;
        await writeToOutbox(manager, job);
      },
    }));
    if (enqueued) this.relay.kick();
    return result;
  }
}
