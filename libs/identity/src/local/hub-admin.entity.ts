import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A hub administrator: signs in with a local login and password (not through a partner ENT). */
@Entity({ name: 'hub_admin' })
export class HubAdminEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 64 }) login: string;
  @Column('varchar', { name: 'display_name', length: 200 }) displayName: string;
  @Column('text', { name: 'password_hash' }) passwordHash: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'last_login_at', nullable: true }) lastLoginAt: Date | null;
}
