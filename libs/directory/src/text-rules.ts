import { forbiddenCharacterIn, forbiddenCharacterMessage } from '@passerelle/errors';

/** Free text typed by people (names, labels): trimmed, required, bounded as the database columns are. */

export type TextCheck<V = string> =
  | { readonly valid: true; readonly value: V }
  | { readonly valid: false; readonly reason: string };

/**
 * Trims `raw` and checks it holds no control character (forbiddenCharacterIn), is neither blank nor longer than `max` characters (counted as PostgreSQL counts
 * them, by code point). `subject` names the field in French with its article: "Le nom", "Le libellé".
 */
export function checkRequiredText(raw: string, max: number, subject: string): TextCheck {
  const forbidden = forbiddenCharacterIn(raw);
  if (forbidden) return { valid: false, reason: forbiddenCharacterMessage(forbidden, subject) };
  const value = raw.trim();
  if (value === '') return { valid: false, reason: `${subject} est obligatoire.` };
  if (Array.from(value).length > max) return { valid: false, reason: `${subject} ne doit pas dépasser ${max} caractères.` };
  return { valid: true, value };
}

/** Like checkRequiredText, but blank or absent means "none" (null). */
export function checkOptionalText(raw: string | null | undefined, max: number, subject: string): TextCheck<string | null> {
  if (raw === undefined || raw === null || raw.trim() === '') return { valid: true, value: null };
  return checkRequiredText(raw, max, subject);
}
