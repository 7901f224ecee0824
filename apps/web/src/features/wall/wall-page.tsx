import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { Button } from '../../components/button';
import { Page } from '../../components/page';
import { QueryError } from '../../components/query-error';
import { SpaceNav } from '../../components/space-nav';
import { Loading, NotFoundPage } from '../../components/status-pages';
import { WallLatestDocument, WallNotificationDocument, WallPostFragment, WallScreenDocument, WallScreenQuery } from '../../gql/graphql';
import { say } from '../../lib/address';
import { connection } from '../../lib/connection-status';
import { useHashTarget } from '../../lib/hash-target';
import { useAddress, useSession } from '../../lib/session';
import { Composer } from './composer';
import { PostItem } from './post-item';
import { RichHtml } from '../../components/rich-html';
import './wall.css';

type WallSpace = NonNullable<WallScreenQuery['space']>;
type Posts = WallSpace['posts'];

/** Posts not yet in the list go on top (newest first); the others are already fresh through the normalised cache. */
export function mergeNewest(posts: Posts, newest: readonly WallPostFragment[]): Posts {
  const known = new Set(posts.edges.map((edge) => edge.node.id));
  const added = newest.filter((post) => !known.has(post.id)).map((node) => ({ __typename: 'PostEdge' as const, node }));
  if (added.length === 0) return posts;
  const edges = [...added, ...posts.edges].sort((a, b) => b.node.createdAt.localeCompare(a.node.createdAt));
  return { ...posts, edges };
}

/**
 * « Fil » (/espaces/:id): the space's name, its tabs, the pinned announcements, the editor (its own lazy chunk, loaded
 * when the person opens it), then the posts newest first, by cursor pages: « Voir plus de messages » loads the next
 * one, and so does reaching the end of the list (IntersectionObserver). A post or comment arriving through
 * `notificationAdded` refreshes the newest posts.
 */
export function WallPage() {
  const { id: spaceId = '' } = useParams();
  const session = useSession();
  const address = useAddress();
  const client = useApolloClient();
  const variables = useMemo(() => ({ spaceId }), [spaceId]);
  const { data, error, refetch, fetchMore } = useQuery(WallScreenDocument, { variables });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState(false);

  const mergeIntoWall = useCallback((newest: readonly WallPostFragment[]) => {
    client.cache.updateQuery({ query: WallScreenDocument, variables }, (current) => (current?.space
      ? { ...current, space: { ...current.space, posts: mergeNewest(current.space.posts, newest) } }
      : current));
  }, [client, variables]);

  const refreshNewest = useCallback(async () => {
    const result = await client.query({ query: WallLatestDocument, variables: { spaceId }, fetchPolicy: 'network-only' }).catch(() => null);
    const newest = result?.data?.space?.posts.edges.map((edge) => edge.node);
    if (newest) mergeIntoWall(newest);
  }, [client, spaceId, mergeIntoWall]);

  useSubscription(WallNotificationDocument, {
    onData: ({ data: arrived }) => {
      const notification = arrived.data?.notificationAdded;
      if (notification?.spaceId === spaceId && notification.postId) void refreshNewest();
    },
  });
  useEffect(() => connection.onRecovered(() => void refreshNewest()), [refreshNewest]);

  const pageInfo = data?.space?.posts.pageInfo;
  const loadMore = useCallback(async () => {
    if (!pageInfo?.hasNextPage || loadingMore) return;
    setLoadingMore(true);
    setMoreError(false);
    try {
      await fetchMore({
        variables: { after: pageInfo.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => {
          if (!previous.space || !fetchMoreResult?.space) return previous as WallScreenQuery;
          const known = new Set(previous.space.posts.edges.map((edge) => edge.node.id));
          return {
            ...previous,
            space: {
              ...previous.space,
              posts: {
                ...fetchMoreResult.space.posts,
                edges: [...previous.space.posts.edges, ...fetchMoreResult.space.posts.edges.filter((edge) => !known.has(edge.node.id))],
              },
            },
          } as WallScreenQuery;
        },
      });
    } catch {
      setMoreError(true);
    } finally {
      setLoadingMore(false);
    }
  }, [pageInfo, loadingMore, fetchMore]);

  // Reaching the end of the list loads the next page too (the button stays, for keyboards and old browsers).
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = end.current;
    if (!target || typeof IntersectionObserver === 'undefined' || !pageInfo?.hasNextPage) return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void loadMore();
    }, { rootMargin: '200px' });
    observer.observe(target);
    return () => observer.disconnect();
  }, [pageInfo, loadMore]);

  useHashTarget(!!data?.space);

  if (error && !data) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!data) return <Loading />;
  const space = data.space;
  if (!space) return <NotFoundPage />;
  const permissions = new Set(space.myPermissions);
  const announcements = space.announcements.edges.map((edge) => edge.node);
  const posts = space.posts.edges.map((edge) => edge.node);

  return (
    <Page title={space.title} className="wall">
      <SpaceNav spaceId={space.id} spaceName={space.title} pendingModerationCount={space.pendingModerationCount} />
      {announcements.length > 0 ? (
        <section aria-labelledby="annonces-epinglees" className="announcements">
          <h2 id="annonces-epinglees">Annonces</h2>
          <ul className="cards">
            {announcements.map((announcement) => (
              <li key={announcement.id} className="card announcement">
                <h3>{announcement.title}</h3>
                <RichHtml html={announcement.bodyHtml} />
                <p className="muted">{announcement.author.displayName}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {permissions.has('POST') ? (
        <Composer spaceId={space.id} address={address}
          held={space.settings.pupilPostsNeedApproval && session.roles.includes('PUPIL')}
          onPublished={(post) => mergeIntoWall([post])} />
      ) : null}
      <section aria-labelledby="messages" className="posts">
        <h2 id="messages">Messages</h2>
        {posts.length === 0 ? (
          <p>{say(address, {
            tu: 'Personne n’a encore écrit ici. Écris le premier message !',
            vous: 'Aucun message pour le moment.',
          })}</p>
        ) : (
          <ol className="post-list">
            {posts.map((post) => (
              <li key={post.id}>
                <PostItem post={post} spaceId={space.id} me={session.id} address={address}
                  canReact={permissions.has('REACT')} canComment={permissions.has('COMMENT')} canModerate={permissions.has('MODERATE')} />
              </li>
            ))}
          </ol>
        )}
        <div ref={end} className="wall-end">
          {space.posts.pageInfo.hasNextPage ? (
            <Button variant="secondary" busy={loadingMore} onClick={() => void loadMore()}>Voir plus de messages</Button>
          ) : null}
          {loadingMore ? <Loading label="Chargement des messages…" /> : null}
          {moreError ? (
            <p className="field-error" role="alert">{say(address, {
              tu: 'Les messages suivants n’ont pas pu être chargés. Réessaie.',
              vous: 'Les messages suivants n’ont pas pu être chargés. Réessayez.',
            })}</p>
          ) : null}
        </div>
      </section>
    </Page>
  );
}

