import { DomainError } from '@passerelle/errors';

/** Why a partner identity gets no guest account: stable codes for programs (the federation shows the message). */
export const GUEST_CLAIM_REFUSALS = {
  NO_CONVENTION: "Votre ENT n'a pas de convention avec cette école : l'accès n'y est pas ouvert.",
  STRUCTURE_NOT_COVERED: "Votre établissement n'est pas couvert par la convention de votre ENT avec cette école.",
  PROFILE_NOT_ALLOWED: "Votre profil n'est pas admis par la convention de votre ENT avec cette école.",
  CONVENTION_NOT_ACTIVE: "La convention qui vous donne accès à cette école n'est pas active en ce moment.",
  GUEST_POOL_EXHAUSTED: "Plus aucun compte invité n'est disponible pour cette convention : prévenez la direction de l'école.",
} as const;

export type GuestClaimRefusalCode = keyof typeof GUEST_CLAIM_REFUSALS;

/** A claim refused by the rules of the conventions; `conventionId` (not shown to the caller) says which one, when known. */
export class GuestClaimRefusedError extends DomainError {
  constructor(code: GuestClaimRefusalCode, readonly conventionId?: string) {
    super(code, GUEST_CLAIM_REFUSALS[code]);
  }
}

/** Whether an error is one of the claim refusals, whoever threw it (the conventions library throws the first four). */
export function isClaimRefusal(error: unknown): error is DomainError & { code: GuestClaimRefusalCode } {
  return error instanceof DomainError && Object.prototype.hasOwnProperty.call(GUEST_CLAIM_REFUSALS, error.code);
}

