import { useEffect, useRef } from 'react';
import { Button } from '../../components/button';

/**
 * The confirmation of a deletion, in place: the question takes the focus (a screen reader reads it), « Oui, supprimer »
 * deletes, « Annuler » gives up (the caller puts the focus back on the button that opened it).
 */
export function ConfirmDelete({ question, busy, onConfirm, onCancel }: {
  question: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const text = useRef<HTMLParagraphElement>(null);
  useEffect(() => text.current?.focus(), []);
  return (
    <div className="confirm" role="group" aria-label="Confirmation">
      <p ref={text} tabIndex={-1} className="confirm-question">{question}</p>
      <p className="actions">
        <Button onClick={onConfirm} busy={busy}>Oui, supprimer</Button>
        <Button variant="secondary" onClick={onCancel}>Annuler</Button>
      </p>
    </div>
  );
}
