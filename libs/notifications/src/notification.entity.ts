import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One item in a recipient's inbox. `dedupeKey` makes a re-run of the job that wrote it harmless. */
@Entity({ name: 'notification' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'recipient_kind' }) recipientKind: 'HUB_ADMIN' | 'PERSON';
  @Column('uuid', { name: 'recipient_id' }) recipientId: string;
  @Column('text') kind: string;
  @Column('text', { name: 'dedupe_key' }) dedupeKey: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt: Date | null;
}
