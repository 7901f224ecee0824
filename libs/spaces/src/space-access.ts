import { Role } from '@passerelle/access';
import { GuestAdmissionFacts, guestAdmissionRefusal } from '@passerelle/conventions';
import { parseProfile, rolesForProfiles } from '@passerelle/directory';
import { can, capRole, SpaceAction, SpaceRole, strongerRole } from './space-permissions.js';

/**
 * Who may reach a space, and with which role: pure functions of the facts the repository loads (no Nest, no
 * database), so that the rules read in one place and unit tests cover every case.
 */

/**
 * The guest facts access depends on, read at request time (never trusted from the session): the admission facts
 * (state, school, profile; the convention's partner, status, window, covered schools and admitted profiles, as the
 * conventions' admission rule needs them) and what places the guest in a cohort.
 */
export interface GuestFacts extends GuestAdmissionFacts {
  readonly state: 'AVAILABLE' | 'BOUND' | 'SUSPENDED' | 'DEPROVISIONED' | string;
  readonly classCode: string | null;
  readonly conventionId: string;
  readonly convention: GuestAdmissionFacts['convention'] & {
    readonly version: number;
  };
}

/** The caller, with what the rules need to know about them. */
export type AccessSubject =
  | {
    readonly kind: 'HUB_ADMIN';
    readonly id: string;
    /** The administrator's moderation accesses still open when read (ADR 0019): the only way they reach a space. */
    readonly moderationAccesses: readonly ModerationGrant[];
  }
  | {
    readonly kind: 'PERSON';
    readonly id: string;
    readonly roles: readonly Role[];
    /** The person's school (directory); null when unknown. */
    readonly structureId: string | null;
    /** HOME (the school's own ENT) or PARTNER; null when the person is not in the directory. */
    readonly origin: string | null;
    /** Every class the person belongs to (class_membership). */
    readonly classIds: readonly string[];
  }
  | { readonly kind: 'GUEST'; readonly id: string; readonly guest: GuestFacts | null };

/** A space and its member rows, as far as this subject is concerned. */
export interface SpaceFacts {
  readonly id: string;
  readonly structureId: string;
  readonly parentsMayRead: boolean;
  /** Classes that are members (space_class). */
  readonly classIds: readonly string[];
  /** The subject's own space_person row, when the subject is a person and has one. */
  readonly personRole: SpaceRole | null;
  /** Guest cohorts (space_guest_cohort). */
  readonly cohorts: readonly { readonly conventionId: string; readonly classCode: string | null }[];
  /** Conventions that cover the space (space_convention). */
  readonly conventionIds: readonly string[];
}

/** A hub administrator's « accès de modération » to one space, open until `expiresAt` (exclusive). */
export interface ModerationGrant {
  readonly spaceId: string;
  readonly expiresAt: Date;
}

export type AccessVia = 'MODERATION_ACCESS' | 'DIRECTOR' | 'MEMBER' | 'CLASS' | 'GUEST_COHORT';

/** An access decision: the role, how it was reached, and for a guest the convention (and version) that allowed it. */
export interface SpaceAccess {
  readonly role: SpaceRole;
  readonly via: AccessVia;
  readonly conventionId?: string;
  readonly conventionVersion?: number;
  /** For a moderation access: when it ends. */
  readonly expiresAt?: Date;
}

/**
 * What a hub administrator may do under a moderation access: read the space (wall, documents, agenda, homework,
 * members, chat channel) and remove or decide on content as a moderator. Never post, comment, announce, schedule,
 * upload or chat: they are not a member of the space.
 */
export const MODERATION_ACCESS_ACTIONS: readonly SpaceAction[] = [
  SpaceAction.READ, SpaceAction.VIEW_MEMBERS, SpaceAction.MODERATE, SpaceAction.READ_CHAT,
];

/** Whether this access lets its holder do `action`: the permissions table, narrowed for a moderation access. */
export function permits(access: SpaceAccess | null | undefined, action: SpaceAction): boolean {
  if (!access || !can(access.role, action)) return false;
  return access.via !== 'MODERATION_ACCESS' || MODERATION_ACCESS_ACTIONS.includes(action);
}

