/**
 * Pupils read « tu », adults « vous » (issue 12, « Words »). A text that differs is written twice, next to its
 * component: `say(address, { tu: 'Tu…', vous: 'Vous…' })`.
 */
export type Address = 'tu' | 'vous';

export function addressOf(roles: readonly string[] | null | undefined): Address {
  return roles?.includes('PUPIL') ? 'tu' : 'vous';
}

export function say(address: Address, texts: { readonly tu: string; readonly vous: string }): string {
  return texts[address];
}
