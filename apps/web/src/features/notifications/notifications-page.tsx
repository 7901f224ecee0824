import { useApolloClient, useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { useAnnounce } from '../../components/live-region';
import { Page } from '../../components/page';
import { QueryError } from '../../components/query-error';
import { Loading } from '../../components/status-pages';
import {
  MarkAllNotificationsReadDocument, NotificationListedDocument, NotificationsScreenDocument, UnreadNotificationsDocument,
} from '../../gql/graphql';
import { say } from '../../lib/address';
import { useAddress } from '../../lib/session';
import { NotificationList } from './notification-list';
import { NotificationPreferences } from './notification-preferences';
import './notifications.css';

const PAGE_SIZE = 20;

/**
 * « Notifications »: the list (newest first, new ones added live on top: the bell, always on screen, says them in the
 * live region), « Tout marquer comme lu » (what the list shows, up to its newest), and the preferences per kind.
 */
export function NotificationsPage() {
  const address = useAddress();
  const announce = useAnnounce();
  const client = useApolloClient();
  const variables = useMemo(() => ({ first: PAGE_SIZE }), []);
  const { data, error, refetch, fetchMore } = useQuery(NotificationsScreenDocument, { variables });
  const [loadingMore, setLoadingMore] = useState(false);

  useSubscription(NotificationListedDocument, {
    onData: ({ data: arrived }) => {
      const notification = arrived.data?.notificationAdded;
      if (!notification) return;
      client.cache.updateQuery({ query: NotificationsScreenDocument, variables }, (current) => {
        if (!current || current.notifications.edges.some((edge) => edge.node.id === notification.id)) return current;
        const edge = { __typename: 'NotificationEdge' as const, node: notification };
        return { ...current, notifications: { ...current.notifications, edges: [edge, ...current.notifications.edges] } };
      });
    },
  });

  const [markAll, { loading: marking }] = useMutation(MarkAllNotificationsReadDocument);
  if (error && !data) return <QueryError error={error} onRetry={() => void refetch()} />;
  const notifications = data?.notifications.edges.map((edge) => edge.node) ?? [];
  const unread = data?.unreadNotificationsCount ?? 0;

  const markAllRead = async () => {
    if (unread === 0 || marking) return;
    const before = notifications.reduce<string | null>((newest, item) => (!newest || item.createdAt > newest ? item.createdAt : newest), null);
    try {
      await markAll({
        variables: { before },
        update(cache, { data: result }) {
          if (!result) return;
          const readAt = new Date().toISOString();
          for (const item of notifications) {
            if (item.read) continue;
            cache.modify({
              id: cache.identify({ __typename: 'Notification', id: item.id }),
              fields: { read: () => true, readAt: (value) => value ?? readAt },
            });
          }
          cache.writeQuery({ query: UnreadNotificationsDocument, data: { unreadNotificationsCount: result.markAllNotificationsRead.unreadCount } });
        },
      });
      announce('Toutes les notifications sont marquées comme lues.');
    } catch {
      announce(say(address, {
        tu: 'Les notifications n’ont pas pu être marquées comme lues. Réessaie.',
        vous: 'Les notifications n’ont pas pu être marquées comme lues. Réessayez.',
      }));
    }
  };

  const more = async () => {
    if (!data) return;
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after: data.notifications.pageInfo.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          ...previous,
          notifications: { ...fetchMoreResult.notifications, edges: [...previous.notifications.edges, ...fetchMoreResult.notifications.edges] },
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Page title="Notifications" className="notifications-page">
      {!data ? <Loading /> : (
        <>
          <section aria-labelledby="liste-notifications">
            <h2 id="liste-notifications">Dernières notifications</h2>
            <div className="notifications-summary">
              <p>{unread === 0 ? 'Tout est lu.' : unread === 1 ? '1 notification non lue.' : `${unread} notifications non lues.`}</p>
              <button type="button" className="button button-secondary" onClick={() => void markAllRead()}
                aria-disabled={unread === 0 || marking || undefined}>Tout marquer comme lu</button>
            </div>
            {notifications.length === 0 ? (
              <p>{say(address, { tu: 'Tu n’as aucune notification pour le moment.', vous: 'Vous n’avez aucune notification pour le moment.' })}</p>
            ) : <NotificationList notifications={notifications} />}
            {data.notifications.pageInfo.hasNextPage ? (
              <p>
                <button type="button" className="button button-secondary" onClick={() => void more()} aria-disabled={loadingMore || undefined}>
                  {loadingMore ? 'Chargement…' : 'Afficher les plus anciennes'}
                </button>
              </p>
            ) : null}
          </section>
          <section aria-labelledby="preferences-notifications">
            <h2 id="preferences-notifications">Préférences</h2>
            <NotificationPreferences preferences={data.notificationPreferences} />
          </section>
        </>
      )}
    </Page>
  );
}
