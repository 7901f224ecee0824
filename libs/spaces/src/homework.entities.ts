import { SchoolClassEntity } from '@passerelle/directory';
import {
  Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Relation, UpdateDateColumn,
} from 'typeorm';
import { ActorKind, SpaceEntity } from './space.entity.js';

/** Homework or a planned activity of the cahier de textes: due on a date, for the whole space or one of its classes. */
@Entity('homework')
@Index('homework_space_created_at_idx', ['spaceId', 'createdAt', 'id'])
@Index('homework_space_due_on_idx', ['spaceId', 'dueOn'])
@Check('homework_author_kind_known', `author_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST')`)
@Check('homework_title_not_blank', 'length(btrim(title)) > 0')
@Check('homework_details_html_length', 'length(details_html) <= 20000')
export class HomeworkEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'homework_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'homework_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  /** Null: for every member of the space. */
  @Column({ type: 'uuid', nullable: true })
  schoolClassId: string | null;

  @ManyToOne(() => SchoolClassEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'school_class_id', foreignKeyConstraintName: 'homework_school_class_id_fkey' })
  schoolClass?: Relation<SchoolClassEntity>;

  @Column({ type: 'text' })
  authorKind: ActorKind;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  detailsHtml: string;

  @Column({ type: 'text' })
  detailsText: string;

  /** A calendar day (YYYY-MM-DD), as the cahier de textes says it. */
  @Column({ type: 'date' })
  dueOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One pupil (home person or guest) marked one homework done. */
@Entity('homework_completion')
@Check('homework_completion_pupil_kind_known', `pupil_kind IN ('PERSON', 'GUEST')`)
export class HomeworkCompletionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'homework_completion_pkey' })
  homeworkId: string;

  @ManyToOne(() => HomeworkEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'homework_id', foreignKeyConstraintName: 'homework_completion_homework_id_fkey' })
  homework?: Relation<HomeworkEntity>;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'homework_completion_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'homework_completion_pkey' })
  pupilKind: ActorKind;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'homework_completion_pkey' })
  pupilId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  doneAt: Date;
}
