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
 * The admission rule, for one convention: whether it covers the person's school (UAI), then whether it admits their
 * profile (listed with a quota above 0), then whether it is ACTIVE and in date. Each step needs the one before; the
 * first that fails is the refusal. Used for a first sign-in (decideAdmission, over the partner's conventions), for a
 * returning guest and at every request (guestAdmissionRefusal, over the guest's own convention).
 */
export function conventionRefusal(candidate: Pick<AdmissionCandidate, 'coversUai' | 'quota' | 'status' | 'validFrom' | 'validUntil'>,
  at: Date): Exclude<AdmissionRefusalCode, 'NO_CONVENTION'> | null {
  if (!candidate.coversUai) return 'STRUCTURE_NOT_COVERED';
  if (candidate.quota === null || !(candidate.quota > 0)) return 'PROFILE_NOT_ALLOWED';
  if (!isInForce(candidate, at)) return 'CONVENTION_NOT_ACTIVE';
  return null;
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
  const refusals = candidates.map((candidate) => ({ candidate, refusal: conventionRefusal(candidate, request.at) }));
  const covering = refusals.filter(({ refusal }) => refusal !== 'STRUCTURE_NOT_COVERED');
  if (covering.length === 0) {
    throw new AdmissionRefusedError('STRUCTURE_NOT_COVERED',
      `L'établissement ${request.uai} n'est couvert par aucune convention avec cet ENT partenaire.`, { uai: request.uai });
  }
  const allowing = covering.filter(({ refusal }) => refusal !== 'PROFILE_NOT_ALLOWED').map(({ candidate }) => candidate);
  if (allowing.length === 0) {
    throw new AdmissionRefusedError('PROFILE_NOT_ALLOWED',
      `Le profil ${request.profile} n'est admis par aucune convention couvrant l'établissement ${request.uai}.`,
      { uai: request.uai, profile: request.profile });
  }
  const admitting = refusals.filter(({ refusal }) => refusal === null).map(({ candidate }) => candidate)
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

/**
 * What admission needs to know about a guest already bound, read at each sign-in and each request (never taken from
 * the session): the guest's state, school and profile, and the current version of its convention.
 */
export interface GuestAdmissionFacts {
  /** AVAILABLE, BOUND, SUSPENDED or DEPROVISIONED: only BOUND is let in. */
  readonly state: string;
  /** The guest's school at the partner (the one the partner sends now, at a sign-in). */
  readonly uai: string | null;
  /** National code of the guest's pool. */
  readonly profile: string;
  readonly convention: {
    readonly partnerId: string;
    readonly status: ConventionStatus | string;
    readonly validFrom: Date;
    readonly validUntil: Date;
    /** The partner schools (UAIs) the convention covers. */
    readonly coveredUais: readonly string[];
    /** The profiles it admits: listed with a quota above 0. */
    readonly admittedProfiles: readonly string[];
  };
}

/**
 * Whether a bound guest may come in at `at`, or the code of the refusal, in the order a first sign-in is refused:
 * another partner signing in (`signInPartnerId`, at a sign-in only) → NO_CONVENTION; the guest's school no longer
 * covered → STRUCTURE_NOT_COVERED; their profile no longer admitted → PROFILE_NOT_ALLOWED; the convention not ACTIVE
 * or out of date, or the guest not BOUND → CONVENTION_NOT_ACTIVE. So a guest whose collège an amendment dropped is
 * refused exactly like a pupil of that collège who never signed in.
 */
export function guestAdmissionRefusal(guest: GuestAdmissionFacts, at: Date, signInPartnerId?: string): AdmissionRefusalCode | null {
  if (signInPartnerId !== undefined && signInPartnerId !== guest.convention.partnerId) return 'NO_CONVENTION';
  const { convention } = guest;
  const refusal = conventionRefusal({
    coversUai: coversGuestUai(convention.coveredUais, guest.uai),
    quota: admitsGuestProfile(convention.admittedProfiles, guest.profile) ? 1 : null,
    status: convention.status as ConventionStatus, validFrom: convention.validFrom, validUntil: convention.validUntil,
  }, at);
  if (refusal) return refusal;
  return guest.state === 'BOUND' ? null : 'CONVENTION_NOT_ACTIVE';
}

/** Whether the guest's school and profile are still admitted by its convention, whatever its state and dates. */
export function guestSchoolAndProfileAdmitted(guest: Pick<GuestAdmissionFacts, 'uai' | 'profile'>,
  convention: Pick<GuestAdmissionFacts['convention'], 'coveredUais' | 'admittedProfiles'>): boolean {
  return coversGuestUai(convention.coveredUais, guest.uai) && admitsGuestProfile(convention.admittedProfiles, guest.profile);
}

/** UAIs are compared upper-case (as stored), national codes case-insensitively (`National_elv` is `National_ELV`). */
function coversGuestUai(coveredUais: readonly string[], uai: string | null): boolean {
  if (!uai) return false;
  const wanted = uai.trim().toUpperCase();
  return coveredUais.some((covered) => covered.toUpperCase() === wanted);
}

function admitsGuestProfile(admittedProfiles: readonly string[], profile: string): boolean {
  const wanted = profile.toLowerCase();
  return admittedProfiles.some((admitted) => admitted.toLowerCase() === wanted);
}
