import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { ActorKind, SpaceEntity } from '@passerelle/spaces';

/**
 * A chat message of a space (table `chat_message`, migration Chat1765300000000): in the space's channel, or private
 * between its author and one recipient. The author (and recipient) are (kind, id): names are resolved when read. A
 * removed message keeps who removed it and when; its text is erased.
 */
@Entity('chat_message')
@Index('chat_message_channel_idx', ['spaceId', 'createdAt', 'id'], { where: 'recipient_id IS NULL' })
@Index('chat_message_private_author_idx', ['spaceId', 'authorId', 'createdAt'], { where: 'recipient_id IS NOT NULL' })
@Index('chat_message_private_recipient_idx', ['spaceId', 'recipientId', 'createdAt'], { where: 'recipient_id IS NOT NULL' })
@Check('chat_message_author_kind_known', `author_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST')`)
@Check('chat_message_recipient_kind_known', `recipient_kind IN ('PERSON', 'GUEST')`)
@Check('chat_message_removed_by_kind_known', `removed_by_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST')`)
@Check('chat_message_recipient_complete', '(recipient_kind IS NULL) = (recipient_id IS NULL)')
@Check('chat_message_not_to_self', 'recipient_id IS NULL OR recipient_id <> author_id')
@Check('chat_message_text_length', 'removed_at IS NOT NULL OR length(btrim(text)) > 0')
@Check('chat_message_removed_is_blank', `removed_at IS NULL OR text = ''`)
@Check('chat_message_removal_complete',
  '(removed_at IS NULL) = (removed_by_kind IS NULL) AND (removed_at IS NULL) = (removed_by_id IS NULL)')
export class ChatMessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'chat_message_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @ManyToOne(() => SpaceEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'chat_message_space_id_fkey' })
  space?: Relation<SpaceEntity>;

  @Column({ type: 'text' })
  authorKind: ActorKind;

  @Column({ type: 'uuid' })
  authorId: string;

  /** Set for a private message (PERSON or GUEST), null in the channel. */
  @Column({ type: 'text', nullable: true })
  recipientKind: 'PERSON' | 'GUEST' | null;

  @Column({ type: 'uuid', nullable: true })
  recipientId: string | null;

  /** Plain text (chat-rules.ts checkChatText); empty once removed. */
  @Column({ type: 'varchar', length: 1000 })
  text: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  removedByKind: ActorKind | null;

  @Column({ type: 'uuid', nullable: true })
  removedById: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  removalReason: string | null;
}

export const CHAT_ENTITIES = [ChatMessageEntity] as const;
