import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type RecipientKind = 'HUB_ADMIN' | 'PERSON' | 'GUEST';

/**
 * One item in a recipient's inbox. `dedupeKey` makes a re-run of the job that wrote it harmless. The payload holds
 * ids (and, for hub events, public facts such as a school's name): never a copy of a person's name or words.
 */
@Entity({ name: 'notification' })
@Unique('notification_dedupe_unique', ['recipientId', 'dedupeKey'])
@Index('notification_recipient_idx', ['recipientId', 'createdAt', 'id'])
@Index('notification_unread_idx', ['recipientId'], { where: 'read_at IS NULL' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'recipient_kind' }) recipientKind: RecipientKind;
  @Column('uuid', { name: 'recipient_id' }) recipientId: string;
  @Column('text') kind: string;
  @Column('text', { name: 'dedupe_key' }) dedupeKey: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt: Date | null;
}
