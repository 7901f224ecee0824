import { DomainError } from '@passerelle/errors';
import { ConventionStatus, isInForce } from './convention-status.js';

/** A convention of the partner, with what it says about one UAI and one profile (one row per convention). */
export interface AdmissionCandidate {
  readonly id: string;
  readonly code: string;
  readonly version: number;
  readonly status: ConventionStatus;
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly createdAt: Date;
  /** Whether its partner structures include the UAI. */
  readonly coversUai: boolean;
  /** The profile's quota, or null when the profile is not listed. */
  readonly quota: number | null;
}

export type AdmissionRefusalCode = 'NO_CONVENTION' | 'STRUCTURE_NOT_COVERED' | 'PROFILE_NOT_ALLOWED' | 'CONVENTION_NOT_ACTIVE';

/** Refusal codes of an admission, in the order they are checked. */
export const ADMISSION_REFUSAL_CODES: readonly AdmissionRefusalCode[] = ['NO_CONVENTION', 'STRUCTURE_NOT_COVERED', 'PROFILE_NOT_ALLOWED',
  'CONVENTION_NOT_ACTIVE'];

/** A coded refusal to let a partner's user in, with a French message. */
export class AdmissionRefusedError extends DomainError {
  constructor(override readonly code: AdmissionRefusalCode, message: string, details?: Record<string, unknown>) {
    super(code, message, undefined, details);
    this.name = 'AdmissionRefusedError';
  }
}

/**
 * Which convention admits a person: the pure rule behind ConventionsQueries.findAdmittingConvention.
 * Precedence: no convention with the partner → NO_CONVENTION; none covers the UAI → STRUCTURE_NOT_COVERED;
 * none of those allows the profile (no row or quota 0) → PROFILE_NOT_ALLOWED; none of those is ACTIVE and in date
 * → CONVENTION_NOT_ACTIVE. Among several admitting conventions, the one that started last (then the newest) wins.
 */
export function decideAdmission(candidates: readonly AdmissionCandidate[], request: { uai: string; profile: string; at: Date }):
  AdmissionCandidate & { readonly quota: number } {
  if (candidates.length === 0) {
    throw new AdmissionRefusedError('NO_CONVENTION', "Aucune convention n'ouvre le hub aux utilisateurs de cet ENT partenaire.");
  }
  const covering = candidates.filter((candidate) => candidate.coversUai);
  if (covering.length === 0) {
    throw new AdmissionRefusedError('STRUCTURE_NOT_COVERED',
      `L'établissement ${request.uai} n'est couvert par aucune convention avec cet ENT partenaire.`, { uai: request.uai });
  }
  const allowing = covering.filter((candidate) => candidate.quota !== null && candidate.quota > 0);
  if (allowing.length === 0) {
    throw new AdmissionRefusedError('PROFILE_NOT_ALLOWED',
      `Le profil ${request.profile} n'est admis par aucune convention couvrant l'établissement ${request.uai}.`,
      { uai: request.uai, profile: request.profile });
  }
  const admitting = allowing.filter((candidate) => isInForce(candidate, request.at))
    .sort((a, b) => b.validFrom.getTime() - a.validFrom.getTime() || b.createdAt.getTime() - a.createdAt.getTime());
  if (admitting.length === 0) {
    const shown = allowing[0];
    const why = shown.status === ConventionStatus.ACTIVE
      ? (request.at < shown.validFrom ? "n'a pas encore commencé" : 'a pris fin')
      : { DRAFT: "n'est pas encore activée", SUSPENDED: 'est suspendue', ENDED: 'est terminée', ACTIVE: '' }[shown.status];
    throw new AdmissionRefusedError('CONVENTION_NOT_ACTIVE', `La convention ${shown.code} ${why} : elle n'ouvre aucun accès.`,
      { conventionId: shown.id, status: shown.status });
  }
  return admitting[0] as AdmissionCandidate & { quota: number };
}
