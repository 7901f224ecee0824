import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MemberView } from '@passerelle/spaces';
import { NotificationAnnounced, NotificationStream } from './notification-stream.js';

/**
 * Writes one notification per recipient of space news, in one statement: a recipient who switched the kind off gets
 * none, and the dedupe key makes a re-run add nothing. New rows go to the live stream.
 */
@Injectable()
export class SpaceFanOut {
  constructor(private readonly dataSource: DataSource, private readonly stream: NotificationStream) {}

  async deliver(recipients: readonly MemberView[], kind: string, dedupeKey: string, payload: Record<string, unknown>): Promise<void> {
    if (recipients.length === 0) return;
    const rows: { id: string; recipient_kind: NotificationAnnounced['recipientKind']; recipient_id: string }[] = await this.dataSource.query(
      `INSERT INTO notification (recipient_kind, recipient_id, kind, dedupe_key, payload)
       SELECT r.kind, r.id, $3, $4, $5::jsonb FROM unnest($1::text[], $2::uuid[]) AS r(kind, id)
       WHERE NOT EXISTS (SELECT 1 FROM notification_preference np
                         WHERE np.principal_kind = r.kind AND np.principal_id = r.id AND np.kind = $3 AND NOT np.enabled)
       ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
       RETURNING id, recipient_kind, recipient_id`,
      [recipients.map((member) => member.kind), recipients.map((member) => member.id), kind, dedupeKey, JSON.stringify(payload)]);
    this.stream.published(rows.map((row) => ({ id: row.id, recipientKind: row.recipient_kind, recipientId: row.recipient_id })));
  }
}
