import { useMutation } from '@apollo/client/react';
import { Link } from 'react-router';
import { MarkNotificationReadDocument, NotificationItemFragment, UnreadNotificationsDocument } from '../../gql/graphql';
import { frenchDayTime } from '../../lib/french-format';
import { notificationPath } from './notification-links';

/**
 * The list, newest first. An unread one is marked visually (bold, a bar, the « Non lue » badge) and in text (the
 * badge is part of the link's name). Opening one marks it read (one with no place in the app has « Marquer comme lue »):
 * the bell's count follows through the cache.
 */
export function NotificationList({ notifications }: { notifications: readonly NotificationItemFragment[] }) {
  const [markRead] = useMutation(MarkNotificationReadDocument, {
    update(cache, { data }) {
      if (!data) return;
      cache.writeQuery({ query: UnreadNotificationsDocument, data: { unreadNotificationsCount: data.markNotificationsRead.unreadCount } });
    },
  });
  const open = (notification: NotificationItemFragment) => {
    if (!notification.read) void markRead({ variables: { ids: [notification.id] } }).catch(() => undefined);
  };
  return (
    <ul className="notification-list">
      {notifications.map((notification) => {
        const path = notificationPath(notification);
        const content = (
          <>
            {notification.read ? null : <span className="notification-badge">Non lue</span>}
            <span className="notification-message">{notification.message}</span>
          </>
        );
        return (
          <li key={notification.id} className={notification.read ? 'notification' : 'notification notification-unread'}>
            {path ? <Link to={path} onClick={() => open(notification)}>{content}</Link> : (
              <p className="notification-text">
                {content}
                {notification.read ? null : (
                  <button type="button" className="button button-secondary notification-mark" onClick={() => open(notification)}>
                    Marquer comme lue
                  </button>
                )}
              </p>
            )}
            <p className="muted notification-when"><time dateTime={notification.createdAt}>{frenchDayTime(notification.createdAt)}</time></p>
          </li>
        );
      })}
    </ul>
  );
}
