/**
 * How a message speaks to the person who reads it: « tu » to a pupil, « vous » to anyone else (adults, and anyone
 * whose profile is not known). Every text written for one reader picks its form with `speak`.
 */
export type Address = 'TU' | 'VOUS';

/** The form of a text for `address`. */
export function speak<T>(address: Address, forms: { readonly tu: T; readonly vous: T }): T {
  return address === 'TU' ? forms.tu : forms.vous;
}

