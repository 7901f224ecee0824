import {
  Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, UpdateDateColumn,
} from 'typeorm';
import { StructureEntity } from '@passerelle/directory';

export enum SpaceStatus {
  OPEN = 'OPEN',
  ARCHIVED = 'ARCHIVED',
}

/** Who did something: a hub administrator, a home person or a guest. Names are never stored, only (kind, id). */
export type ActorKind = 'HUB_ADMIN' | 'PERSON' | 'GUEST';

/** A shared space of a school (its owning structure). Table `space` (migration Spaces1764900000000). */
@Entity('space')
@Index('space_created_at_idx', ['createdAt', 'id'])
@Index('space_structure_idx', ['structureId', 'createdAt', 'id'])
@Check('space_title_not_blank', 'length(btrim(title)) > 0')
@Check('space_status_known', `status IN ('OPEN', 'ARCHIVED')`)
@Check('space_created_by_kind_known', `created_by_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST')`)
@Check('space_archived_has_date', `(status = 'ARCHIVED') = (archived_at IS NOT NULL)`)
export class SpaceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'space_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  structureId: string;

  @ManyToOne(() => StructureEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'structure_id', foreignKeyConstraintName: 'space_structure_id_fkey' })
  structure?: Relation<StructureEntity>;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 2000, default: '' })
  description: string;

  @Column({ type: 'text', default: SpaceStatus.OPEN })
  status: SpaceStatus;

  /** Posts by members who cannot moderate (pupils) wait for a moderator's approval. */
  @Column({ type: 'boolean', default: true })
  pupilPostsNeedApproval: boolean;

  /** Read by the chat service: private messages between members (never across schools unless allowed). */
  @Column({ type: 'boolean', default: false })
  privateMessagesAllowed: boolean;

  /** Read by the chat service: private messages between pupils of different schools too (migration Chat1765300000000). */
  @Column({ type: 'boolean', default: false })
  crossSchoolPrivateMessages: boolean;

  /** Parents who are members (READER rows) may read the space. */
  @Column({ type: 'boolean', default: false })
  parentsMayRead: boolean;

  @Column({ type: 'text' })
  createdByKind: ActorKind;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;
}
