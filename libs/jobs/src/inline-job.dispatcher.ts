import { Injectable } from '@nestjs/common';
import { JobDispatcher, PendingJob } from './job-dispatcher.js';
import { JobHandlerRegistry } from './job-handler.registry.js';

/** Embedded mode (no Redis): the relay runs each due job's handler in this process. */
@Injectable()
export class InlineJobDispatcher extends JobDispatcher {
  readonly acceptsDelayedJobs = false;

  constructor(private readonly registry: JobHandlerRegistry) {
    super();
  }

  async dispatch(job: PendingJob): Promise<void> {
    await this.registry.run(job.name, job.payload, { jobId: job.jobId, attempt: job.attempts });
  }
}
