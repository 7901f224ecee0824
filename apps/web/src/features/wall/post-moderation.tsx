import { useLazyQuery, useMutation } from '@apollo/client/react';
import { lazy, Suspense, useId, useState } from 'react';
import { Button } from '../../components/button';
import { ConfirmAction } from '../../components/confirm-action';
import { useAnnounce } from '../../components/live-region';
import { PostHistory } from '../../components/post-history';
import { HideWallPostDocument, PostHistoryDocument, UnhideWallPostDocument, WallPostFragment } from '../../gql/graphql';
import { Address } from '../../lib/address';
import { Loading } from '../../components/status-pages';

const PostEditor = lazy(async () => ({ default: (await import('./editor/post-editor')).PostEditor }));

const MAX_REASON = 500;

/**
 * What a space's moderators do to a post of the wall: « Modifier » (the post editor, with its text: its author is told),
 * « Masquer » (asks why: its author reads the reason; members no longer see it), « Afficher de nouveau », and
 * « Historique » (what it said before each change, who changed it, when).
 */
export function PostModeration({ post, spaceId, address, me }: { post: WallPostFragment; spaceId: string; address: Address; me: string }) {
  const announce = useAnnounce();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [hide, hiding] = useMutation(HideWallPostDocument);
  const [unhide, unhiding] = useMutation(UnhideWallPostDocument);
  const [showHistory, setShowHistory] = useState(false);
  const [loadHistory, history] = useLazyQuery(PostHistoryDocument, { fetchPolicy: 'network-only' });
  const [editing, setEditing] = useState(false);
  const focusPost = () => requestAnimationFrame(() => document.getElementById(`post-${post.id}`)?.focus());

  async function confirmHide(): Promise<boolean> {
    const why = reason.trim();
    if (!why) {
      setReasonError('Écrivez pourquoi vous masquez ce message : son auteur lira la raison.');
      document.getElementById(reasonId)?.focus();
      return false;
    }
    if (Array.from(why).length > MAX_REASON) {
      setReasonError(`La raison ne doit pas dépasser ${MAX_REASON} caractères.`);
      document.getElementById(reasonId)?.focus();
      return false;
    }
    setFailure(null);
    try {
      await hide({ variables: { id: post.id, reason: why } });
    } catch {
      setFailure('Le message n’a pas pu être masqué. Réessayez dans un instant.');
      return true;
    }
    setReason('');
    announce('Message masqué : les membres ne le voient plus, son auteur lit la raison.');
    focusPost();
    return true;
  }

  async function showAgain() {
    setFailure(null);
    try {
      await unhide({ variables: { id: post.id } });
    } catch {
      setFailure('Le message n’a pas pu être affiché de nouveau. Réessayez dans un instant.');
      return;
    }
    announce('Message affiché de nouveau pour tous les membres.');
    focusPost();
  }

  function toggleHistory() {
    if (!showHistory) void loadHistory({ variables: { postId: post.id } });
    setShowHistory(!showHistory);
  }

  const revisions = history.data?.post?.revisions ?? [];
  const historyId = `post-${post.id}-historique`;
  const closeEditor = () => {
    setEditing(false);
    requestAnimationFrame(() => document.getElementById(`post-${post.id}-modifier`)?.focus());
  };
  if (editing) {
    return (
      <Suspense fallback={<Loading label="Ouverture de l’éditeur…" />}>
        <PostEditor spaceId={spaceId} address={address} held={false} editing={{ postId: post.id, bodyHtml: post.bodyHtml ?? '' }}
          onCancel={closeEditor}
          onPublished={() => {
            announce('Message modifié : son auteur est prévenu, l’ancien texte est dans l’historique.');
            if (showHistory) void history.refetch();
            closeEditor();
          }} />
      </Suspense>
    );
  }
  return (
    <div className="post-moderation">
      <p className="actions">
        {post.author.id !== me ? (
          <Button id={`post-${post.id}-modifier`} variant="secondary" onClick={() => setEditing(true)}>
            Modifier<span className="visually-hidden"> le message de {post.author.displayName}</span>
          </Button>
        ) : null}
        {post.status === 'PUBLISHED' && !post.deleted ? (
          <ConfirmAction label="Masquer" context={`le message de ${post.author.displayName}`} busy={hiding.loading}
            question="Masquer ce message pour les membres ?" confirmLabel="Masquer le message" onConfirm={confirmHide}>
            <span className="field">
              <label htmlFor={reasonId}>Raison (son auteur la lira)</label>
              <textarea id={reasonId} value={reason} maxLength={MAX_REASON} required aria-invalid={reasonError ? true : undefined}
                aria-describedby={reasonError ? `${reasonId}-erreur` : undefined}
                onChange={(event) => { setReason(event.target.value); if (reasonError) setReasonError(null); }} />
              {reasonError ? <span id={`${reasonId}-erreur`} className="field-error">{reasonError}</span> : null}
            </span>
          </ConfirmAction>
        ) : null}
        {post.status === 'HIDDEN' ? (
          <Button variant="secondary" busy={unhiding.loading} onClick={() => void showAgain()}>Afficher de nouveau</Button>
        ) : null}
        <Button variant="secondary" aria-expanded={showHistory} aria-controls={historyId} onClick={toggleHistory}>Historique</Button>
      </p>
      {failure ? <p className="field-error" role="alert">{failure}</p> : null}
      {showHistory ? (
        <PostHistory id={historyId} loading={history.loading && !history.data} failed={!!history.error} revisions={revisions}
          bodyClassName="post-body" />
      ) : null}
    </div>
  );
}
