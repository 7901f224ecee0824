import { ReactNode, useEffect, useRef, useState } from 'react';
import './confirm-action.css';

/**
 * An action that asks first (« Retirer » → « Retirer ce message ? » « Oui, retirer » / « Annuler »), in place, without
 * a modal: the question takes the focus's place (its confirm button gets it), « Annuler » gives it back to the action.
 * `context` is read after the action's visible name by assistive technologies (« Retirer le message de Emma »).
 */
export function ConfirmAction({ label, context, question, confirmLabel, onConfirm, busy = false, className }: {
  label: string;
  context?: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void | Promise<unknown>;
  busy?: boolean;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const action = useRef<HTMLButtonElement>(null);
  const returning = useRef(false);
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (returning.current) {
      returning.current = false;
      action.current?.focus();
    }
  }, [asking]);
  if (!asking) {
    return (
      <button ref={action} type="button" className={`button button-secondary button-small ${className ?? ''}`} onClick={() => setAsking(true)}>
        {label}{context ? <span className="visually-hidden"> {context}</span> : null}
      </button>
    );
  }
  return (
    <span className="confirm-action" role="group" aria-label={typeof question === 'string' ? question : label}>
      <span className="confirm-question">{question}</span>
      <button ref={confirm} type="button" className="button button-small" aria-disabled={busy || undefined}
        onClick={() => { if (!busy) void Promise.resolve(onConfirm()).finally(() => setAsking(false)); }}>
        {confirmLabel}
      </button>
      <button type="button" className="button button-secondary button-small" onClick={() => { returning.current = true; setAsking(false); }}>
        Annuler
      </button>
    </span>
  );
}
