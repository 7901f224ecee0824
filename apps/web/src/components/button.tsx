import { ButtonHTMLAttributes } from 'react';

/** A real <button>: `type="button"` unless it submits; « secondary » for the less important action of a pair. */
export function Button({ variant = 'primary', type = 'button', busy = false, className, children, ...rest }:
  ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary'; busy?: boolean }) {
  const classes = ['button', variant === 'secondary' ? 'button-secondary' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button {...rest} type={type} className={classes} aria-disabled={busy || undefined} disabled={rest.disabled}>
      {children}
    </button>
  );
}
