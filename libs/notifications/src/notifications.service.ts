import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '@passerelle/access';
import { returnedRows } from '@passerelle/database';
import { InvalidInputError } from '@passerelle/errors';
import { Connection, isUuid, PageRequest } from '@passerelle/graphql-kit';
import { paginateNewestFirst } from '@passerelle/spaces';
import { CONFIGURABLE_KINDS, NotificationKind } from './notification-kinds.js';
import { NotificationEntity } from './notification.entity.js';

export const MAX_MARK_READ = 100;

/** The signed-in principal's inbox (hub administrators, home people and guests alike) and their preferences. */
@Injectable()
export class NotificationsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first; only unread ones when asked. */
  listNotifications(principal: Principal, unreadOnly: boolean, page: PageRequest): Promise<Connection<NotificationEntity>> {
    const query = this.dataSource.manager.createQueryBuilder(NotificationEntity, 'notification')
      .where('notification.recipient_kind = :kind AND notification.recipient_id = :id', { kind: principal.kind, id: principal.id });
    if (unreadOnly) query.andWhere('notification.read_at IS NULL');
    return paginateNewestFirst(query, page);
  }

  async unreadCount(principal: Principal): Promise<number> {
    if (!isUuid(principal.id)) return 0;
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND recipient_kind = $2 AND read_at IS NULL`,
      [principal.id, principal.kind]);
    return row.n;
  }

  /** Marks the caller's own notifications read; ids of anyone else's (or of none) are ignored. Returns those marked. */
  async markRead(principal: Principal, ids: readonly string[]): Promise<NotificationEntity[]> {
    if (ids.length > MAX_MARK_READ) throw new InvalidInputError(`Au plus ${MAX_MARK_READ} notifications à la fois.`, ['ids']);
    const wanted = [...new Set(ids.filter(isUuid))];
    if (wanted.length === 0) return [];
    await this.dataSource.query(
      `UPDATE notification SET read_at = now()
       WHERE id = ANY($1::uuid[]) AND recipient_id = $2 AND recipient_kind = $3 AND read_at IS NULL`,
      [wanted, principal.id, principal.kind]);
    return this.dataSource.manager.createQueryBuilder(NotificationEntity, 'notification')
      .where('notification.id IN (:...ids) AND notification.recipient_id = :id AND notification.recipient_kind = :kind',
        { ids: wanted, id: principal.id, kind: principal.kind })
      .orderBy('notification.created_at', 'DESC').getMany();
  }

  /**
   * Marks every unread notification of the caller read (« Tout marquer comme lu »), only those created up to
   * `before` when given (what the list on screen showed: one that arrives meanwhile stays unread; to the millisecond, as the
   * API shows `createdAt`). Returns how many.
   */
  async markAllRead(principal: Principal, before: Date | null): Promise<number> {
    if (!isUuid(principal.id)) return 0;
    const rows: unknown = await this.dataSource.query(
      `UPDATE notification SET read_at = now()
       WHERE recipient_id = $1 AND recipient_kind = $2 AND read_at IS NULL AND ($3::timestamptz IS NULL OR date_trunc('milliseconds', created_at) <= $3::timestamptz)
       RETURNING id`, [principal.id, principal.kind, before]);
    return returnedRows(rows).length;
  }

  /** One of the caller's notifications, or null. */
  async find(principal: Principal, id: string): Promise<NotificationEntity | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.manager.findOneBy(NotificationEntity, { id, recipientId: principal.id, recipientKind: principal.kind });
  }

  /** Every configurable kind with the caller's choice (enabled unless they switched it off). */
  async preferences(principal: Principal): Promise<{ kind: NotificationKind; enabled: boolean }[]> {
    const rows: { kind: string; enabled: boolean }[] = isUuid(principal.id) ? await this.dataSource.query(
      `SELECT kind, enabled FROM notification_preference WHERE principal_kind = $1 AND principal_id = $2`, [principal.kind, principal.id]) : [];
    const chosen = new Map(rows.map((row) => [row.kind, row.enabled]));
    return CONFIGURABLE_KINDS.map((kind) => ({ kind, enabled: chosen.get(kind) ?? true }));
  }

  async setPreference(principal: Principal, kind: NotificationKind, enabled: boolean): Promise<{ kind: NotificationKind; enabled: boolean }> {
    if (!CONFIGURABLE_KINDS.includes(kind)) throw new InvalidInputError('Ce type de notification ne se règle pas.', ['kind']);
    await this.dataSource.query(
      `INSERT INTO notification_preference (principal_kind, principal_id, kind, enabled) VALUES ($1, $2, $3, $4)
       ON CONFLICT (principal_kind, principal_id, kind) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()`,
      [principal.kind, principal.id, kind, enabled]);
    return { kind, enabled };
  }
}
