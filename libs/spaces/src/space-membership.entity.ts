import {
  Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Relation,
} from 'typeorm';
import { PersonEntity, SchoolClassEntity } from '@passerelle/directory';
import { SpaceRole } from './space-permissions.js';
import { SpaceEntity } from './space.entity.js';

/*
 * Who belongs to a space: conventions that cover it, whole classes, people with a role, guest cohorts.
 * (The foreign keys to `convention` exist in the database; the conventions library owns that entity.)
 */

/** A convention that covers the space: only its guests may reach it, while it is ACTIVE and in date. */
@Entity('space_convention')
@Index('space_convention_convention_idx', ['conventionId'])
export class SpaceConventionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'space_convention_pkey' })
  spaceId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'space_convention_pkey' })
  conventionId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'space_convention_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A whole class: its members (class_membership) are members of the space. */
@Entity('space_class')
@Index('space_class_school_class_idx', ['schoolClassId'])
export class SpaceClassEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'space_class_pkey' })
  spaceId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'space_class_pkey' })
  schoolClassId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'space_class_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @ManyToOne(() => SchoolClassEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'school_class_id', foreignKeyConstraintName: 'space_class_school_class_id_fkey' })
  schoolClass?: Relation<SchoolClassEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One person with a role (capped by what their profiles allow: see space-access.ts). */
@Entity('space_person')
@Index('space_person_person_idx', ['personId'])
@Check('space_person_role_known', `role IN ('OWNER', 'MODERATOR', 'CONTRIBUTOR', 'READER')`)
export class SpacePersonEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'space_person_pkey' })
  spaceId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'space_person_pkey' })
  personId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'space_person_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'space_person_person_id_fkey' })
  person?: Relation<PersonEntity>;

  @Column({ type: 'text' })
  role: SpaceRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The BOUND guests of a convention, or of one partner class of it when `classCode` is set. */
@Entity('space_guest_cohort')
@Index('space_guest_cohort_whole_unique', ['spaceId', 'conventionId'], { unique: true, where: 'class_code IS NULL' })
@Index('space_guest_cohort_class_unique', ['spaceId', 'conventionId', 'classCode'], { unique: true, where: 'class_code IS NOT NULL' })
@Index('space_guest_cohort_convention_idx', ['conventionId'])
@Check('space_guest_cohort_class_code_not_blank', 'length(btrim(class_code)) > 0')
export class SpaceGuestCohortEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'space_guest_cohort_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'space_guest_cohort_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @Column({ type: 'uuid' })
  conventionId: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  classCode: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
