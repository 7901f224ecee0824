import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { RecipientKind } from './notification.entity.js';

/** A principal's choice for one kind of notification (no row: enabled). Table `notification_preference`. */
@Entity('notification_preference')
@Check('notification_preference_principal_kind_known', `principal_kind IN ('HUB_ADMIN', 'PERSON', 'GUEST')`)
export class NotificationPreferenceEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'notification_preference_pkey' })
  principalKind: RecipientKind;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'notification_preference_pkey' })
  principalId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'notification_preference_pkey' })
  kind: string;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
