import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { PersonEntity } from './person.entity.js';
import { SchoolClassEntity } from './school-class.entity.js';

/** A person in a class (pupil or teacher). Table `class_membership`, keyed by the pair. */
@Entity('class_membership')
@Index('class_membership_person_idx', ['personId'])
export class ClassMembershipEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'class_membership_pkey' })
  schoolClassId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'class_membership_pkey' })
  personId: string;

  @ManyToOne(() => SchoolClassEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'school_class_id', foreignKeyConstraintName: 'class_membership_school_class_id_fkey' })
  schoolClass?: Relation<SchoolClassEntity>;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'class_membership_person_id_fkey' })
  person?: Relation<PersonEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
