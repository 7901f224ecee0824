import { SetMetadata } from '@nestjs/common';
import { JobName, JobPayloads } from './job-catalog.js';

export const JOB_HANDLER = 'passerelle:job-handler';

/** Marks a provider as the handler of one job. It must be idempotent: it may run more than once. */
export const HandlesJob = (name: JobName) => SetMetadata(JOB_HANDLER, name);

export interface JobHandler<N extends JobName> {
  handle(payload: JobPayloads[N], context: { jobId: string; attempt: number }): Promise<void>;
}
