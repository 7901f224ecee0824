import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who acted: a signed-in principal, the hub itself (jobs, the end of a window), or nobody signed in. */
export type AuditActorKind = 'HUB_ADMIN' | 'PERSON' | 'GUEST' | 'SYSTEM' | 'ANONYMOUS';

/**
 * One line of the append-only audit trail. Table `audit_event` (migration ConventionsAndGuests1764500000000):
 * a database trigger refuses UPDATE, DELETE and TRUNCATE. Payloads carry ids, never pupils' personal data.
 */
@Entity('audit_event')
@Index('audit_event_occurred_idx', ['occurredAt', 'id'])
@Index('audit_event_convention_idx', ['conventionId', 'occurredAt'])
@Index('audit_event_partner_idx', ['partnerId', 'occurredAt'])
@Check('audit_event_actor_kind_known', `actor_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST', 'SYSTEM', 'ANONYMOUS')`)
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'audit_event_pkey' })
  id: string;

  /** clock_timestamp(): two events of one transaction keep their order. */
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt: Date;

  @Column({ type: 'text' })
  actorKind: AuditActorKind;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** `<subject>.<verb>`, e.g. `convention.activated`, `partner.created`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  subjectType: string;

  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  @Column({ type: 'uuid', nullable: true })
  conventionId: string | null;

  @Column({ type: 'uuid', nullable: true })
  partnerId: string | null;

  @Column({ type: 'uuid', nullable: true })
  guestId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;
}

/** Alias kept for callers that name it after the library. */
export { AuditEventEntity as AuditEntity };

/** The audit library's TypeORM entities, for the data source the apps assemble. */
export const AUDIT_ENTITIES = [AuditEventEntity] as const;
