import { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes, useId } from 'react';

/**
 * A labelled form field with its hint and its error: the error is tied to the input (aria-describedby) and marks it
 * invalid (aria-invalid). `multiline` gives a <textarea>.
 */
type Common = { label: ReactNode; hint?: ReactNode; error?: string | null };

export function Field(props: Common & ({ multiline?: false } & InputHTMLAttributes<HTMLInputElement>
  | { multiline: true } & TextareaHTMLAttributes<HTMLTextAreaElement>)) {
  const { label, hint, error, multiline, id: givenId, ...rest } = props;
  const generated = useId();
  const id = givenId ?? generated;
  const hintId = hint ? `${id}-aide` : undefined;
  const errorId = error ? `${id}-erreur` : undefined;
  const described = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const shared = { id, 'aria-describedby': described, 'aria-invalid': error ? true : undefined };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <p className="hint" id={hintId}>{hint}</p> : null}
      {multiline
        ? <textarea {...(rest as TextareaHTMLAttributes<HTMLTextAreaElement>)} {...shared} />
        : <input {...(rest as InputHTMLAttributes<HTMLInputElement>)} {...shared} />}
      {error ? <p className="field-error" id={errorId}>{error}</p> : null}
    </div>
  );
}
