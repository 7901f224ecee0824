import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { QUEUE_NAMES } from './job-catalog.js';
import { JobDispatcher, PendingJob } from './job-dispatcher.js';

const ADD_TIMEOUT_MS = 5_000;

/** Hands outbox jobs to BullMQ; the job id makes a second hand-over of the same job a no-op. */
@Injectable()
export class BullmqJobDispatcher extends JobDispatcher {
  readonly acceptsDelayedJobs = true;

  constructor(private readonly moduleRef: ModuleRef) {
    super();
  }

  /** Each queue's Redis connection says `ready` when it is (again) connected: after an outage, the relay resumes then. */
  override onAvailable(listener: () => void): void {
    for (const name of QUEUE_NAMES) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      (queue.backend as unknown as { on(event: 'ready', listener: () => void): void }).on('ready', listener);
    }
  }

  async dispatch(job: PendingJob): Promise<void> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(job.queue), { strict: false });
    const delay = Math.max(0, new Date(job.runAt).getTime() - Date.now());
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        queue.add(job.name, job.payload, {
          jobId: job.jobId,
          delay,
          attempts: 8,
          backoff: { type: 'exponential', delay: 2_000 },
          removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
          removeOnFail: { age: 30 * 24 * 3600 },
        }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('Redis did not accept the job in time')), ADD_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
