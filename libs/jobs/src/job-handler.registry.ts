import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { counter, histogram } from '@passerelle/observability';
import { JobName } from './job-catalog.js';
import { JOB_HANDLER, JobHandler } from './job-handler.js';

const outcomes = counter({ name: 'passerelle_job_outcomes_total', help: 'Jobs handled, by queue job name and outcome',
  labelNames: ['name', 'outcome'] });
const durations = histogram({ name: 'passerelle_job_duration_seconds', help: 'Job handling time', labelNames: ['name'],
  buckets: [0.005, 0.02, 0.1, 0.5, 2, 10, 60] });

/** Finds every @HandlesJob provider and runs the one a job names. Used by BullMQ processors and the embedded relay. */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<string, JobHandler<JobName>>();

  constructor(private readonly discovery: DiscoveryService, private readonly reflector: Reflector) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as JobHandler<JobName> | undefined;
      if (!instance || !wrapper.metatype) continue;
      const name = this.reflector.get<JobName | undefined>(JOB_HANDLER, wrapper.metatype as object as never);
      if (!name) continue;
      if (this.handlers.has(name)) throw new Error(`Two handlers for job ${name}`);
      this.handlers.set(name, instance);
    }
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  async run(name: string, payload: unknown, context: { jobId: string; attempt: number }): Promise<void> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No handler for job ${name}`);
    const stop = durations.startTimer({ name });
    try {
      await handler.handle(payload as never, context);
      outcomes.inc({ name, outcome: 'completed' });
      // One line per job at debug level (with pino's pid): which process ran which job, e.g. across several workers.
      this.logger.debug({ msg: 'job completed', job: name, jobId: context.jobId, attempt: context.attempt });
    } catch (error) {
      outcomes.inc({ name, outcome: 'failed' });
      this.logger.warn({ msg: 'job failed', job: name, jobId: context.jobId, attempt: context.attempt,
        error: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      stop();
    }
  }
}
