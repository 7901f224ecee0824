/**
 * Which school a home-ENT person belongs to (framework-free; HomePeopleService applies it at every sign-in).
 * A HOME partner signs in only people of the schools it serves (partner_ent.served_uais): a home ENT registered for
 * one école cannot make someone a member, let alone the director, of another. And a person's school never changes at a
 * sign-in: a returning person whose ENT now asserts another school is refused, until a hub administrator moves them
 * (moveHomePerson), so that a mistaken or hostile assertion cannot carry someone into another school's spaces.
 */
export type HomeSchoolVerdict =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly code: 'HOME_SCHOOL_NOT_SERVED' | 'HOME_SCHOOL_CHANGED' };

export function checkHomeSchool(input: {
  /** The partner's served UAIs (absent or empty: none). */
  readonly servedUais: readonly string[] | undefined;
  /** The UAI the ENT asserts, already normalised by checkUai. */
  readonly assertedUai: string;
  /** The UAI of the school the person already belongs to; null for a first sign-in (or a person with no school yet). */
  readonly currentUai: string | null;
}): HomeSchoolVerdict {
  if (!(input.servedUais ?? []).includes(input.assertedUai)) return { admitted: false, code: 'HOME_SCHOOL_NOT_SERVED' };
  if (input.currentUai !== null && input.currentUai !== input.assertedUai) return { admitted: false, code: 'HOME_SCHOOL_CHANGED' };
  return { admitted: true };
}
