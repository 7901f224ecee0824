/**
 * Every queue, job name and payload of the hub. The API produces (through the outbox), the worker consumes.
 * Payloads carry ids only: never personal data of pupils.
 */
export const QUEUE_NAMES = ['notifications', 'conventions', 'guests', 'documents'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** What a 'space-activity' job tells the members of a space. */
export type SpaceActivityKind = 'POST_PUBLISHED' | 'POST_PENDING' | 'MODERATION_PENDING' | 'COMMENT_ADDED' | 'MENTION' | 'MODERATION_DECISION'
  | 'HOMEWORK_CREATED' | 'EVENT_CREATED' | 'DOCUMENT_ADDED'
  /** A moderator hid (subject: the post_moderation row), showed again (idem) or rewrote (subject: the post_revision row) a member's post. */
  | 'POST_HIDDEN' | 'POST_UNHIDDEN' | 'POST_EDITED_BY_MODERATOR';

export interface JobPayloads {
  /** A structure was added to the directory: tell the hub administrators. */
  'structure-created': { structureId: string };
  /**
   * Brings one profile's guest pool of a convention to its quota (grows in batches, shrinks only AVAILABLE guests).
   * `revision` is the convention's pool_revision when the job was written: a new quota gives a new job id.
   */
  'guest-pool-provision': { conventionId: string; profile: string; revision: number };
  /** The convention was suspended or ended: every guest SUSPENDED, their sessions revoked. */
  'convention-guests-suspend': { conventionId: string; revision: number };
  /** The convention was resumed: suspended guests back to BOUND (or AVAILABLE when never bound). */
  'convention-guests-resume': { conventionId: string; revision: number };
  /**
   * An amendment changed the schools (UAIs) or profiles a convention admits: guests no longer admitted are SUSPENDED
   * (their sessions revoked, one audit event each), guests admitted again are resumed. `version` is the convention's
   * version the amendment wrote.
   */
  'convention-guests-admission': { conventionId: string; version: number };
  /** Runs at the end of the validity window: ends the convention if it is still ACTIVE or SUSPENDED. */
  'convention-window-end': { conventionId: string; validUntil: string };
  /** Runs when retention has passed after the end: guests DEPROVISIONED, personal data erased. */
  'convention-deprovision': { conventionId: string };
  /** Tells a convention's administrators something they must act on (pool running low, claim refused). */
  'convention-alert': { conventionId: string; alert: 'GUEST_POOL_LOW' | 'GUEST_POOL_EXHAUSTED'; profile: string; day: string };
  /**
   * Something happened in a space (a post published or waiting for moderation, a comment, a mention, a moderation
   * decision): one notification per member concerned, except the author. The subject is the post, comment or decision.
   */
  'space-activity': { spaceId: string; kind: SpaceActivityKind; subjectId: string };
  /**
   * Runs some time before an event starts (runAt): tells the members of its space. `startsAt` (ISO) is the start the
   * job was planned for: a moved event gets a new job, and the handler skips when the event moved, went or started.
   */
  'event-reminder': { spaceId: string; eventId: string; startsAt: string };
  /**
   * Daily (each run writes the next day's): finds the home-ENT people not seen for HOME_PEOPLE_RETENTION_DAYS after the
   * end of their last school year and writes one 'home-person-erase' job each.
   */
  'home-people-erasure-sweep': { day: string };
  /** Erases one home-ENT person not seen for long (re-checks that they were not seen since), with the guests' rules. */
  'home-person-erase': { personId: string };
  /**
   * A home ENT (trust HOME) no longer serves these schools: the open sessions of its people of those schools end
   * (the handler re-reads the partner: a school served again in the meantime is left alone).
   */
  'home-schools-dropped': { partnerId: string; uais: string[] };
  /** A document was deleted: removes the stored files of its versions (random storage keys, no names). */
  'document-files-delete': { spaceId: string; storageKeys: string[] };
}
export type JobName = keyof JobPayloads;

export const QUEUE_OF: { readonly [N in JobName]: QueueName } = {
  'structure-created': 'notifications',
  'guest-pool-provision': 'guests',
  'convention-guests-suspend': 'guests',
  'convention-guests-resume': 'guests',
  'convention-guests-admission': 'guests',
  'convention-window-end': 'conventions',
  'convention-deprovision': 'guests',
  'convention-alert': 'notifications',
  'space-activity': 'notifications',
  'event-reminder': 'notifications',
  'document-files-delete': 'documents',
  'home-people-erasure-sweep': 'guests',
  'home-person-erase': 'guests',
  'home-schools-dropped': 'guests',
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
