/**
 * Every queue, job name and payload of the hub. The API produces (through the outbox), the worker consumes.
 * Payloads carry ids only: never personal data of pupils.
 */
export const QUEUE_NAMES = ['notifications'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobPayloads {
  /** A structure was added to the directory: tell the hub administrators. */
  'structure-created': { structureId: string };
}
export type JobName = keyof JobPayloads;

export const QUEUE_OF: { readonly [N in JobName]: QueueName } = {
  'structure-created': 'notifications',
};

export interface JobRequest<N extends JobName = JobName> {
  readonly name: N;
  readonly payload: JobPayloads[N];
  /** Derived from the job's subject, so that duplicates collapse (BullMQ forbids ':' in ids: use '.'). */
  readonly jobId: string;
  /** When the job should run; now when absent. */
  readonly runAt?: Date;
}

/** Builds a job request; the job id is `<name>.<subject parts joined by '.'>`. */
export function jobRequest<N extends JobName>(name: N, payload: JobPayloads[N], subject: readonly string[],
  runAt?: Date): JobRequest<N> {
  const jobId = [name, ...subject].join('.');
  if (jobId.includes(':')) throw new Error(`Job id must not contain ':' (${jobId})`);
  return { name, payload, jobId, runAt };
}
