import { useLazyQuery, useMutation } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { postPath } from '../../app/paths';
import { Button } from '../../components/button';
import { Field } from '../../components/field';
import { useAnnounce } from '../../components/live-region';
import { EditPublishedPostDocument, HidePostDocument, PostHistoryDocument, RecentPostFragment } from '../../gql/graphql';
import { frenchDayTime } from '../../lib/french-format';
import { useSession } from '../../lib/session';
import { htmlOf, textOf } from './queue-items';
import { PostHistory } from '../../components/post-history';
import { RichHtml } from '../../components/rich-html';

/**
 * « Messages publiés récemment »: a moderator hides a post with a reason (members no longer see it, its author reads
 * who hid it and why; « Afficher de nouveau » is on the wall), rewrites any of them (its author is told; the history
 * keeps the text before, who changed it and when), and reads « Historique » on demand.
 */
export function RecentPosts({ posts, onChanged }: { posts: readonly RecentPostFragment[]; onChanged: () => void }) {
  const shown = posts.filter((post) => !post.deleted && post.status === 'PUBLISHED');
  return (
    <section aria-labelledby="publies-recemment">
      <h2 id="publies-recemment">Messages publiés récemment</h2>
      {shown.length === 0 ? <p>Aucun message publié pour le moment.</p> : (
        <ul className="cards">
          {shown.map((post) => <li key={post.id}><RecentPost post={post} onChanged={onChanged} /></li>)}
        </ul>
      )}
    </section>
  );
}

/** Whether a post's sanitised HTML shows an image (ADR 0022: the hub keeps <img> of the space's documents only). */
function hasImages(bodyHtml: string | null): boolean {
  return /<img\b/i.test(bodyHtml ?? '');
}

function RecentPost({ post, onChanged }: { post: RecentPostFragment; onChanged: () => void }) {
  const { id: spaceId = '' } = useParams();
  const session = useSession();
  const announce = useAnnounce();
  const [mode, setMode] = useState<'read' | 'edit' | 'hide'>('read');
  const [showHistory, setShowHistory] = useState(false);
  const [loadHistory, history] = useLazyQuery(PostHistoryDocument, { fetchPolicy: 'network-only' });
  const [hide, hiding] = useMutation(HidePostDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const mine = post.author.id === session.id;
  const headingId = `publie-${post.id}-titre`;
  const reasonId = `${post.id}-raison`;

  async function confirmHide() {
    setFailure(null);
    if (!reason.trim()) {
      setReasonError('Écrivez pourquoi vous masquez ce message : son auteur lira la raison.');
      document.getElementById(reasonId)?.focus();
      return;
    }
    try {
      await hide({ variables: { id: post.id, reason: reason.trim() } });
    } catch {
      setFailure('Le message n’a pas pu être masqué. Réessayez dans un instant.');
      return;
    }
    announce('Message masqué : les membres ne le voient plus, son auteur lit la raison.');
    document.getElementById('publies-recemment')?.setAttribute('tabindex', '-1');
    document.getElementById('publies-recemment')?.focus();
    onChanged();
  }

  function toggleHistory() {
    if (!showHistory) void loadHistory({ variables: { postId: post.id } });
    setShowHistory(!showHistory);
  }

  const revisions = history.data?.post?.revisions ?? [];
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>Message de {post.author.displayName}</h3>
      <p className="muted">
        Publié le {frenchDayTime(post.createdAt)}{post.editedAt ? ` · modifié le ${frenchDayTime(post.editedAt)}` : ''}
      </p>
      {mode === 'edit' ? (
        <EditForm post={post} onDone={(saved) => {
          setMode('read');
          if (saved) {
            announce('Message modifié : l’ancien texte est dans l’historique.');
            if (showHistory) void history.refetch();
            onChanged();
          }
          requestAnimationFrame(() => document.getElementById(`${post.id}-modifier`)?.focus());
        }} />
      ) : (
        // Sanitised by the hub; the CSP forbids inline scripts anyway.
        <RichHtml html={post.bodyHtml ?? ''} className="queue-body" />
      )}
      {failure ? <p className="error" role="alert">{failure}</p> : null}
      {mode === 'hide' ? (
        <div className="confirm" role="group" aria-labelledby={`${post.id}-masquer-question`}>
          <p id={`${post.id}-masquer-question`}>Masquer ce message pour les membres ? Son auteur le verra encore, avec la raison.</p>
          <Field multiline id={reasonId} label="Raison (son auteur la lira)" required value={reason} error={reasonError}
            onChange={(event) => { setReason(event.target.value); if (reasonError) setReasonError(null); }} />
          <p className="actions">
            <Button busy={hiding.loading} onClick={() => void confirmHide()}>Confirmer le masquage</Button>
            <Button variant="secondary" onClick={() => {
              setMode('read');
              requestAnimationFrame(() => document.getElementById(`${post.id}-masquer`)?.focus());
            }}>Annuler</Button>
          </p>
        </div>
      ) : mode === 'read' ? (
        <p className="actions">
          {/* This form edits plain text: a post that shows images is rewritten in the wall's editor, which keeps them. */}
          {hasImages(post.bodyHtml) ? (
            <Link id={`${post.id}-modifier`} className="button button-secondary" to={postPath(spaceId, post.id)}>
              Modifier sur le fil{mine ? null : <span className="visually-hidden"> le message de {post.author.displayName}</span>}
            </Link>
          ) : (
            <Button id={`${post.id}-modifier`} variant="secondary" onClick={() => setMode('edit')}>
              Modifier{mine ? null : <span className="visually-hidden"> le message de {post.author.displayName}</span>}
            </Button>
          )}
          <Button id={`${post.id}-masquer`} variant="secondary" onClick={() => {
            setMode('hide');
            requestAnimationFrame(() => document.getElementById(reasonId)?.focus());
          }}>Masquer</Button>
          <Button variant="secondary" aria-expanded={showHistory} aria-controls={`${post.id}-historique`} onClick={toggleHistory}>
            Historique
          </Button>
        </p>
      ) : null}
      {showHistory ? (
        <PostHistory id={`${post.id}-historique`} loading={history.loading && !history.data} failed={!!history.error} revisions={revisions}
          bodyClassName="queue-body" />
      ) : null}
    </article>
  );
}

function EditForm({ post, onDone }: { post: RecentPostFragment; onDone: (saved: boolean) => void }) {
  const [text, setText] = useState(() => textOf(post.bodyHtml));
  const [error, setError] = useState<string | null>(null);
  const [edit, editing] = useMutation(EditPublishedPostDocument);
  const boxId = `${post.id}-texte`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) {
      setError('Écrivez le texte du message.');
      document.getElementById(boxId)?.focus();
      return;
    }
    try {
      await edit({ variables: { input: { postId: post.id, bodyHtml: htmlOf(text) } } });
    } catch {
      setError('Le message n’a pas pu être modifié. Réessayez dans un instant.');
      return;
    }
    onDone(true);
  }
  return (
    <form noValidate onSubmit={(event) => void submit(event)} aria-label="Modifier le message">
      <Field multiline id={boxId} label="Texte du message" required value={text} error={error}
        autoFocus onChange={(event) => { setText(event.target.value); if (error) setError(null); }} />
      <p className="actions">
        <Button type="submit" busy={editing.loading}>Enregistrer</Button>
        <Button variant="secondary" onClick={() => onDone(false)}>Annuler</Button>
      </p>
    </form>
  );
}
