/**
 * School years ("2026-2027": 1 September 2026 – 31 August 2027, French calendar) and class levels.
 */

const SCHOOL_YEAR_SHAPE = /^([0-9]{4})-([0-9]{4})$/;
/** Dates are read on the French metropolitan calendar: at 23:30 UTC on 31 August it is already September in Paris. */
export const SCHOOL_CALENDAR_TIME_ZONE = 'Europe/Paris';
/** Months are 1-based: September. */
const FIRST_MONTH = 9;

export type SchoolYearCheck =
  | { readonly valid: true; readonly schoolYear: string }
  | { readonly valid: false; readonly schoolYear: string; readonly reason: string };

/** Checks a school year as people write it ("2026-2027"), after trimming. */
export function checkSchoolYear(raw: string): SchoolYearCheck {
  const schoolYear = raw.trim();
  const match = SCHOOL_YEAR_SHAPE.exec(schoolYear);
  if (!match || Number(match[2]) !== Number(match[1]) + 1) {
    return {
      valid: false, schoolYear,
      reason: "L'année scolaire doit s'écrire avec deux années consécutives, par exemple 2026-2027.",
    };
  }
  return { valid: true, schoolYear };
}

export function isSchoolYear(raw: string): boolean {
  return checkSchoolYear(raw).valid;
}

/** The school year that starts in September of `startYear`. */
export function schoolYearStartingIn(startYear: number): string {
  if (!Number.isInteger(startYear) || startYear < 1000 || startYear > 9998) {
    throw new RangeError(`Not a school year start: ${startYear}`);
  }
  return `${startYear}-${startYear + 1}`;
}

/** The school year in progress at `date` on the French calendar: from 1 September, the new one. */
export function schoolYearOf(date: Date, timeZone: string = SCHOOL_CALENDAR_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(date);
  const year = Number(parts.find((part) => part.type === 'year')?.value);
  const month = Number(parts.find((part) => part.type === 'month')?.value);
  return schoolYearStartingIn(month >= FIRST_MONTH ? year : year - 1);
}

/**
 * Home-ENT people last seen before the returned instant are due for erasure at `now`: those whose last school year
 * ended (31 August, French calendar) at least `retentionDays` days ago. With 92 days, from 2 December 2026 the
 * people not seen since 1 September 2026 are due; on 1 December, only those not seen since 1 September 2025.
 */
export function homePeopleErasureCutoff(now: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < 0) throw new RangeError(`Not a number of days: ${retentionDays}`);
  const start = Number(schoolYearOf(new Date(now.getTime() - retentionDays * 86_400_000)).slice(0, 4));
  // Midnight on 1 September in Paris is 22:00 UTC on 31 August (summer time).
  return new Date(`${start}-09-01T00:00:00+02:00`);
}

/** First and last calendar days of a school year, as ISO dates (no time, no time zone). */
export function schoolYearBounds(schoolYear: string): { readonly firstDay: string; readonly lastDay: string } {
  const check = checkSchoolYear(schoolYear);
  if (!check.valid) throw new RangeError(`Not a school year: ${schoolYear}`);
  const start = Number(check.schoolYear.slice(0, 4));
  return { firstDay: `${start}-09-01`, lastDay: `${start + 1}-08-31` };
}

/** Class levels, as the database check on `school_class.level` lists them. */
export enum ClassLevel {
  PS = 'PS',
  MS = 'MS',
  GS = 'GS',
  CP = 'CP',
  CE1 = 'CE1',
  CE2 = 'CE2',
  CM1 = 'CM1',
  CM2 = 'CM2',
  SIXIEME = 'SIXIEME',
  CINQUIEME = 'CINQUIEME',
  QUATRIEME = 'QUATRIEME',
  TROISIEME = 'TROISIEME',
}

/** In school order, from petite section to 3e. */
export const CLASS_LEVELS: readonly ClassLevel[] = Object.values(ClassLevel);

/** How French people write each level. */
export const CLASS_LEVEL_LABELS: Readonly<Record<ClassLevel, string>> = {
  [ClassLevel.PS]: 'Petite section',
  [ClassLevel.MS]: 'Moyenne section',
  [ClassLevel.GS]: 'Grande section',
  [ClassLevel.CP]: 'CP',
  [ClassLevel.CE1]: 'CE1',
  [ClassLevel.CE2]: 'CE2',
  [ClassLevel.CM1]: 'CM1',
  [ClassLevel.CM2]: 'CM2',
  [ClassLevel.SIXIEME]: '6e',
  [ClassLevel.CINQUIEME]: '5e',
  [ClassLevel.QUATRIEME]: '4e',
  [ClassLevel.TROISIEME]: '3e',
};

export function classLevelLabel(level: ClassLevel): string {
  return CLASS_LEVEL_LABELS[level];
}

/** Which kind of school teaches a level: maternelle and élémentaire in an école, 6e to 3e in a collège. */
export type SchoolKind = 'ECOLE' | 'COLLEGE';

const COLLEGE_LEVELS: ReadonlySet<ClassLevel> = new Set([
  ClassLevel.SIXIEME, ClassLevel.CINQUIEME, ClassLevel.QUATRIEME, ClassLevel.TROISIEME,
]);

export function schoolKindOfLevel(level: ClassLevel): SchoolKind {
  return COLLEGE_LEVELS.has(level) ? 'COLLEGE' : 'ECOLE';
}

/** Whether a school of this kind may hold a class of this level; if not, the French reason. */
export function checkLevelForSchool(level: ClassLevel, kind: SchoolKind):
  { readonly valid: true } | { readonly valid: false; readonly reason: string } {
  if (schoolKindOfLevel(level) === kind) return { valid: true };
  return {
    valid: false,
    reason: kind === 'ECOLE'
      ? `Une école n'a pas de classe de niveau ${classLevelLabel(level)}.`
      : `Un collège n'a pas de classe de niveau ${classLevelLabel(level)}.`,
  };
}
