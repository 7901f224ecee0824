import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import { useEffect } from 'react';
import { NavLink } from 'react-router';
import { useAnnounce } from '../components/live-region';
import { NotificationArrivedDocument, UnreadNotificationsDocument } from '../gql/graphql';
import { connection } from '../lib/connection-status';

/**
 * The link's accessible name (PRODUCT.md, exact): « Notifications, N non lues », « Notifications » when none. The
 * visible count is the badge the stylesheet draws from `data-count` (::after), so the visible text « Notifications »
 * stays part of the name (WCAG 2.5.3).
 */
export function bellLabel(unread: number): string {
  return unread > 0 ? `Notifications, ${unread} non lues` : 'Notifications';
}

/**
 * The bell: a link to /notifications named with the unread count, kept live by `notificationAdded` (the count goes up
 * in the cache, the live region says what arrived, focus stays where it is). Read again when the connection returns.
 */
export function Bell() {
  const client = useApolloClient();
  const announce = useAnnounce();
  const { data, refetch } = useQuery(UnreadNotificationsDocument, { fetchPolicy: 'cache-and-network' });
  useSubscription(NotificationArrivedDocument, {
    onData: ({ data: arrived }) => {
      const notification = arrived.data?.notificationAdded;
      if (!notification) return;
      if (!notification.read) {
        client.cache.updateQuery({ query: UnreadNotificationsDocument },
          (current) => ({ unreadNotificationsCount: (current?.unreadNotificationsCount ?? 0) + 1 }));
      }
      announce(`Nouvelle notification : ${notification.message}`);
    },
  });
  useEffect(() => connection.onRecovered(() => void refetch()), [refetch]);
  const unread = data?.unreadNotificationsCount ?? 0;
  return (
    <NavLink to="/notifications" className="bell" aria-label={bellLabel(unread)} data-count={unread > 0 ? unread : undefined}>
      <svg aria-hidden="true" focusable="false" className="bell-icon" viewBox="0 0 24 24" width="22" height="22">
        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      Notifications
    </NavLink>
  );
}
