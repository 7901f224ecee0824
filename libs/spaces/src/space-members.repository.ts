import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SchoolClassEntity } from '@passerelle/directory';
import { ClassCandidateRow, GuestClassRow, HostingConventionRow, PartnerSchoolRow } from './member-candidates.js';
import { GuestFacts } from './space-access.js';
import { factsOf, guestFactsColumns, guestFactsOf, GuestRow, LoadedSpace, withFacts } from './space-access.repository.js';
import { SpaceScope } from './space-scope.js';
import { SpaceEntity } from './space.entity.js';
import { SpaceRole } from './space-permissions.js';

/** A person who is in the space by name or through a class, with what their access depends on. */
export interface PersonMemberRow {
  readonly id: string;
  readonly displayName: string;
  readonly profiles: string[];
  readonly structureId: string | null;
  readonly origin: string;
  readonly ownRole: SpaceRole | null;
  /** The person's classes that are members of the space. */
  readonly classIds: string[];
  /** created_at to the microsecond, for cursors. */
  readonly position: string;
  /** The person's school in the directory (pages blanches show it), or null. */
  readonly school: MemberSchoolRow | null;
}

/** A member's school as members may see it: its UAI and, when known, its name. */
export interface MemberSchoolRow {
  readonly uai: string;
  readonly name: string | null;
}

/** A bound guest of a convention that has a cohort in the space. */
export interface GuestMemberRow {
  readonly id: string;
  readonly displayName: string | null;
  readonly seq: number;
  readonly facts: GuestFacts;
  readonly position: string;
  /** The guest's school (UAI from their partner ENT; its name from the convention or the directory), or null. */
  readonly school: MemberSchoolRow | null;
}


