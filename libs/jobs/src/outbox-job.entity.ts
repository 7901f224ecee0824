import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A job written in the same transaction as the change it follows; the relay hands it to the queue. */
@Entity({ name: 'outbox_job' })
export class OutboxJobEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') queue: string;
  @Column('text') name: string;
  @Column('text', { name: 'job_id' }) jobId: string;
  @Column('jsonb') payload: unknown;
  @Column('timestamptz', { name: 'run_at' }) runAt: Date;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'dispatched_at', nullable: true }) dispatchedAt: Date | null;
  @Column('int') attempts: number;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
}
