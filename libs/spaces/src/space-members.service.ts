import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '@passerelle/database';
import { Role } from '@passerelle/access';
import { parseProfiles, PERSON_NOT_FOUND, rolesForProfiles, SCHOOL_CLASS_NOT_FOUND, SchoolClassEntity } from '@passerelle/directory';
import { ConflictError, DomainError, InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, isUuid, PageRequest } from '@passerelle/graphql-kit';
import { guestPseudonym, memberProfileOf } from './authors.js';
import { AccessSubject, AccessVia, guestRoles, personRoleCeiling, resolveSpaceAccess } from './space-access.js';
import { LoadedSpace } from './space-access.repository.js';
import { MemberProfile } from './member.type.js';
import { pageInMemory, PositionedRow } from './newest-first.js';
import { ClassCandidateRow, CohortCandidate, cohortCandidates, firstOfferedSchoolYear } from './member-candidates.js';
import { MemberSchoolRow, SpaceMembersRepository } from './space-members.repository.js';
import { isWithin, SpaceAction, SpaceRole } from './space-permissions.js';
import { SpaceScope } from './space-scope.js';
import { GrantedSpace, SpaceViewer } from './space-viewer.js';

/** A member as the space sees them now (their access decided by the same rules as their own requests). */
export interface MemberView {
  readonly kind: 'PERSON' | 'GUEST';
  readonly id: string;
  readonly displayName: string;
  readonly profile: MemberProfile;
  readonly role: SpaceRole;
  readonly via: AccessVia;
  readonly position: string;
  /** Home classes the member belongs to (none for guests): internal, never exposed (homework of one class). */
  readonly classIds: readonly string[];
  readonly school: MemberSchoolRow | null;
}

export interface AddSpaceMembersCommand {
  readonly spaceId: string;
  readonly classIds?: readonly string[] | null;
  readonly people?: readonly { readonly personId: string; readonly role: SpaceRole }[] | null;
  readonly guestCohorts?: readonly { readonly conventionId: string; readonly classCode?: string | null }[] | null;
}

export interface RemoveSpaceMemberCommand {
  readonly spaceId: string;
  readonly personId?: string | null;
  readonly schoolClassId?: string | null;
  readonly guestCohortId?: string | null;
}

export const CONVENTION_NOT_FOUND = "Cette convention n'existe pas.";
export const MEMBER_NOT_FOUND = "Ce membre ne fait pas partie de l'espace.";

const ROLE_LABELS: Readonly<Record<SpaceRole, string>> = {
  [SpaceRole.OWNER]: 'responsable', [SpaceRole.MODERATOR]: 'modérateur', [SpaceRole.CONTRIBUTOR]: 'contributeur', [SpaceRole.READER]: 'lecteur',
};

/** Members of spaces: whole classes, people with a role, guest cohorts of the conventions that cover the space. */
@Injectable()
export class SpaceMembersService {
  constructor(private readonly dataSource: DataSource, private readonly repository: SpaceMembersRepository) {}

