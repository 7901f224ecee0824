import { useMutation } from '@apollo/client/react';
import { FormEvent, KeyboardEvent, useId, useState } from 'react';
import { SendChatMessageDocument } from '../../gql/graphql';
import { say } from '../../lib/address';
import { useAddress } from '../../lib/session';
import { addChatMessage } from './chat-cache';
import { chatRefusal } from './chat-errors';
import type { ChatMember } from './private-messages';

/** Most characters a message holds (libs/chat MAX_CHAT_TEXT). */
const MAX_TEXT = 1000;

/**
 * The input: a labelled text box (« Ton message » / « Votre message »), « Envoyer »; Enter sends, Shift+Enter goes to
 * the line. « Écrire à » appears only when someone may be written to privately. The hub's refusals are shown under
 * the input (tied to it by aria-describedby, read out at once by role="alert"); focus stays in the box.
 */
export function Composer({ spaceId, recipients, recipientId, onRecipient }: {
  spaceId: string;
  recipients: readonly ChatMember[];
  recipientId: string;
  onRecipient: (id: string) => void;
}) {
  const address = useAddress();
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [send, { loading }] = useMutation(SendChatMessageDocument);
  const recipient = recipients.find((member) => member.id === recipientId);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (loading) return;
    if (!text.trim()) {
      setError(say(address, { tu: 'Écris un message avant de l’envoyer.', vous: 'Écrivez un message avant de l’envoyer.' }));
      return;
    }
    try {
      await send({
        variables: { input: { spaceId, text, recipientId: recipient ? recipient.id : null } },
        update: (cache, { data }) => { if (data?.sendChatMessage) addChatMessage(cache, data.sendChatMessage); },
      });
      setText('');
      setError(null);
    } catch (caught) {
      setError(chatRefusal(caught, address));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  const hintId = `${id}-aide`;
  const errorId = `${id}-erreur`;
  return (
    <form className="chat-composer" onSubmit={(event) => void submit(event)} noValidate>
      {recipients.length > 0 ? (
        <div className="field chat-recipient">
          <label htmlFor={`${id}-a`}>Écrire à</label>
          <select id={`${id}-a`} value={recipient ? recipient.id : ''} onChange={(event) => onRecipient(event.target.value)}>
            <option value="">Tout l’espace</option>
            {recipients.map((member) => <option key={member.id} value={member.id}>{member.displayName} (message privé)</option>)}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-texte`}>
          {say(address, { tu: 'Ton message', vous: 'Votre message' })}
          {recipient ? <span className="chat-private-to"> (message privé à {recipient.displayName})</span> : null}
        </label>
        <p className="hint" id={hintId}>{say(address, {
          tu: 'Entrée pour envoyer, Maj + Entrée pour aller à la ligne.',
          vous: 'Entrée pour envoyer, Maj + Entrée pour aller à la ligne.',
        })}</p>
        <textarea id={`${id}-texte`} value={text} maxLength={MAX_TEXT} rows={2}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId} aria-invalid={error ? true : undefined}
          onChange={(event) => { setText(event.target.value); if (error) setError(null); }} onKeyDown={onKeyDown} />
        <p className="field-error" id={errorId} role="alert">{error ?? ''}</p>
      </div>
      <div className="actions">
        <button type="submit" className="button" aria-disabled={loading || undefined}>Envoyer</button>
        {recipient ? (
          <button type="button" className="button button-secondary" onClick={() => onRecipient('')}>Écrire à tout l’espace</button>
        ) : null}
      </div>
    </form>
  );
}
