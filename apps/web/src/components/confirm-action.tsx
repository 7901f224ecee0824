import { ReactNode, useEffect, useRef, useState } from 'react';
import './confirm-action.css';

/**
 * An action that asks first (« Retirer » → « Retirer ce message ? » « Oui, retirer » / « Annuler »), in place, without
 * a modal: the question takes the focus's place (its confirm button gets it), « Annuler » gives it back to the action.
 * `context` is read after the action's visible name by assistive technologies (« Retirer le message de Emma »).
 * `children` go between the question and the buttons (a field asking why: « Masquer » asks the reason): the focus then
 * goes to the first field; `onConfirm` returning false keeps the question open (a field left empty says so itself).
 */
export function ConfirmAction({ label, context, question, confirmLabel, onConfirm, busy = false, className, children, id }: {
  label: string;
  context?: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void | boolean | Promise<unknown>;
  busy?: boolean;
  className?: string;
  children?: ReactNode;
  id?: string;
}) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const action = useRef<HTMLButtonElement>(null);
  const group = useRef<HTMLSpanElement>(null);
  const returning = useRef(false);
  useEffect(() => {
    if (asking) (group.current?.querySelector<HTMLElement>('textarea, input') ?? confirm.current)?.focus();
    else if (returning.current) {
      returning.current = false;
      action.current?.focus();
    }
  }, [asking]);
  if (!asking) {
    return (
      <button ref={action} id={id} type="button" className={`button button-secondary button-small ${className ?? ''}`} onClick={() => setAsking(true)}>
        {label}{context ? <span className="visually-hidden"> {context}</span> : null}
      </button>
    );
  }
  return (
    <span ref={group} className={`confirm-action${children ? ' confirm-action-with-field' : ''}`} role="group"
      aria-label={typeof question === 'string' ? question : label}>
      <span className="confirm-question">{question}</span>
      {children}
      <button ref={confirm} type="button" className="button button-small" aria-disabled={busy || undefined}
        onClick={() => {
          if (busy) return;
          void Promise.resolve(onConfirm()).then((result) => { if (result !== false) setAsking(false); }, () => setAsking(false));
        }}>
        {confirmLabel}
      </button>
      <button type="button" className="button button-secondary button-small" onClick={() => { returning.current = true; setAsking(false); }}>
        Annuler
      </button>
    </span>
  );
}
