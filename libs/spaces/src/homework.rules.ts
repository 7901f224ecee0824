import { can, SpaceAction, SpaceRole } from './space-permissions.js';

/** Rules of the cahier de textes, framework-free (unit-tested without Nest). */

/** Who a homework is for, as the rules need it: a whole space (null class) or one of its member classes. */
export interface HomeworkTarget {
  readonly schoolClassId: string | null;
}

/** What decides whether a member sees a homework: their role in the space and the home classes they belong to. */
export interface HomeworkReader {
  readonly role: SpaceRole;
  readonly classIds: readonly string[];
}

/**
 * Whether a member sees (and may mark done) a homework: everyone who reads the space for a homework of the whole space;
 * for a homework of one class, those who run the space (owners, moderators) and the members of that class only. A
 * parent or a guest pupil sees no homework of a home class.
 */
export function homeworkVisibleTo(homework: HomeworkTarget, reader: HomeworkReader): boolean {
  if (!can(reader.role, SpaceAction.READ)) return false;
  if (homework.schoolClassId === null) return true;
  if (can(reader.role, SpaceAction.SCHEDULE)) return true;
  return reader.classIds.includes(homework.schoolClassId);
}

/** The classes whose homework a reader sees on top of the whole space's; null: every homework of the space. */
export function homeworkClassFilter(reader: HomeworkReader): readonly string[] | null {
  return can(reader.role, SpaceAction.SCHEDULE) ? null : reader.classIds;
}

/**
 * Where a member's homework comes from across their spaces (the home screen's « prochains devoirs »): in each space they
 * read, every homework where they run it, else the whole space's and their own classes' (as `homeworkClassFilter`).
 */
export function homeworkSpacesOf(spaces: readonly { spaceId: string; role: SpaceRole }[]): { spaceId: string; allClasses: boolean }[] {
  return spaces.filter((space) => can(space.role, SpaceAction.READ))
    .map((space) => ({ spaceId: space.spaceId, allClasses: homeworkClassFilter({ role: space.role, classIds: [] }) === null }));
}

/**
 * Whether a member sees how far a homework is done, and by whom (the teacher's « N faits », then the names): those who
 * run the space (owners, moderators), never pupils nor parents.
 */
export function mayFollowHomework(role: SpaceRole): boolean {
  return can(role, SpaceAction.SCHEDULE);
}
