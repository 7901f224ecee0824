import { parseKind } from './notification-kinds.js';
import { NotificationEntity } from './notification.entity.js';
import { Notification } from './notification.type.js';

const idOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** What the API shows of a notification: the ids it points to; the message is built when read. */
export function toNotification(entity: NotificationEntity): Notification {
  const payload = entity.payload ?? {};
  return {
    id: entity.id,
    kind: parseKind(entity.kind),
    createdAt: entity.createdAt,
    readAt: entity.readAt,
    read: entity.readAt !== null,
    spaceId: idOf(payload.spaceId),
    postId: idOf(payload.postId),
    commentId: idOf(payload.commentId),
    conventionId: idOf(payload.conventionId),
    documentId: idOf(payload.documentId),
    eventId: idOf(payload.eventId),
    homeworkId: idOf(payload.homeworkId),
    payload,
  };
}
