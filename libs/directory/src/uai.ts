/**
 * UAI (Unité Administrative Immatriculée): a school's national id, 7 digits then a check letter.
 * The 7-digit number modulo 23 indexes UAI_CHECK_LETTERS (no I, O, Q). Corsica writes 620/720 in place of
 * 2A/2B inside the number, so a valid UAI is always plain digits.
 */
export const UAI_CHECK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

const UAI_SHAPE = /^[0-9]{7}[A-Z]$/;
/** A Corsican UAI typed with its département (2A, 2B) instead of 620, 720: "2A00034", "02A0034K". */
const CORSICA_SHAPE = /^0?2([AB])([0-9]{4})[A-Z]?$/;
/** Longest input echoed back in a message, so that a pasted paragraph is not repeated to the user. */
const ECHO_MAX = 20;

export type UaiCheck =
  | { readonly valid: true; readonly uai: string }
  | { readonly valid: false; readonly uai: string; readonly reason: string };

/** Trims and upper-cases what a person typed or a partner sent ("  0750001u " → "0750001U"). */
export function normaliseUai(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The check letter of a 7-digit UAI number. Throws on anything else: callers check the shape first. */
export function uaiCheckLetter(digits: string): string {
  if (!/^[0-9]{7}$/.test(digits)) throw new RangeError(`Not a 7-digit UAI number: ${digits}`);
  return UAI_CHECK_LETTERS[Number(digits) % 23];
}

/** Normalises then checks a UAI; an invalid one comes with the reason, in French, for the person who typed it. */
export function checkUai(raw: string): UaiCheck {
  const uai = normaliseUai(raw);
  if (uai === '') return { valid: false, uai, reason: "L'UAI est obligatoire." };
  const shown = uai.length > ECHO_MAX ? `${uai.slice(0, ECHO_MAX)}…` : uai;
  const corsica = CORSICA_SHAPE.exec(uai);
  if (corsica) {
    const digits = `${corsica[1] === 'A' ? '620' : '720'}${corsica[2]}`;
    return {
      valid: false, uai,
      reason: `L'UAI ${shown} doit s'écrire en chiffres : en Corse, 2A et 2B s'écrivent 620 et 720 (ici ${digits}${uaiCheckLetter(digits)}).`,
    };
  }
  if (!UAI_SHAPE.test(uai)) {
    return {
      valid: false, uai,
      reason: `L'UAI ${shown} doit comporter 7 chiffres suivis d'une lettre clé (par exemple 0750001U).`,
    };
  }
  const expected = uaiCheckLetter(uai.slice(0, 7));
  if (uai[7] !== expected) {
    return { valid: false, uai, reason: `La lettre clé de l'UAI ${uai} devrait être ${expected}.` };
  }
  return { valid: true, uai };
}

export function isValidUai(raw: string): boolean {
  return checkUai(raw).valid;
}
