import { ClassLevel, classLevelLabel, Profile } from '@passerelle/directory';
import { InvalidInputError } from '@passerelle/errors';

/* The guest quota estimate the brief asks every ENT to be able to compute: pupils of the partner classes planned and
   their teachers, plus a safety margin. Framework-free. */

export const MAX_ESTIMATE_CLASSES = 200;
export const MAX_PUPILS_PER_CLASS = 100;
export const MAX_TEACHERS = 1000;
export const MAX_MARGIN_PERCENT = 50;

export interface PlannedClass {
  readonly level: ClassLevel;
  /** How people name the class, e.g. "6e B"; the level's name when absent. */
  readonly label?: string | null;
  readonly pupils: number;
}

export interface QuotaEstimateInput {
  readonly partnerClasses: readonly PlannedClass[];
  readonly teachers: number;
  /** Percent added to each profile, 0 to 50. */
  readonly margin: number;
}

export interface ProfileEstimate {
  readonly profile: Profile;
  /** Guests strictly needed. */
  readonly base: number;
  /** Guests added by the margin. */
  readonly margin: number;
  /** ceil(base × (1 + margin / 100)). */
  readonly total: number;
}

export interface QuotaEstimate {
  readonly profiles: readonly ProfileEstimate[];
  /** One line per class and one for the teachers, e.g. "6e B : 26 élèves". */
  readonly breakdown: readonly string[];
}

function count(value: number, max: number, message: string, field: readonly (string | number)[]): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new InvalidInputError(message, field);
  return value;
}

/**
 * total = ceil(base × (1 + margin / 100)), on integers (the margin to a hundredth of a percent) so that 20 × 1.1 is 22
 * and not 22.000000000000004 rounded up to 23.
 */
export function withMargin(base: number, marginPercent: number): number {
  const hundredths = Math.round(marginPercent * 100);
  return Math.floor((base * (10_000 + hundredths) + 9_999) / 10_000);
}

/** Pupils become National_ELV guests, teachers National_ENS guests; each with its margin and the breakdown behind it. */
export function estimateGuestQuota(input: QuotaEstimateInput): QuotaEstimate {
  if (!Array.isArray(input.partnerClasses) || input.partnerClasses.length > MAX_ESTIMATE_CLASSES) {
    throw new InvalidInputError(`Indiquez ${MAX_ESTIMATE_CLASSES} classes au plus.`, ['input', 'partnerClasses']);
  }
  const margin = input.margin;
  if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0 || margin > MAX_MARGIN_PERCENT) {
    throw new InvalidInputError(`La marge doit être comprise entre 0 et ${MAX_MARGIN_PERCENT} %.`, ['input', 'margin']);
  }
  const teachers = count(input.teachers, MAX_TEACHERS, `Le nombre d'enseignants doit être un entier entre 0 et ${MAX_TEACHERS}.`,
    ['input', 'teachers']);
  const breakdown: string[] = [];
  let pupils = 0;
  input.partnerClasses.forEach((planned, index) => {
    if (!Object.values(ClassLevel).includes(planned.level)) {
      throw new InvalidInputError('Le niveau de classe est inconnu.', ['input', 'partnerClasses', index, 'level']);
    }
    const size = count(planned.pupils, MAX_PUPILS_PER_CLASS, `Le nombre d'élèves d'une classe doit être un entier entre 0 et ${MAX_PUPILS_PER_CLASS}.`,
      ['input', 'partnerClasses', index, 'pupils']);
    const label = planned.label?.trim() ? planned.label.trim().slice(0, 100) : classLevelLabel(planned.level);
    breakdown.push(`${label} : ${size} ${size > 1 ? 'élèves' : 'élève'}`);
    pupils += size;
  });
  breakdown.push(`Enseignants : ${teachers}`);
  const profiles = [
    { profile: Profile.ELV, base: pupils },
    { profile: Profile.ENS, base: teachers },
  ].map(({ profile, base }) => {
    const total = withMargin(base, margin);
    return { profile, base, margin: total - base, total };
  });
  if (margin > 0) breakdown.push(`Marge de ${margin} % : +${profiles[0].margin} élèves, +${profiles[1].margin} enseignants`);
  return { profiles, breakdown };
}