/** Member rows of one space. Every method takes the space's scope. */
@Injectable()
export class SpaceMembersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The space and its member facts (no particular person), e.g. for the worker. */
  async loadSpace(scope: SpaceScope, manager: EntityManager = this.dataSource.manager): Promise<LoadedSpace | null> {
    const { entities, raw } = await withFacts(manager.createQueryBuilder(SpaceEntity, 'space'), null)
      .where('space.id = :id', { id: scope.spaceId }).getRawAndEntities<Record<string, unknown>>();
    return entities[0] ? { space: entities[0], facts: factsOf(entities[0], raw[0]) } : null;
  }

  async personMembers(scope: SpaceScope, manager: EntityManager = this.dataSource.manager): Promise<PersonMemberRow[]> {
    const rows: { id: string; display_name: string; profiles: string[]; structure_id: string | null; origin: string; own_role: SpaceRole | null;
      class_ids: string[]; position: string; school_uai: string | null; school_name: string | null }[] = await manager.query(
      `SELECT p.id, p.display_name, p.profiles, p.structure_id, p.origin, sp.role AS own_role, st.uai AS school_uai, st.name AS school_name,
              ARRAY(SELECT cm.school_class_id::text FROM class_membership cm
                    JOIN space_class sc ON sc.school_class_id = cm.school_class_id AND sc.space_id = $1
                    WHERE cm.person_id = p.id) AS class_ids,
              to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position
       FROM person p
       LEFT JOIN structure st ON st.id = p.structure_id
       LEFT JOIN space_person sp ON sp.space_id = $1 AND sp.person_id = p.id
       WHERE p.id IN (SELECT person_id FROM space_person WHERE space_id = $1
                      UNION SELECT cm.person_id FROM space_class sc JOIN class_membership cm ON cm.school_class_id = sc.school_class_id
                            WHERE sc.space_id = $1)`, [scope.spaceId]);
    return rows.map((row) => ({
      id: row.id, displayName: row.display_name, profiles: row.profiles, structureId: row.structure_id, origin: row.origin,
      ownRole: row.own_role, classIds: row.class_ids, position: row.position,
      school: row.school_uai ? { uai: row.school_uai, name: row.school_name } : null,
    }));
  }

  async guestMembers(scope: SpaceScope, manager: EntityManager = this.dataSource.manager): Promise<GuestMemberRow[]> {
    const rows: (GuestRow & { id: string; display_name: string | null; seq: number; position: string;
      school_uai: string | null; school_name: string | null })[] = await manager.query(
      `SELECT g.id, g.display_name, g.seq, ${guestFactsColumns()},
              g.uai AS school_uai,
              coalesce((SELECT cps.name FROM convention_partner_structure cps WHERE cps.convention_id = g.convention_id AND cps.uai = g.uai),
                       (SELECT st.name FROM structure st WHERE st.uai = g.uai)) AS school_name,
              to_char(g.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position
       FROM guest g JOIN convention c ON c.id = g.convention_id
       WHERE g.state = 'BOUND' AND g.convention_id IN (SELECT convention_id FROM space_guest_cohort WHERE space_id = $1)`, [scope.spaceId]);
    return rows.map((row) => ({
      id: row.id, displayName: row.display_name, seq: row.seq, facts: guestFactsOf(row), position: row.position,
      school: row.school_uai ? { uai: row.school_uai, name: row.school_name } : null,
    }));
  }

  async classes(scope: SpaceScope): Promise<SchoolClassEntity[]> {
    return this.dataSource.manager.createQueryBuilder(SchoolClassEntity, 'school_class')
      .where('school_class.id IN (SELECT sc.school_class_id FROM space_class sc WHERE sc.space_id = :spaceId)', { spaceId: scope.spaceId })
      .orderBy('school_class.label', 'ASC').getMany();
  }

  async cohorts(scope: SpaceScope): Promise<{ id: string; conventionId: string; classCode: string | null }[]> {
    const rows: { id: string; convention_id: string; class_code: string | null }[] = await this.dataSource.query(
      `SELECT id, convention_id, class_code FROM space_guest_cohort WHERE space_id = $1 ORDER BY created_at, id`, [scope.spaceId]);
    return rows.map((row) => ({ id: row.id, conventionId: row.convention_id, classCode: row.class_code }));
  }

  /** Classes of the school from `fromSchoolYear` on, with whether each is a member of the space already. */
  async candidateClasses(scope: SpaceScope, structureId: string, fromSchoolYear: string): Promise<ClassCandidateRow[]> {
    return this.dataSource.query(
      `SELECT sc.id, sc.label, sc.level, sc.school_year AS "schoolYear",
         EXISTS (SELECT 1 FROM space_class x WHERE x.space_id = $1 AND x.school_class_id = sc.id) AS "alreadyMember"
       FROM school_class sc WHERE sc.structure_id = $2 AND sc.school_year >= $3 ORDER BY sc.school_year, sc.label, sc.id`,
      [scope.spaceId, structureId, fromSchoolYear]);
  }

  /**
   * The ACTIVE conventions that host the school, with their partner schools and their bound guests counted per
   * partner class and school (never a guest's name), and the cohorts the space has.
   */
  async candidateCohortFacts(scope: SpaceScope, structureId: string): Promise<{ conventions: HostingConventionRow[];
    partnerSchools: PartnerSchoolRow[]; guestClasses: GuestClassRow[]; existing: { conventionId: string; classCode: string | null }[] }> {
    const conventions: HostingConventionRow[] = await this.dataSource.query(
      `SELECT c.id, c.title, c.status, c.valid_from AS "validFrom", c.valid_until AS "validUntil", p.name AS "partnerName"
       FROM convention c JOIN convention_hosting_structure h ON h.convention_id = c.id AND h.structure_id = $1
       JOIN partner_ent p ON p.id = c.partner_id WHERE c.status = 'ACTIVE' ORDER BY c.valid_from, c.id`, [structureId]);
    const ids = conventions.map((convention) => convention.id);
    const existing = await this.cohorts(scope);
    if (ids.length === 0) return { conventions, partnerSchools: [], guestClasses: [], existing };
    const [partnerSchools, guestClasses]: [PartnerSchoolRow[], { conventionId: string; classCode: string | null; uai: string | null; guests: number }[]] =
      await Promise.all([
        this.dataSource.query(`SELECT convention_id AS "conventionId", uai, name FROM convention_partner_structure WHERE convention_id = ANY($1::uuid[])`,
          [ids]),
        this.dataSource.query(`SELECT convention_id AS "conventionId", class_code AS "classCode", uai, count(*)::int AS guests FROM guest
          WHERE convention_id = ANY($1::uuid[]) AND state = 'BOUND' GROUP BY convention_id, class_code, uai`, [ids]),
      ]);
    return { conventions, partnerSchools, guestClasses, existing };
  }
}

