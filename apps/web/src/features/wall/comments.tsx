import { useApolloClient, useMutation } from '@apollo/client/react';
import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/button';
import { useAnnounce } from '../../components/live-region';
import { CreateCommentDocument, PostCommentsDocument, WallCommentFragment, WallPostFragment } from '../../gql/graphql';
import { errorMessage } from './errors';
import { Address, say } from '../../lib/address';
import { frenchDayTime } from '../../lib/french-format';
import { RichHtml } from '../../components/rich-html';
import { StatusNote } from './status-note';

/** Plain text typed in the comment box, as the API's rich text (paragraphs, line breaks, escaped). */
export function textToHtml(text: string): string {
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return text.trim().split(/\n{2,}/).map((paragraph) => `<p>${escape(paragraph).replace(/\n/g, '<br>')}</p>`).join('');
}

function CommentItem({ comment, me, address }: { comment: WallCommentFragment; me: string; address: Address }) {
  return (
    <li className="comment">
      <p className="comment-meta">
        <strong>{comment.author.displayName}</strong>{' '}
        <time dateTime={comment.createdAt} className="muted">{frenchDayTime(comment.createdAt)}</time>
      </p>
      {comment.bodyHtml ? <RichHtml html={comment.bodyHtml} /> : <p className="muted">Commentaire supprimé.</p>}
      <StatusNote status={comment.status} reason={comment.moderationReason} mine={comment.author.id === me} address={address} />
    </li>
  );
}

/**
 * Under a post: its latest comments without a click, « Voir les N commentaires » for all of them, and « Commenter »,
 * which opens a labelled text box whose own « Commenter » sends it. Focus comes back to « Commenter » after sending.
 */
export function Comments({ post, me, address, canComment }: {
  post: WallPostFragment; me: string; address: Address; canComment: boolean;
}) {
  const client = useApolloClient();
  const announce = useAnnounce();
  const boxId = useId();
  const [all, setAll] = useState<WallCommentFragment[] | null>(null);
  const [loadingAll, setLoadingAll] = useState(false);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  // Back on « Commenter » once the box has closed (after it is rendered again).
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!refocus || open) return;
    opener.current?.focus();
    setRefocus(false);
  }, [refocus, open]);
  const [create, { loading }] = useMutation(CreateCommentDocument);

  const shown = all ?? post.latestComments;
  const hidden = post.commentCount - shown.length;

  async function showAll() {
    setLoadingAll(true);
    try {
      const result = await client.query({ query: PostCommentsDocument, variables: { postId: post.id }, fetchPolicy: 'network-only' });
      setAll(result.data?.post?.comments.edges.map((edge) => edge.node) ?? null);
    } catch {
      setError(say(address, { tu: 'Les commentaires n’ont pas pu être chargés. Réessaie.', vous: 'Les commentaires n’ont pas pu être chargés. Réessayez.' }));
    } finally {
      setLoadingAll(false);
    }
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    if (loading) return;
    if (!text.trim()) {
      setError(say(address, { tu: 'Écris ton commentaire avant de l’envoyer.', vous: 'Écrivez votre commentaire avant de l’envoyer.' }));
      return;
    }
    try {
      const result = await create({ variables: { input: { postId: post.id, bodyHtml: textToHtml(text) } } });
      const comment = result.data?.createComment;
      if (!comment) return;
      client.cache.modify({
        id: client.cache.identify({ __typename: 'Post', id: post.id }),
        fields: {
          latestComments: (existing, { toReference }) => [...(Array.isArray(existing) ? existing : []), toReference(comment as never)].slice(-3),
          commentCount: (count: number) => count + 1,
        },
      });
      if (all) setAll([...all, comment]);
      setText('');
      setError(null);
      setOpen(false);
      setRefocus(true);
      announce(comment.status === 'PENDING'
        ? say(address, { tu: 'Ton commentaire est envoyé. Il est en attente de validation.', vous: 'Votre commentaire est envoyé. Il est en attente de validation.' })
        : say(address, { tu: 'Ton commentaire est publié.', vous: 'Votre commentaire est publié.' }));
    } catch (failure) {
      setError(errorMessage(failure, address));
    }
  }

  return (
    <section className="comments" aria-label={`Commentaires du message de ${post.author.displayName}`}>
      {shown.length > 0 ? (
        <ul className="comment-list">
          {shown.map((comment) => <CommentItem key={comment.id} comment={comment} me={me} address={address} />)}
        </ul>
      ) : null}
      <div className="actions">
        {hidden > 0 && !all ? (
          <Button variant="secondary" busy={loadingAll} onClick={() => void showAll()}>
            {`Voir les ${post.commentCount} commentaires`}
          </Button>
        ) : null}
        {canComment && !open ? (
          <button ref={opener} type="button" className="button button-secondary" onClick={() => { setOpen(true); setError(null); }}>
            Commenter
          </button>
        ) : null}
      </div>
      {open ? (
        <form className="comment-form" onSubmit={(event) => void send(event)} noValidate>
          <div className="field">
            <label htmlFor={boxId}>{say(address, { tu: 'Ton commentaire', vous: 'Votre commentaire' })}</label>
            <textarea id={boxId} value={text} autoFocus rows={3} maxLength={5000}
              aria-invalid={error ? true : undefined} aria-describedby={error ? `${boxId}-erreur` : undefined}
              onChange={(event) => setText(event.target.value)} />
            {error ? <p className="field-error" id={`${boxId}-erreur`}>{error}</p> : null}
          </div>
          <div className="actions">
            <Button type="submit" busy={loading}>Commenter</Button>
            <Button variant="secondary" onClick={() => { setOpen(false); setError(null); setRefocus(true); }}>
              Annuler
            </Button>
          </div>
        </form>
      ) : error ? <p className="field-error" role="alert">{error}</p> : null}
    </section>
  );
}
