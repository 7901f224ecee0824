import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { Button } from '../../components/button';
import { Page } from '../../components/page';
import { QueryError } from '../../components/query-error';
import { SpaceNav } from '../../components/space-nav';
import { useAnnounce } from '../../components/live-region';
import { Loading, RefusalPage } from '../../components/status-pages';
import {
  HeldCommentFragment, HeldPostFragment, HeldUploadFragment, ModerateCommentDocument, ModeratePostDocument, ModerateUploadDocument,
  ModerationQueuePageDocument, ModerationScreenDocument,
} from '../../gql/graphql';
import { QueueItemView } from './queue-item';
import { queueOf, QueueItem } from './queue-items';
import { RecentPosts } from './recent-posts';
import { RefusalForm } from './refusal-form';
import './moderation.css';

/** How many of each kind the queue shows at once (the oldest first), and how many recent published posts. */
const QUEUE_PAGE = 20;
const RECENT_POSTS = 10;

const DONE: Record<QueueItem['kind'], { approved: string; rejected: string }> = {
  post: { approved: 'Message validé : il est publié.', rejected: 'Message refusé : l’élève lira la raison.' },
  comment: { approved: 'Commentaire validé : il est publié.', rejected: 'Commentaire refusé : l’élève lira la raison.' },
  upload: { approved: 'Fichier validé : il est publié.', rejected: 'Fichier refusé : l’élève lira la raison.' },
};

interface PageInfo { readonly hasNextPage: boolean; readonly endCursor?: string | null }

/** The pages loaded by « Voir plus » (after the screen's first page), and where each held list stands. */
interface MorePages {
  readonly posts: readonly HeldPostFragment[];
  readonly comments: readonly HeldCommentFragment[];
  readonly uploads: readonly HeldUploadFragment[];
  readonly postsPage: PageInfo | null;
  readonly commentsPage: PageInfo | null;
  readonly uploadsPage: PageInfo | null;
}

const NO_MORE: MorePages = { posts: [], comments: [], uploads: [], postsPage: null, commentsPage: null, uploadsPage: null };

/** The same item once (a page loaded before a decision may repeat what the refreshed first page now shows). */
function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}

/**
 * The moderation queue of a space, for its moderators: the pupils' held posts, comments and uploads in one list,
 * oldest first, each with « Valider » and « Refuser » (with the reason the pupil reads). After a decision the item
 * leaves the list, the focus goes to the next one (or to the heading when none is left) and the live region says it.
 */
