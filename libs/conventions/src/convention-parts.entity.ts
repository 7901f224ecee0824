import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { StructureEntity } from '@passerelle/directory';
import { ConventionEntity } from './convention.entity.js';

/* The children of a convention: each table is cascaded from `convention` and holds one aspect of the agreement. */

/** One of our schools hosting the partner's users. Table `convention_hosting_structure`. */
@Entity('convention_hosting_structure')
@Index('convention_hosting_structure_structure_idx', ['structureId'])
export class ConventionHostingStructureEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'convention_hosting_structure_pkey' })
  conventionId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'convention_hosting_structure_pkey' })
  structureId: string;

  @ManyToOne(() => ConventionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'convention_id', foreignKeyConstraintName: 'convention_hosting_structure_convention_id_fkey' })
  convention?: Relation<ConventionEntity>;

  @ManyToOne(() => StructureEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'structure_id', foreignKeyConstraintName: 'convention_hosting_structure_structure_id_fkey' })
  structure?: Relation<StructureEntity>;
}

/** One of the partner's schools, by UAI (not in our directory). Table `convention_partner_structure`. */
@Entity('convention_partner_structure')
@Index('convention_partner_structure_uai_idx', ['uai'])
@Check('convention_partner_structure_uai_format', `uai ~ '^[0-9]{7}[ABCDEFGHJKLMNPRSTUVWXYZ]$'`)
export class ConventionPartnerStructureEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'convention_partner_structure_pkey' })
  conventionId: string;

  @PrimaryColumn({ type: 'varchar', length: 8, primaryKeyConstraintName: 'convention_partner_structure_pkey' })
  uai: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @ManyToOne(() => ConventionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'convention_id', foreignKeyConstraintName: 'convention_partner_structure_convention_id_fkey' })
  convention?: Relation<ConventionEntity>;
}

/** An allowed profile and its guest quota (0: allowed on paper, no guest). Table `convention_profile_quota`. */
@Entity('convention_profile_quota')
@Check('convention_profile_quota_profile_known', `profile IN ('National_ELV', 'National_ENS',
          'National_DIR', 'National_TUT', 'National_EVS', 'National_ETA', 'National_ACA', 'National_DOC', 'National_COL', 'National_PER')`)
@Check('convention_profile_quota_bounds', 'quota BETWEEN 0 AND 100000')
export class ConventionProfileQuotaEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'convention_profile_quota_pkey' })
  conventionId: string;

  /** National code, e.g. National_ELV. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'convention_profile_quota_pkey' })
  profile: string;

  @Column({ type: 'integer' })
  quota: number;

  @ManyToOne(() => ConventionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'convention_id', foreignKeyConstraintName: 'convention_profile_quota_convention_id_fkey' })
  convention?: Relation<ConventionEntity>;
}

export enum SignatorySide {
  HOST = 'HOST',
  PARTNER = 'PARTNER',
}

/** A named signatory (an adult acting for a school or an ENT), with the date they signed. Table `convention_signatory`. */
@Entity('convention_signatory')
@Index('convention_signatory_convention_idx', ['conventionId'])
@Check('convention_signatory_side_known', `side IN ('HOST', 'PARTNER')`)
export class ConventionSignatoryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'convention_signatory_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  conventionId: string;

  @ManyToOne(() => ConventionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'convention_id', foreignKeyConstraintName: 'convention_signatory_convention_id_fkey' })
  convention?: Relation<ConventionEntity>;

  @Column({ type: 'text' })
  side: SignatorySide;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  /** e.g. "Directrice de l'école". */
  @Column({ type: 'varchar', length: 200 })
  capacity: string;

  /** ISO date (YYYY-MM-DD), null until signed. */
  @Column({ type: 'date', nullable: true })
  signedAt: string | null;
}

/** One version of a convention as agreed: a snapshot of it and its children. Table `convention_version`. */
@Entity('convention_version')
export class ConventionVersionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'convention_version_pkey' })
  conventionId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'convention_version_pkey' })
  version: number;

  @ManyToOne(() => ConventionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'convention_id', foreignKeyConstraintName: 'convention_version_convention_id_fkey' })
  convention?: Relation<ConventionEntity>;

  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;

  @Column({ type: 'text', default: '' })
  reason: string;

  @Column({ type: 'text' })
  createdByKind: string;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
