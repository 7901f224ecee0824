import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import { ConventionEntity } from '@passerelle/conventions';

/** Where a guest account stands in its lifecycle. The database refuses any other value. */
export enum GuestState {
  /** Pre-provisioned, pseudonymous: no personal data at all. */
  AVAILABLE = 'AVAILABLE',
  /** Claimed by one external identity (partner issuer + stable subject) at its first login. */
  BOUND = 'BOUND',
  /** The convention is suspended or ended: no login, sessions revoked. */
  SUSPENDED = 'SUSPENDED',
  /** Retention is over: personal data erased, contributions handled as the convention says. */
  DEPROVISIONED = 'DEPROVISIONED',
}

/**
 * Why a guest is SUSPENDED. Each cause is lifted by its own event: resuming the convention never brings back a guest
 * an amendment no longer admits, and an amendment never brings back the guests of a suspended convention.
 */
export enum GuestSuspensionReason {
  /** The convention was suspended or ended. */
  CONVENTION = 'CONVENTION',
  /** An amendment dropped the guest's school (UAI) or set its profile's quota to 0. */
  NOT_ADMITTED = 'NOT_ADMITTED',
}

/**
 * A guest account of a convention's pool. Table `guest` (migration ConventionsAndGuests1764500000000), whose
 * constraints refuse a guest bound twice, an identity bound to two guests, and personal data on an AVAILABLE or
 * DEPROVISIONED guest. Never a GraphQL type: guests.mapper.ts lists what leaves the library.
 *
 * Every query on this table names its convention (`convention_id`): the pool is the tenant.
 */
@Entity('guest')
@Unique('guest_login_unique', ['login'])
@Unique('guest_seq_unique', ['conventionId', 'profile', 'seq'])
@Index('guest_pick_idx', ['conventionId', 'profile', 'state', 'seq'])
/** Only AVAILABLE guests: a claim's pick (lowest seq, SKIP LOCKED) reads a few pages, however many are bound. */
@Index('guest_available_pick_idx', ['conventionId', 'profile', 'seq'], { where: `state = 'AVAILABLE'` })
@Index('guest_created_at_idx', ['conventionId', 'createdAt', 'id'])
@Index('guest_identity_unique', ['issuer', 'subject'], { unique: true, where: 'subject IS NOT NULL' })
@Check('guest_seq_positive', 'seq >= 1')
@Check('guest_suspension_reason_known', `suspension_reason IN ('CONVENTION', 'NOT_ADMITTED')`)
@Check('guest_suspended_has_reason', `(state = 'SUSPENDED') = (suspension_reason IS NOT NULL)`)
@Check('guest_state_known', `state IN ('AVAILABLE', 'BOUND', 'SUSPENDED', 'DEPROVISIONED')`)
@Check('guest_available_is_anonymous', `state <> 'AVAILABLE'
  OR (issuer IS NULL AND subject IS NULL AND display_name IS NULL AND uai IS NULL AND class_code IS NULL AND bound_at IS NULL)`)
@Check('guest_bound_has_identity', `state <> 'BOUND' OR (issuer IS NOT NULL AND subject IS NOT NULL AND bound_at IS NOT NULL)`)
@Check('guest_deprovisioned_is_erased', `state <> 'DEPROVISIONED'
  OR (issuer IS NULL AND subject IS NULL AND display_name IS NULL AND uai IS NULL AND class_code IS NULL AND deprovisioned_at IS NOT NULL)`)
export class GuestEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'guest_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  conventionId: string;

  @ManyToOne(() => ConventionEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'convention_id', foreignKeyConstraintName: 'guest_convention_id_fkey' })
  convention?: Relation<ConventionEntity>;

  /** National code (`National_ELV`...). */
  @Column({ type: 'text' })
  profile: string;

  /** Rank in its (convention, profile) pool, from 1. */
  @Column({ type: 'integer' })
  seq: number;

  /** Pseudonymous: `inv-<convention code>-<profile short>-<seq>`. */
  @Column({ type: 'varchar', length: 64 })
  login: string;

  @Column({ type: 'text', default: GuestState.AVAILABLE })
  state: GuestState;

  @Column({ type: 'text', nullable: true })
  issuer: string | null;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  displayName: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  uai: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  classCode: string | null;

  /** The guest refused that their contributions be kept after the convention (ENT arrêté): erased at deprovisioning. */
  @Column({ type: 'timestamptz', nullable: true })
  objectedToRetentionAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  boundAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  suspendedAt: Date | null;

  /** Why a SUSPENDED guest is (and only then): its convention, or its school or profile no longer admitted. */
  @Column({ type: 'text', nullable: true })
  suspensionReason: GuestSuspensionReason | null;

  @Column({ type: 'timestamptz', nullable: true })
  deprovisionedAt: Date | null;
}

/** The guests library's TypeORM entities, for the data source the apps assemble. */
export const GUESTS_ENTITIES = [GuestEntity] as const;
