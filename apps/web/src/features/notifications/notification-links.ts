import type { NotificationItemFragment } from '../../gql/graphql';
import { postPath, spacePath } from '../../app/paths';
import type { Address } from '../../lib/address';

/**
 * Where a notification happened: exactly what it is about when the app shows it (a post on the wall, `#post-<id>`,
 * focused there; a comment's post; the moderation queue for « à valider »), else the screen of its space that lists
 * it (documents, agenda, homework: `#document-<id>`, `#event-<id>`, `#homework-<id>` name the item). Null when it has
 * no place in the app yet.
 */
export function notificationPath(notification: NotificationItemFragment): string | null {
  const { spaceId } = notification;
  if (!spaceId) return null;
  const item = (screen: 'documents' | 'agenda' | 'devoirs', anchor: string, id: string | null | undefined) =>
    id ? `${spacePath(spaceId, screen)}#${anchor}-${encodeURIComponent(id)}` : spacePath(spaceId, screen);
  switch (notification.kind) {
    case 'MODERATION_PENDING':
    case 'POST_PENDING':
      return spacePath(spaceId, 'moderation');
    case 'DOCUMENT_ADDED':
      return item('documents', 'document', notification.documentId);
    case 'EVENT_CREATED':
    case 'EVENT_REMINDER':
      return item('agenda', 'event', notification.eventId);
    case 'HOMEWORK_CREATED':
      return item('devoirs', 'homework', notification.homeworkId);
    case 'MODERATION_DECISION':
      if (notification.documentId) return item('documents', 'document', notification.documentId);
      return notification.postId ? postPath(spaceId, notification.postId) : spacePath(spaceId);
    default:
      // New posts, comments, mentions, a moderator's hide / show again / edit of my post: the post itself.
      return notification.postId ? postPath(spaceId, notification.postId) : spacePath(spaceId);
  }
}

/**
 * The kinds a person may switch off, as the preferences list them (the API returns them; those without a label here
 * are not shown: POST_PENDING, written by earlier versions, is now MODERATION_PENDING). Moderation requests concern
 * adults only.
 */
export function preferenceLabel(kind: string, address: Address): string | null {
  const tu = address === 'tu';
  switch (kind) {
    case 'POST_PUBLISHED': return 'Les nouveaux messages';
    case 'COMMENT_ADDED': return 'Les nouveaux commentaires';
    case 'MENTION': return tu ? 'Quand on te mentionne' : 'Quand on vous mentionne';
    case 'MODERATION_DECISION': return tu ? 'Quand ton message est validé ou refusé' : 'Quand votre publication est validée ou refusée';
    case 'MODERATION_PENDING': return tu ? null : 'Les publications d’élèves à valider';
    case 'HOMEWORK_CREATED': return 'Les nouveaux devoirs';
    case 'EVENT_CREATED': return 'Les nouveaux évènements de l’agenda';
    case 'EVENT_REMINDER': return 'Les rappels avant un évènement';
    case 'DOCUMENT_ADDED': return 'Les nouveaux documents';
    default: return null;
  }
}