  /**
   * Every member of the space with their current role, decided per member by the rules of space-access.ts (a guest
   * whose convention is no longer in force, a parent while parents may not read, are not members).
   */
  async members(scope: SpaceScope, now: Date, manager?: EntityManager): Promise<MemberView[]> {
    const loaded = await this.repository.loadSpace(scope, manager);
    if (!loaded) return [];
    // A transaction's manager holds one connection: its queries run one after another, not queued on a busy client.
    const [people, guests] = manager
      ? [await this.repository.personMembers(scope, manager), await this.repository.guestMembers(scope, manager)]
      : await Promise.all([this.repository.personMembers(scope), this.repository.guestMembers(scope)]);
    const members: MemberView[] = [];
    for (const person of people) {
      const parsed = parseProfiles(person.profiles);
      const roles = parsed.ok ? rolesForProfiles(parsed.profiles) : [];
      const subject: AccessSubject = {
        kind: 'PERSON', id: person.id, roles, structureId: person.structureId, origin: person.origin, classIds: person.classIds,
      };
      const access = resolveSpaceAccess(subject, { ...loaded.facts, personRole: person.ownRole }, now);
      if (access) {
        members.push({ kind: 'PERSON', id: person.id, displayName: person.displayName, profile: memberProfileOf(roles),
          role: access.role, via: access.via, position: person.position, classIds: person.classIds,
          school: person.school });
      }
    }
    for (const guest of guests) {
      const access = resolveSpaceAccess({ kind: 'GUEST', id: guest.id, guest: guest.facts }, loaded.facts, now);
      if (access) {
        members.push({ kind: 'GUEST', id: guest.id, displayName: guest.displayName ?? guestPseudonym(guest.facts.profile, guest.seq),
          profile: memberProfileOf(guestRoles(guest.facts.profile)), role: access.role, via: access.via, position: guest.position, classIds: [],
          school: guest.school });
      }
    }
    return members;
  }

  /** The members of a space, oldest first, for those who may see them (not parents: they never see other children). */
  async listMembers(viewer: SpaceViewer, spaceId: string, page: PageRequest): Promise<Connection<MemberView>> {
    const granted = await viewer.require(spaceId, SpaceAction.VIEW_MEMBERS);
    const members = await this.members(granted.scope, viewer.now());
    const rows: PositionedRow<MemberView>[] = members.map((member) => ({ node: member, position: { createdAt: member.position, id: member.id } }));
    return pageInMemory(rows, page);
  }

  async classes(granted: GrantedSpace): Promise<SchoolClassEntity[]> {
    return this.repository.classes(granted.scope);
  }

  async cohorts(granted: GrantedSpace): Promise<{ id: string; conventionId: string; classCode: string | null }[]> {
    return this.repository.cohorts(granted.scope);
  }

  /**
   * What the space's owners may add (FORBIDDEN to other members, NOT_FOUND to others): their school's classes and the
   * guest cohorts of the conventions in force that host it. Never another school's classes nor the directory's people.
   */
  async candidates(viewer: SpaceViewer, granted: GrantedSpace): Promise<{ classes: ClassCandidateRow[]; guestCohorts: CohortCandidate[] }> {
    await viewer.require(granted.scope.spaceId, SpaceAction.MANAGE_MEMBERS);
    const now = viewer.now();
    const structureId = granted.space.structureId;
    const [classes, facts] = await Promise.all([
      this.repository.candidateClasses(granted.scope, structureId, firstOfferedSchoolYear(now)),
      this.repository.candidateCohortFacts(granted.scope, structureId),
    ]);
    return { classes, guestCohorts: cohortCandidates(facts.conventions, facts.partnerSchools, facts.guestClasses, facts.existing, now) };
  }

