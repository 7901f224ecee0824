import { randomInt } from 'node:crypto';

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** A random UAI with its right check letter (number modulo 23). */
export function validUai(): string {
  const digits = String(randomInt(0, 10_000_000)).padStart(7, '0');
  return digits + LETTERS[Number(digits) % 23];
}

/** The same number with a wrong check letter. */
export function invalidUai(): string {
  const uai = validUai();
  const wrong = LETTERS[(LETTERS.indexOf(uai[7]) + 1) % 23];
  return uai.slice(0, 7) + wrong;
}
