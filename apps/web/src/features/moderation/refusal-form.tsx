import { FormEvent, useEffect, useState } from 'react';
import { Button } from '../../components/button';
import { Field } from '../../components/field';

/**
 * « Refuser » asks why, inline under the item: the reason is what the pupil will read, so it is required (a French
 * error on the box when empty). The box takes the focus when the form opens; « Annuler » gives it back to « Refuser ».
 */
export function RefusalForm({ itemKey, busy, onConfirm, onCancel }: {
  itemKey: string;
  busy: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const boxId = `raison-${itemKey}`;
  const focusBox = () => document.getElementById(boxId)?.focus();
  useEffect(focusBox, [boxId]);
  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = reason.trim();
    if (!trimmed) {
      setError('Écrivez la raison du refus : l’élève la lira.');
      focusBox();
      return;
    }
    onConfirm(trimmed);
  }
  return (
    <form className="refusal-form" noValidate onSubmit={submit} aria-label="Refuser avec une raison">
      <Field multiline id={boxId} label="Raison du refus (l’élève la lira)" required maxLength={500}
        value={reason} error={error} onChange={(event) => { setReason(event.target.value); if (error) setError(null); }} />
      <p className="actions">
        <Button type="submit" busy={busy}>Confirmer le refus</Button>
        <Button variant="secondary" onClick={onCancel}>Annuler</Button>
      </p>
    </form>
  );
}
