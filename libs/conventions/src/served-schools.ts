import { checkUai } from '@passerelle/directory';
import { PartnerTrust } from './partner-settings.js';

/**
 * The schools a HOME partner (the school's own ENT) serves: the only UAIs whose people it may sign in. A PARTNER
 * partner serves none (its schools are its conventions'). Framework-free: PartnersService applies it.
 */
export type ServedUaisCheck =
  | { readonly ok: true; readonly uais: readonly string[] }
  | { readonly ok: false; readonly index: number | null; readonly reason: string };

export const SERVED_UAIS_PARTNER_REASON =
  "Seul l'ENT de l'école (confiance HOME) déclare des écoles servies : un ENT partenaire est limité par ses conventions.";

/** Normalises each UAI ("  0750001u " → "0750001U"), refuses an invalid one with its reason, sorts and drops repeats. */
export function checkServedUais(raw: readonly string[], trust: PartnerTrust): ServedUaisCheck {
  const uais = new Set<string>();
  for (const [index, value] of raw.entries()) {
    const check = checkUai(typeof value === 'string' ? value : '');
    if (!check.valid) return { ok: false, index, reason: check.reason };
    uais.add(check.uai);
  }
  if (trust !== PartnerTrust.HOME && uais.size > 0) return { ok: false, index: null, reason: SERVED_UAIS_PARTNER_REASON };
  return { ok: true, uais: [...uais].sort() };
}

/**
 * The served schools after a change: the list given (checked), or the stored one; always none once the partner is
 * PARTNER (changing the trust to PARTNER clears them).
 */
export function nextServedUais(stored: readonly string[], given: readonly string[] | null | undefined, trust: PartnerTrust): ServedUaisCheck {
  if (given === undefined || given === null) return { ok: true, uais: trust === PartnerTrust.HOME ? [...stored] : [] };
  return checkServedUais(given, trust);
}