export function ModerationPage() {
  const { id = '' } = useParams();
  const announce = useAnnounce();
  const variables = useMemo(() => ({ spaceId: id, first: QUEUE_PAGE, recent: RECENT_POSTS }), [id]);
  const { data, error, refetch } = useQuery(ModerationScreenDocument, { variables, fetchPolicy: 'cache-and-network' });
  const [moderatePost] = useMutation(ModeratePostDocument);
  const [moderateComment] = useMutation(ModerateCommentDocument);
  const [moderateUpload] = useMutation(ModerateUploadDocument);
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [refusing, setRefusing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  /** Where the focus goes once the list has been drawn again: an item's key, or null for the heading. */
  const [focusNext, setFocusNext] = useState<{ key: string | null } | null>(null);

  const [more, setMore] = useState<MorePages>(NO_MORE);
  const [loadPage, pageQuery] = useLazyQuery(ModerationQueuePageDocument, { fetchPolicy: 'network-only' });
  const [moreError, setMoreError] = useState(false);

  const space = data?.space;
  const items = useMemo(() => (space ? queueOf(
    unique([...space.posts.edges.map((edge) => edge.node), ...more.posts], (post) => post.id),
    unique([...space.heldComments.edges.map((edge) => edge.node), ...more.comments], (comment) => comment.id),
    unique([...space.heldDocuments.edges.map((edge) => edge.node), ...more.uploads], (upload) => `${upload.documentId}:${upload.version}`),
    space.recent.edges.map((edge) => edge.node),
  ).filter((item) => !decided.has(item.key)) : []), [space, more, decided]);

  // Where each held list stands: the last page « Voir plus » loaded for it, else the screen's first page.
  const postsPage = more.postsPage ?? space?.posts.pageInfo ?? null;
  const commentsPage = more.commentsPage ?? space?.heldComments.pageInfo ?? null;
  const uploadsPage = more.uploadsPage ?? space?.heldDocuments.pageInfo ?? null;
  const hasMore = !!(postsPage?.hasNextPage || commentsPage?.hasNextPage || uploadsPage?.hasNextPage);

  async function loadMore() {
    setMoreError(false);
    const firstNew = items.length;
    const result = await loadPage({ variables: {
      spaceId: id, first: QUEUE_PAGE,
      postsAfter: postsPage?.endCursor ?? null, commentsAfter: commentsPage?.endCursor ?? null, documentsAfter: uploadsPage?.endCursor ?? null,
      withPosts: !!postsPage?.hasNextPage, withComments: !!commentsPage?.hasNextPage, withDocuments: !!uploadsPage?.hasNextPage,
    } }).catch(() => null);
    const page = result?.data?.space;
    if (!page) {
      setMoreError(true);
      return;
    }
    setMore((previous) => ({
      posts: [...previous.posts, ...(page.posts?.edges.map((edge) => edge.node) ?? [])],
      comments: [...previous.comments, ...(page.heldComments?.edges.map((edge) => edge.node) ?? [])],
      uploads: [...previous.uploads, ...(page.heldDocuments?.edges.map((edge) => edge.node) ?? [])],
      postsPage: page.posts?.pageInfo ?? postsPage, commentsPage: page.heldComments?.pageInfo ?? commentsPage,
      uploadsPage: page.heldDocuments?.pageInfo ?? uploadsPage,
    }));
    const added = (page.posts?.edges.length ?? 0) + (page.heldComments?.edges.length ?? 0) + (page.heldDocuments?.edges.length ?? 0);
    announce(added === 1 ? 'Un élément de plus à valider.' : `${added} éléments de plus à valider.`);
    setFocusAfterMore(firstNew);
  }
  /** After « Voir plus », the focus goes to the list's heading so that the new items are read from there on. */
  const [focusAfterMore, setFocusAfterMore] = useState<number | null>(null);
  useEffect(() => {
    if (focusAfterMore === null) return;
    document.getElementById('a-valider')?.focus();
    setFocusAfterMore(null);
  }, [focusAfterMore, items]);

  useEffect(() => {
    if (!focusNext) return;
    const target = focusNext.key ? document.getElementById(focusNext.key) : document.querySelector<HTMLElement>('h1');
    target?.focus();
    setFocusNext(null);
  }, [focusNext, items]);

  if (error && !data) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!space) return <Loading />;
  if (space.pendingModerationCount === null) return <RefusalPage />;

  async function decide(item: QueueItem, decision: 'APPROVE' | 'REJECT', reason?: string) {
    setBusy(item.key);
    setFailure(null);
    try {
      if (item.kind === 'post') await moderatePost({ variables: { id: item.post.id, decision, reason } });
      else if (item.kind === 'comment') await moderateComment({ variables: { id: item.comment.id, decision, reason } });
      else await moderateUpload({ variables: { id: item.upload.documentId, version: item.upload.version, decision, reason } });
    } catch {
      setBusy(null);
      setFailure('La décision n’a pas été enregistrée. Réessayez dans un instant.');
      return;
    }
    const index = items.findIndex((candidate) => candidate.key === item.key);
    const next = items[index + 1] ?? items[index - 1] ?? null;
    setDecided((previous) => new Set(previous).add(item.key));
    setRefusing(null);
    setBusy(null);
    setFocusNext({ key: next?.key ?? null });
    announce(DONE[item.kind][decision === 'APPROVE' ? 'approved' : 'rejected']
      + (next ? '' : ' Rien à valider pour le moment.'));
    void refetch();
  }

  const waiting = items.length;
  return (
    <Page title="Modération">
      <SpaceNav spaceId={space.id} spaceName={space.title} pendingModerationCount={space.pendingModerationCount} />
      <section aria-labelledby="a-valider">
        <h2 id="a-valider" tabIndex={-1}>À valider{waiting > 0 ? ` (${waiting}${hasMore ? ` sur ${space.pendingModerationCount}` : ''})` : ''}</h2>
        {failure ? <p className="error" role="alert">{failure}</p> : null}
        {waiting === 0 ? <p className="lead">Rien à valider pour le moment.</p> : (
          <ol className="cards queue">
            {items.map((item) => (
              <li key={item.key}>
                <QueueItemView item={item} busy={busy === item.key}
                  onApprove={() => void decide(item, 'APPROVE')}
                  onReject={() => setRefusing(item.key)}
                  refusal={refusing === item.key ? (
                    <RefusalForm itemKey={item.key} busy={busy === item.key}
                      onConfirm={(reason) => void decide(item, 'REJECT', reason)}
                      onCancel={() => {
                        setRefusing(null);
                        requestAnimationFrame(() => document.getElementById(`${item.key}-refuser`)?.focus());
                      }} />
                  ) : null} />
              </li>
            ))}
          </ol>
        )}
        {hasMore ? (
          <p className="actions">
            <Button variant="secondary" busy={pageQuery.loading} onClick={() => void loadMore()}>Voir plus</Button>
          </p>
        ) : null}
        {moreError ? <p className="error" role="alert">La suite n’a pas pu être chargée. Réessayez dans un instant.</p> : null}
      </section>
      <RecentPosts posts={space.recent.edges.map((edge) => edge.node)} onChanged={() => void refetch()} />
    </Page>
  );
}