  /**
   * Adds classes of the space's school, people of that school with a role their profiles allow, and guest cohorts
   * of conventions that host that school (the convention then covers the space). Adding what is already there
   * changes nothing (a person's role is updated). All or nothing.
   */
  async addMembers(viewer: SpaceViewer, command: AddSpaceMembersCommand): Promise<GrantedSpace> {
    const granted = await viewer.require(command.spaceId, SpaceAction.MANAGE_MEMBERS);
    const space = granted.space;
    const scope = granted.scope;
    await this.dataSource.transaction(async (manager) => {
      for (const [index, classId] of (command.classIds ?? []).entries()) {
        const schoolClass = isUuid(classId) ? await manager.findOneBy(SchoolClassEntity, { id: classId }) : null;
        if (!schoolClass || schoolClass.structureId !== space.structureId) {
          throw notFoundAt(SCHOOL_CLASS_NOT_FOUND, ['input', 'classIds', index]);
        }
        await manager.query(`INSERT INTO space_class (space_id, school_class_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [scope.spaceId, classId]);
      }
      const people = command.people ?? [];
      const ownersBefore = people.length > 0 ? await this.ownerRows(manager, scope.spaceId, true) : 0;
      for (const [index, entry] of people.entries()) {
        await this.addPerson(manager, scope, space.structureId, space.parentsMayRead, entry, ['input', 'people', index]);
      }
      // A role change may not take the space's last owner away (as removing them may not): all or nothing.
      if (ownersBefore > 0 && await this.ownerRows(manager, scope.spaceId, false) === 0) {
        throw new ConflictError('LAST_OWNER', "L'espace doit garder au moins un responsable.", ['input', 'people']);
      }
      for (const [index, cohort] of (command.guestCohorts ?? []).entries()) {
        await this.addCohort(manager, scope, space.structureId, cohort, ['input', 'guestCohorts', index]);
      }
    });
    viewer.forget(space.id);
    return (await viewer.find(space.id))!;
  }

  /** How many people own the space by name (`lock`: and locks those rows until the transaction ends). */
  private async ownerRows(manager: EntityManager, spaceId: string, lock: boolean): Promise<number> {
    const rows: unknown[] = await manager.query(
      `SELECT person_id FROM space_person WHERE space_id = $1 AND role = 'OWNER'${lock ? ' FOR UPDATE' : ''}`, [spaceId]);
    return rows.length;
  }

  /** Removes one person row, one class or one guest cohort; the last owner cannot be removed. */
  async removeMember(viewer: SpaceViewer, command: RemoveSpaceMemberCommand): Promise<GrantedSpace> {
    const given = [command.personId, command.schoolClassId, command.guestCohortId].filter((value) => value !== undefined && value !== null);
    if (given.length !== 1) {
      throw new InvalidInputError('Indiquez exactement un membre à retirer : une personne, une classe ou un groupe d\'invités.', ['input']);
    }
    const granted = await viewer.require(command.spaceId, SpaceAction.MANAGE_MEMBERS);
    const scope = granted.scope;
    await this.dataSource.transaction(async (manager) => {
      if (command.personId) {
        const id = command.personId;
        if (!isUuid(id)) throw notFoundAt(MEMBER_NOT_FOUND, ['input', 'personId']);
        const [row] = await manager.query(`SELECT role FROM space_person WHERE space_id = $1 AND person_id = $2 FOR UPDATE`, [scope.spaceId, id]);
        if (!row) throw notFoundAt(MEMBER_NOT_FOUND, ['input', 'personId']);
        if (row.role === SpaceRole.OWNER) {
          const [{ n }] = await manager.query(
            `SELECT count(*)::int AS n FROM space_person WHERE space_id = $1 AND role = 'OWNER' AND person_id <> $2`, [scope.spaceId, id]);
          if (n === 0) throw new ConflictError('LAST_OWNER', "L'espace doit garder au moins un responsable.", ['input', 'personId']);
        }
        await manager.query(`DELETE FROM space_person WHERE space_id = $1 AND person_id = $2`, [scope.spaceId, id]);
      } else if (command.schoolClassId) {
        const id = command.schoolClassId;
        const deleted = isUuid(id)
          ? returnedRows(await manager.query(`DELETE FROM space_class WHERE space_id = $1 AND school_class_id = $2 RETURNING school_class_id`,
            [scope.spaceId, id]))
          : [];
        if (deleted.length === 0) throw notFoundAt(MEMBER_NOT_FOUND, ['input', 'schoolClassId']);
      } else {
        const id = command.guestCohortId!;
        const deleted = isUuid(id)
          ? returnedRows<{ convention_id: string }>(await manager.query(
            `DELETE FROM space_guest_cohort WHERE space_id = $1 AND id = $2 RETURNING convention_id`, [scope.spaceId, id]))
          : [];
        if (deleted.length === 0) throw notFoundAt(MEMBER_NOT_FOUND, ['input', 'guestCohortId']);
        // A convention without cohorts here no longer covers the space.
        await manager.query(`DELETE FROM space_convention x WHERE x.space_id = $1 AND x.convention_id = $2
          AND NOT EXISTS (SELECT 1 FROM space_guest_cohort c WHERE c.space_id = $1 AND c.convention_id = $2)`,
        [scope.spaceId, deleted[0].convention_id]);
      }
    });
    viewer.forget(scope.spaceId);
    const after = await viewer.find(scope.spaceId);
    if (!after) throw new NotFoundError(MEMBER_NOT_FOUND);
    return after;
  }

  private async addPerson(manager: EntityManager, scope: SpaceScope, structureId: string, parentsMayRead: boolean,
    entry: { personId: string; role: SpaceRole }, field: (string | number)[]): Promise<void> {
    const [person]: { profiles: string[]; structure_id: string | null }[] = isUuid(entry.personId)
      ? await manager.query(`SELECT profiles, structure_id FROM person WHERE id = $1`, [entry.personId])
      : [];
    if (!person || person.structure_id !== structureId) throw notFoundAt(PERSON_NOT_FOUND, [...field, 'personId']);
    const parsed = parseProfiles(person.profiles);
    const roles = parsed.ok ? rolesForProfiles(parsed.profiles) : [];
    const ceiling = personRoleCeiling(roles, parentsMayRead);
    if (!ceiling && roles.includes(Role.PARENT)) {
      throw new DomainError('PARENTS_MAY_NOT_READ',
        "Cet espace n'est pas ouvert aux parents : autorisez d'abord la lecture par les parents dans ses réglages.", [...field, 'personId']);
    }
    if (!Object.values(SpaceRole).includes(entry.role)) throw new InvalidInputError('Ce rôle est inconnu.', [...field, 'role']);
    if (!isWithin(entry.role, ceiling)) {
      throw new InvalidInputError(ceiling
        ? `Cette personne ne peut pas être ${ROLE_LABELS[entry.role]} de l'espace (au plus ${ROLE_LABELS[ceiling]}).`
        : 'Cette personne ne peut pas être membre de cet espace.', [...field, 'role']);
    }
    await manager.query(`INSERT INTO space_person (space_id, person_id, role) VALUES ($1, $2, $3)
      ON CONFLICT (space_id, person_id) DO UPDATE SET role = EXCLUDED.role`, [scope.spaceId, entry.personId, entry.role]);
  }

  private async addCohort(manager: EntityManager, scope: SpaceScope, structureId: string,
    cohort: { conventionId: string; classCode?: string | null }, field: (string | number)[]): Promise<void> {
    const [convention]: { status: string }[] = isUuid(cohort.conventionId)
      ? await manager.query(
        `SELECT c.status FROM convention c JOIN convention_hosting_structure h ON h.convention_id = c.id
         WHERE c.id = $1 AND h.structure_id = $2`, [cohort.conventionId, structureId])
      : [];
    if (!convention) throw notFoundAt(CONVENTION_NOT_FOUND, [...field, 'conventionId']);
    if (convention.status === 'ENDED') {
      throw new DomainError('CONVENTION_ENDED', "Cette convention est terminée : ses invités ne peuvent plus rejoindre d'espace.",
        [...field, 'conventionId']);
    }
    const classCode = cohort.classCode?.trim() ? cohort.classCode.trim() : null;
    if (classCode && Array.from(classCode).length > 100) {
      throw new InvalidInputError('Le code de classe ne doit pas dépasser 100 caractères.', [...field, 'classCode']);
    }
    await manager.query(`INSERT INTO space_convention (space_id, convention_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [scope.spaceId, cohort.conventionId]);
    await manager.query(`INSERT INTO space_guest_cohort (space_id, convention_id, class_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [scope.spaceId, cohort.conventionId, classCode]);
  }
}

function notFoundAt(message: string, field: (string | number)[]): DomainError {
  return new DomainError('NOT_FOUND', message, field);
}

export type { LoadedSpace };
