import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, UpdateDateColumn } from 'typeorm';
import { ActorKind, SpaceEntity } from './space.entity.js';

/** An event of a space's agenda (a visit, a video call between the classes), exported as iCalendar. */
@Entity('space_event')
@Index('space_event_space_created_at_idx', ['spaceId', 'createdAt', 'id'])
@Index('space_event_space_starts_at_idx', ['spaceId', 'startsAt'])
@Check('space_event_author_kind_known', `author_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST')`)
@Check('space_event_title_not_blank', 'length(btrim(title)) > 0')
@Check('space_event_ends_after_start', 'ends_at >= starts_at')
export class SpaceEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'space_event_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'space_event_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @Column({ type: 'text' })
  authorKind: ActorKind;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 300, default: '' })
  location: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'boolean', default: false })
  allDay: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