/** Whether the access lets its holder moderate (and so read the moderation queue and its size). */
export function mayModerate(access: SpaceAccess | null | undefined): boolean {
  return permits(access, SpaceAction.MODERATE);
}

/** Every action this access allows, in the order of the table. */
export function actionsOfAccess(access: SpaceAccess): SpaceAction[] {
  return Object.values(SpaceAction).filter((action) => permits(access, action));
}

/** Only an ACTIVE convention inside its window [validFrom, validUntil) grants anything. */
export function conventionInForce(convention: Pick<GuestFacts['convention'], 'status' | 'validFrom' | 'validUntil'>, at: Date): boolean {
  return convention.status === 'ACTIVE' && convention.validFrom.getTime() <= at.getTime() && at.getTime() < convention.validUntil.getTime();
}

/**
 * Whether a guest is let in at all at `at`: the conventions' admission rule, the same one as at sign-in (BOUND, the
 * convention ACTIVE and in date, the guest's school still covered and profile still admitted).
 */
export function guestAdmitted(guest: GuestFacts | null, at: Date): guest is GuestFacts {
  return guest !== null && guestAdmissionRefusal(guest, at) === null;
}

/** Partner class codes are compared trimmed and case-insensitively ("6e B" matches " 6E b"). */
export function sameClassCode(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The highest role a person may ever hold in a space, from their hub roles: teachers and directors may own,
 * staff may moderate, pupils contribute, parents read (and only where the space lets parents read).
 */
export function personRoleCeiling(roles: readonly Role[], parentsMayRead: boolean): SpaceRole | null {
  let ceiling: SpaceRole | null = null;
  if (roles.includes(Role.TEACHER) || roles.includes(Role.DIRECTOR)) ceiling = strongerRole(ceiling, SpaceRole.OWNER);
  if (roles.includes(Role.STAFF)) ceiling = strongerRole(ceiling, SpaceRole.MODERATOR);
  if (roles.includes(Role.PUPIL)) ceiling = strongerRole(ceiling, SpaceRole.CONTRIBUTOR);
  if (roles.includes(Role.PARENT) && parentsMayRead) ceiling = strongerRole(ceiling, SpaceRole.READER);
  return ceiling;
}

/** The role a whole-group membership (a class, a guest cohort) gives: teachers moderate, pupils contribute, others read. */
export function groupMemberRole(roles: readonly Role[]): SpaceRole {
  if (roles.includes(Role.TEACHER) || roles.includes(Role.DIRECTOR)) return SpaceRole.MODERATOR;
  if (roles.includes(Role.PUPIL)) return SpaceRole.CONTRIBUTOR;
  return SpaceRole.READER;
}

/** Hub roles of a guest, from the national profile of their pool (a guest never owns a space). */
export function guestRoles(profile: string): Role[] {
  const parsed = parseProfile(profile);
  return parsed ? rolesForProfiles([parsed]) : [];
}

/** The role a guest's profile gives in a space that one of their cohorts belongs to (never above MODERATOR). */
export function guestRoleCeiling(profile: string, parentsMayRead: boolean): SpaceRole | null {
  return capRole(personRoleCeiling(guestRoles(profile), parentsMayRead), SpaceRole.MODERATOR);
}

/**
 * The subject's access to the space, or null when they have none (the API then answers NOT_FOUND).
 * - a hub administrator reaches a space only through a moderation access open at `now` (ADR 0019), as a moderator
 *   who reads and removes (MODERATION_ACCESS_ACTIONS); otherwise they are not a member and read nothing;
 * - a director owns the spaces of their own school;
 * - a person holds the strongest of their own row's role and their classes' role, capped by what their hub
 *   roles allow (a pupil never moderates; a parent reads only where parents may read);
 * - a guest reaches a space only when admitted at `now` (BOUND, their convention ACTIVE and in date, their school
 *   still covered and their profile still admitted: the conventions' admission rule), through a cohort of their
 *   convention (matching their class when the cohort names one), that convention covering the space.
 */
export function resolveSpaceAccess(subject: AccessSubject, space: SpaceFacts, now: Date): SpaceAccess | null {
  switch (subject.kind) {
    case 'HUB_ADMIN':
      return resolveModerationAccess(subject.moderationAccesses, space, now);
    case 'PERSON':
      return resolvePersonAccess(subject, space);
    case 'GUEST':
      return resolveGuestAccess(subject.guest, space, now);
  }
}

export function resolveSpaceRole(subject: AccessSubject, space: SpaceFacts, now: Date): SpaceRole | null {
  return resolveSpaceAccess(subject, space, now)?.role ?? null;
}

function resolveModerationAccess(grants: readonly ModerationGrant[], space: SpaceFacts, now: Date): SpaceAccess | null {
  let expiresAt: Date | null = null;
  for (const grant of grants) {
    if (grant.spaceId.toLowerCase() !== space.id.toLowerCase() || grant.expiresAt.getTime() <= now.getTime()) continue;
    if (!expiresAt || grant.expiresAt > expiresAt) expiresAt = grant.expiresAt;
  }
  return expiresAt ? { role: SpaceRole.MODERATOR, via: 'MODERATION_ACCESS', expiresAt } : null;
}

function resolvePersonAccess(subject: Extract<AccessSubject, { kind: 'PERSON' }>, space: SpaceFacts): SpaceAccess | null {
  if (subject.roles.includes(Role.DIRECTOR) && subject.structureId !== null && subject.structureId === space.structureId) {
    return { role: SpaceRole.OWNER, via: 'DIRECTOR' };
  }
  const ceiling = personRoleCeiling(subject.roles, space.parentsMayRead);
  const own = capRole(space.personRole, ceiling);
  const inClass = subject.classIds.some((id) => space.classIds.includes(id));
  const viaClass = inClass ? capRole(groupMemberRole(subject.roles), ceiling) : null;
  const role = strongerRole(own, viaClass);
  if (!role) return null;
  return { role, via: role === own ? 'MEMBER' : 'CLASS' };
}

function resolveGuestAccess(guest: GuestFacts | null, space: SpaceFacts, now: Date): SpaceAccess | null {
  if (!guestAdmitted(guest, now)) return null;
  if (!space.conventionIds.includes(guest.conventionId)) return null;
  const inCohort = space.cohorts.some((cohort) => cohort.conventionId === guest.conventionId
    && (cohort.classCode === null || sameClassCode(cohort.classCode, guest.classCode)));
  if (!inCohort) return null;
  const role = capRole(groupMemberRole(guestRoles(guest.profile)), guestRoleCeiling(guest.profile, space.parentsMayRead));
  if (!role) return null;
  return { role, via: 'GUEST_COHORT', conventionId: guest.conventionId, conventionVersion: guest.convention.version };
}

export type CreateSpaceDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/**
 * Who may create a space for a school: home teachers and directors for their own school. Pupils, parents and guests
 * never do, nor hub administrators, who run partners, conventions and the directory, not spaces (ADR 0019).
 */
export function mayCreateSpace(subject: AccessSubject, structureId: string): CreateSpaceDecision {
  if (subject.kind === 'HUB_ADMIN') {
    return { allowed: false, reason: "Les administrateurs du hub ne créent pas d'espace : un enseignant ou le directeur de l'école le crée." };
  }
  if (subject.kind === 'GUEST') return { allowed: false, reason: 'Les invités ne peuvent pas créer d\'espace.' };
  if (!subject.roles.includes(Role.TEACHER) && !subject.roles.includes(Role.DIRECTOR)) {
    return { allowed: false, reason: 'Seuls les enseignants et les directeurs peuvent créer un espace.' };
  }
  if (subject.origin !== 'HOME') return { allowed: false, reason: 'Seuls les enseignants de l\'établissement peuvent y créer un espace.' };
  if (subject.structureId !== structureId) {
    return { allowed: false, reason: 'Vous ne pouvez créer un espace que pour votre établissement.' };
  }
  return { allowed: true };
}
