import { forwardRef } from 'react';
import { ConfirmAction } from '../../components/confirm-action';
import { ChatMessageItemFragment } from '../../gql/graphql';

const TIME = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });
const DAY_TIME = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

function when(value: string): string {
  const date = new Date(value);
  return DAY.format(date) === DAY.format(new Date()) ? TIME.format(date) : DAY_TIME.format(date);
}

export interface MessageActions {
  /** Whether « Message privé » is offered to this message's author. */
  mayWriteTo(message: ChatMessageItemFragment): boolean;
  writeTo(message: ChatMessageItemFragment): void;
  mayRemove(message: ChatMessageItemFragment): boolean;
  remove(message: ChatMessageItemFragment): Promise<unknown>;
  isMine(message: ChatMessageItemFragment): boolean;
}

/**
 * The messages, oldest at the top and newest at the bottom, in a log region (role="log", polite): a message that
 * arrives is read out without moving the focus. The region scrolls on its own and takes the keyboard's focus (so it
 * scrolls with the arrows). Private messages say so, and to or from whom; removed ones show their notice.
 */
export const MessageList = forwardRef<HTMLDivElement, { messages: readonly ChatMessageItemFragment[]; actions: MessageActions; busy: boolean }>(
  function MessageList({ messages, actions, busy }, ref) {
    return (
      <div ref={ref} className="chat-log" role="log" aria-live="polite" aria-relevant="additions text" aria-label="Messages de la discussion"
        aria-busy={busy || undefined} tabIndex={0}>
        {messages.length === 0 ? <p className="muted chat-empty">Aucun message pour le moment.</p> : null}
        <ol className="chat-messages">
          {messages.map((message) => <MessageItem key={message.id} message={message} actions={actions} />)}
        </ol>
      </div>
    );
  });

function MessageItem({ message, actions }: { message: ChatMessageItemFragment; actions: MessageActions }) {
  const mine = actions.isMine(message);
  const classes = ['chat-message', mine ? 'chat-mine' : '', message.isPrivate ? 'chat-private' : '', message.removed ? 'chat-removed' : '']
    .filter(Boolean).join(' ');
  return (
    <li className={classes}>
      <p className="chat-meta">
        <span className="chat-author">{mine ? 'Moi' : message.author.displayName}</span>
        {' '}<time dateTime={message.createdAt}>{when(message.createdAt)}</time>
        {message.isPrivate ? (
          <span className="chat-private-badge">
            {' '}{mine ? `Message privé à ${message.recipient?.displayName ?? '…'}` : 'Message privé'}
          </span>
        ) : null}
      </p>
      {message.removed
        ? <p className="chat-text chat-notice">{message.removedNotice ?? 'Message retiré.'}</p>
        : <p className="chat-text">{message.text}</p>}
      {!message.removed && (actions.mayWriteTo(message) || actions.mayRemove(message)) ? (
        <p className="chat-actions">
          {actions.mayWriteTo(message) ? (
            <button type="button" className="button button-secondary button-small" onClick={() => actions.writeTo(message)}>
              Message privé<span className="visually-hidden"> à {message.author.displayName}</span>
            </button>
          ) : null}
          {actions.mayRemove(message) ? (
            <ConfirmAction label="Retirer" context={`le message de ${mine ? 'moi' : message.author.displayName}`}
              question="Retirer ce message ?" confirmLabel="Oui, retirer" onConfirm={() => actions.remove(message)} />
          ) : null}
        </p>
      ) : null}
    </li>
  );
}
