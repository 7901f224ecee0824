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

  /**
   * One notification per recipient and dedupe key that stays, updated: a recipient without one gets it; one who read it
   * gets it back unread (and newest) with the new payload; one who has not read it yet sees its payload updated, and
   * nothing new arrives on the live stream. The unique (recipient, dedupe key) makes concurrent calls update one row.
   */
  async coalesce(recipients: readonly MemberView[], kind: string, dedupeKey: string, payload: Record<string, unknown>): Promise<void> {
    if (recipients.length === 0) return;
    const kinds = recipients.map((member) => member.kind);
    const ids = recipients.map((member) => member.id);
    const rows: { id: string; recipient_kind: NotificationAnnounced['recipientKind']; recipient_id: string }[] = await this.dataSource.query(
      `INSERT INTO notification (recipient_kind, recipient_id, kind, dedupe_key, payload)
       SELECT r.kind, r.id, $3, $4, $5::jsonb FROM unnest($1::text[], $2::uuid[]) AS r(kind, id)
       WHERE NOT EXISTS (SELECT 1 FROM notification_preference np
                         WHERE np.principal_kind = r.kind AND np.principal_id = r.id AND np.kind = $3 AND NOT np.enabled)
       ON CONFLICT (recipient_id, dedupe_key) DO UPDATE SET payload = EXCLUDED.payload, read_at = NULL, created_at = now()
         WHERE notification.read_at IS NOT NULL
       RETURNING id, recipient_kind, recipient_id`,
      [kinds, ids, kind, dedupeKey, JSON.stringify(payload)]);
    await this.dataSource.query(
      `UPDATE notification SET payload = $4::jsonb WHERE recipient_id = ANY($1::uuid[]) AND dedupe_key = $2 AND kind = $3 AND read_at IS NULL`,
      [ids, dedupeKey, kind, JSON.stringify(payload)]);
    this.stream.published(rows.map((row) => ({ id: row.id, recipientKind: row.recipient_kind, recipientId: row.recipient_id })));
  }
}
