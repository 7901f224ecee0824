import type { ReactNode } from 'react';
import { Button } from '../../components/button';
import { frenchDayTime } from '../../lib/french-format';
import { frenchSize, QueueItem, textOf } from './queue-items';
import { RichHtml } from '../../components/rich-html';

/** What the item is, in the words the moderator reads. */
const KIND_LABEL: Record<QueueItem['kind'], string> = { post: 'Message', comment: 'Commentaire', upload: 'Fichier' };

function authorOf(item: QueueItem) {
  return item.kind === 'post' ? item.post.author : item.kind === 'comment' ? item.comment.author : item.upload.uploader;
}

/**
 * One held post, comment or upload: its author, what it is, its content, and « Valider » / « Refuser ». The article is
 * focusable (tabIndex -1) so that the focus can land on the next item after a decision.
 */
export function QueueItemView({ item, busy, onApprove, onReject, refusal }: {
  item: QueueItem;
  busy: boolean;
  onApprove: () => void;
  onReject: () => void;
  /** The refusal form, when open for this item. */
  refusal: ReactNode;
}) {
  const author = authorOf(item);
  const origin = item.kind === 'post' ? item.post.authorOrigin : item.kind === 'comment' ? item.comment.authorOrigin : item.upload.uploaderOrigin;
  const where = [origin?.className, origin?.schoolName].filter(Boolean).join(', ');
  const headingId = `${item.key}-titre`;
  return (
    <article id={item.key} className="card queue-item" tabIndex={-1} aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span className="queue-kind">{KIND_LABEL[item.kind]}</span> de {author.displayName}
      </h3>
      <p className="muted">
        {author.kind === 'GUEST' ? 'Invité·e d’un ENT partenaire' : 'Membre de l’école'}
        {where ? <> · <span className="queue-origin">{where}</span></> : null} · envoyé le {frenchDayTime(item.at)}
      </p>
      {item.kind === 'comment' ? (
        <p className="queue-context">
          En réponse au message {item.answers
            ? <>de {item.answers.author.displayName} : <q>{excerpt(textOf(item.answers.bodyHtml))}</q></>
            : 'd’un fil plus ancien'}
        </p>
      ) : null}
      {item.kind === 'upload' ? (
        <p>
          <a href={item.upload.contentUrl} target="_blank" rel="noopener">
            Voir le fichier {item.upload.name}<span className="visually-hidden"> (nouvel onglet)</span>
          </a>{' '}
          <span className="muted">({frenchSize(item.upload.sizeBytes)}{item.upload.version > 1 ? `, version ${item.upload.version}` : ''})</span>
        </p>
      ) : (
        // Sanitised by the hub (p, br, strong, em, lists, links, blockquote): no script can come through, and the CSP forbids inline ones.
        <RichHtml html={(item.kind === 'post' ? item.post.bodyHtml : item.comment.bodyHtml) ?? ''} className="queue-body" />
      )}
      {refusal ?? (
        <p className="actions">
          <Button busy={busy} onClick={onApprove}>Valider</Button>
          <Button id={`${item.key}-refuser`} variant="secondary" busy={busy} onClick={onReject}>Refuser</Button>
        </p>
      )}
    </article>
  );
}

function excerpt(text: string): string {
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}
