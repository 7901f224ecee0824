import { isInForce } from '@passerelle/conventions';
import { schoolYearOf } from '@passerelle/directory';

/**
 * What an owner may add to a space (the « Ajouter une classe » and « Ajouter des invités » lists), as plain rules:
 * the classes of the space's own school from this school year on, and the guest cohorts of the conventions in force
 * that host that school — never the rest of the directory. Each candidate is one `addSpaceMembers` accepts.
 */

export interface ClassCandidateRow {
  readonly id: string;
  readonly label: string;
  readonly level: string;
  readonly schoolYear: string;
  readonly alreadyMember: boolean;
}

export interface HostingConventionRow {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly partnerName: string;
}

export interface PartnerSchoolRow {
  readonly conventionId: string;
  readonly uai: string;
  readonly name: string | null;
}

/** Bound guests of a convention counted per partner class and school (classCode null: no class known). */
export interface GuestClassRow {
  readonly conventionId: string;
  readonly classCode: string | null;
  readonly uai: string | null;
  readonly guests: number;
}

export interface CohortCandidate {
  readonly conventionId: string;
  readonly conventionTitle: string;
  readonly partnerName: string;
  /** null: every guest of the convention. */
  readonly classCode: string | null;
  /** The partner schools its guests come from (names, or UAI when the convention gives no name). */
  readonly schools: string[];
  /** Guests bound now (signed in at least once) in the cohort. */
  readonly guestCount: number;
  readonly alreadyMember: boolean;
}

/** The school years whose classes are offered: the current one and the next ones (classes made in advance). */
export function firstOfferedSchoolYear(now: Date): string {
  return schoolYearOf(now);
}

/** The conventions whose guests an owner may bring in now: those in force (ACTIVE, inside their window). */
export function offeredConventions(conventions: readonly HostingConventionRow[], now: Date): HostingConventionRow[] {
  return conventions.filter((convention) => isInForce(convention, now));
}

/**
 * One cohort per offered convention for all its guests, then one per partner class its bound guests gave (the class
 * code as `addSpaceMembers` takes it), each with the schools it draws from; those already in the space say so.
 */
export function cohortCandidates(conventions: readonly HostingConventionRow[], partnerSchools: readonly PartnerSchoolRow[],
  guestClasses: readonly GuestClassRow[], existing: readonly { conventionId: string; classCode: string | null }[], now: Date): CohortCandidate[] {
  const isMember = (conventionId: string, classCode: string | null) =>
    existing.some((cohort) => cohort.conventionId === conventionId && cohort.classCode === classCode);
  const candidates: CohortCandidate[] = [];
  for (const convention of offeredConventions(conventions, now)) {
    const schoolNames = new Map(partnerSchools.filter((school) => school.conventionId === convention.id)
      .map((school) => [school.uai, school.name?.trim() || school.uai]));
    const nameOf = (uai: string | null) => (uai ? schoolNames.get(uai) ?? uai : null);
    const rows = guestClasses.filter((row) => row.conventionId === convention.id);
    const base = { conventionId: convention.id, conventionTitle: convention.title, partnerName: convention.partnerName };
    candidates.push({ ...base, classCode: null, schools: [...schoolNames.values()].sort(compareFrench),
      guestCount: rows.reduce((sum, row) => sum + row.guests, 0), alreadyMember: isMember(convention.id, null) });
    const byClass = new Map<string, { schools: Set<string>; guests: number }>();
    for (const row of rows) {
      const classCode = row.classCode?.trim();
      if (!classCode) continue;
      const entry = byClass.get(classCode) ?? { schools: new Set<string>(), guests: 0 };
      const school = nameOf(row.uai);
      if (school) entry.schools.add(school);
      entry.guests += row.guests;
      byClass.set(classCode, entry);
    }
    for (const classCode of [...byClass.keys()].sort(compareFrench)) {
      const entry = byClass.get(classCode)!;
      candidates.push({ ...base, classCode, schools: [...entry.schools].sort(compareFrench), guestCount: entry.guests,
        alreadyMember: isMember(convention.id, classCode) });
    }
  }
  return candidates;
}

function compareFrench(a: string, b: string): number {
  return a.localeCompare(b, 'fr', { numeric: true });
}
