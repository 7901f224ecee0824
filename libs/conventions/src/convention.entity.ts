import {
  Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique, UpdateDateColumn,
} from 'typeorm';
import { ConventionStatus } from './convention-status.js';
import { PartnerEntEntity } from './partner-ent.entity.js';

/** What happens to guests' contributions after the end (always erased for a guest who objected). */
export enum ContributionFate {
  KEEP_PSEUDONYMIZED = 'KEEP_PSEUDONYMIZED',
  ERASE = 'ERASE',
}

/**
 * An inter-ENT convention: the agreement that lets a partner's users in. Table `convention`. Its children
 * (hosting and partner structures, quotas, signatories) are separate tables; every agreed version is kept in
 * `convention_version`.
 */
@Entity('convention')
@Unique('convention_code_unique', ['code'])
@Index('convention_partner_status_idx', ['partnerId', 'status'])
@Index('convention_created_at_idx', ['createdAt', 'id'])
@Check('convention_code_format', `code ~ '^[a-z0-9]{3,20}$'`)
@Check('convention_title_not_blank', 'length(btrim(title)) > 0')
@Check('convention_status_known', `status IN ('DRAFT', 'ACTIVE', 'SUSPENDED', 'ENDED')`)
@Check('convention_version_positive', 'version >= 1')
@Check('convention_school_year_format', `school_year ~ '^[0-9]{4}-[0-9]{4}$'`)
@Check('convention_retention_bounds', 'retention_days BETWEEN 0 AND 92')
@Check('convention_contribution_fate_known', `contribution_fate IN ('KEEP_PSEUDONYMIZED', 'ERASE')`)
@Check('convention_window_ordered', 'valid_until > valid_from')
@Check('convention_ended_has_date', `(status = 'ENDED') = (ended_at IS NOT NULL)`)
export class ConventionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'convention_pkey' })
  id: string;

  /** Short lower-case code, e.g. `jaures2026`: guest logins are `inv-<code>-<n>`. */
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  purpose: string;

  @Column({ type: 'uuid' })
  partnerId: string;

  @ManyToOne(() => PartnerEntEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'partner_id', foreignKeyConstraintName: 'convention_partner_id_fkey' })
  partner?: Relation<PartnerEntEntity>;

  @Column({ type: 'text', default: ConventionStatus.DRAFT })
  status: ConventionStatus;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'varchar', length: 9 })
  schoolYear: string;

  @Column({ type: 'timestamptz' })
  validFrom: Date;

  @Column({ type: 'timestamptz' })
  validUntil: Date;

  @Column({ type: 'integer' })
  retentionDays: number;

  @Column({ type: 'text' })
  contributionFate: ContributionFate;

  /** Bumped whenever guest pools must follow a change (quota, suspension, end): provisioning job ids carry it. */
  @Column({ type: 'integer', default: 0 })
  poolRevision: number;

  @Column({ type: 'text' })
  createdByKind: string;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  suspendedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deprovisionedAt: Date | null;
}
