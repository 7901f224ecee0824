import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Principal, Role } from '@passerelle/access';
import { isUuid } from '@passerelle/graphql-kit';
import { AccessSubject, GuestFacts, SpaceFacts } from './space-access.js';
import { SpaceRole } from './space-permissions.js';
import { SpaceEntity, SpaceStatus } from './space.entity.js';

export interface LoadedSpace {
  readonly space: SpaceEntity;
  readonly facts: SpaceFacts;
}

export interface SpaceListFilter {
  readonly structureId?: string | null;
  readonly status?: SpaceStatus | null;
}

interface GuestRow {
  state: string; profile: string; class_code: string | null; convention_id: string;
  status: string; version: number; valid_from: Date; valid_until: Date;
}

/**
 * Reads the facts access decisions need (space-access.ts decides): who the caller is, and the member rows of
 * spaces as far as that caller is concerned. Everything is read at request time: a guest's state and their
 * convention's status and window are never taken from the session.
 */
@Injectable()
export class SpaceAccessRepository {
  constructor(private readonly dataSource: DataSource) {}

  async loadSubject(principal: Principal): Promise<AccessSubject> {
    if (principal.kind === 'HUB_ADMIN') return { kind: 'HUB_ADMIN', id: principal.id };
    if (principal.kind === 'GUEST') return { kind: 'GUEST', id: principal.id, guest: await this.loadGuestFacts(principal.id) };
    const [row]: { structure_id: string | null; origin: string; class_ids: string[] }[] = isUuid(principal.id)
      ? await this.dataSource.query(
        `SELECT p.structure_id, p.origin,
                ARRAY(SELECT cm.school_class_id::text FROM class_membership cm WHERE cm.person_id = p.id) AS class_ids
         FROM person p WHERE p.id = $1`, [principal.id])
      : [];
    return {
      kind: 'PERSON', id: principal.id, roles: principal.roles,
      structureId: row?.structure_id ?? null, origin: row?.origin ?? null, classIds: row?.class_ids ?? [],
    };
  }

  async loadGuestFacts(guestId: string): Promise<GuestFacts | null> {
    if (!isUuid(guestId)) return null;
    const [row]: GuestRow[] = await this.dataSource.query(
      `SELECT g.state, g.profile, g.class_code, g.convention_id, c.status, c.version, c.valid_from, c.valid_until
       FROM guest g JOIN convention c ON c.id = g.convention_id WHERE g.id = $1`, [guestId]);
    return row ? guestFactsOf(row) : null;
  }

  /** Spaces by id with their member facts for this subject; ids that are not spaces (or not UUIDs) are absent. */
  async loadSpaces(ids: readonly string[], subject: AccessSubject | null): Promise<Map<string, LoadedSpace>> {
    const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const found = new Map<string, LoadedSpace>();
    if (wanted.length === 0) return found;
    const personId = subject?.kind === 'PERSON' && isUuid(subject.id) ? subject.id : null;
    const { entities, raw } = await withFacts(this.dataSource.manager.createQueryBuilder(SpaceEntity, 'space'), personId)
      .where('space.id IN (:...ids)', { ids: wanted })
      .getRawAndEntities<Record<string, unknown>>();
    const rawById = new Map(raw.map((row) => [String(row.space_id), row]));
    for (const space of entities) found.set(space.id, { space, facts: factsOf(space, rawById.get(space.id)!) });
    return found;
  }

  /**
   * The spaces the subject might reach, as a query (newest first is applied by the caller): a superset that the
   * access rules then filter, so that a change of rule can never widen a list. Null when there can be none.
   */
  candidateSpaces(subject: AccessSubject, filter: SpaceListFilter): SelectQueryBuilder<SpaceEntity> | null {
    const query = this.dataSource.manager.createQueryBuilder(SpaceEntity, 'space');
    if (filter.structureId) {
      if (!isUuid(filter.structureId)) return null;
      query.andWhere('space.structure_id = :structureId', { structureId: filter.structureId });
    }
    if (filter.status) query.andWhere('space.status = :status', { status: filter.status });
    switch (subject.kind) {
      case 'HUB_ADMIN':
        return query;
      case 'PERSON': {
        if (!isUuid(subject.id)) return null;
        const director = subject.roles.includes(Role.DIRECTOR) && subject.structureId !== null;
        return query.andWhere(`(space.id IN (SELECT sp.space_id FROM space_person sp WHERE sp.person_id = :personId)
          OR space.id IN (SELECT sc.space_id FROM space_class sc JOIN class_membership cm ON cm.school_class_id = sc.school_class_id
                          WHERE cm.person_id = :personId)
          OR (CAST(:director AS boolean) AND space.structure_id = CAST(:directorStructureId AS uuid)))`,
        { personId: subject.id, director, directorStructureId: director ? subject.structureId : null });
      }
      case 'GUEST':
        if (!subject.guest || subject.guest.state !== 'BOUND') return null;
        return query.andWhere(`space.id IN (SELECT c.space_id FROM space_guest_cohort c WHERE c.convention_id = :conventionId)
          AND space.id IN (SELECT x.space_id FROM space_convention x WHERE x.convention_id = :conventionId)`,
        { conventionId: subject.guest.conventionId });
    }
  }
}

/** Adds the member facts of each space to a query over `space` (one row per space, no join that multiplies rows). */
export function withFacts(query: SelectQueryBuilder<SpaceEntity>, personId: string | null): SelectQueryBuilder<SpaceEntity> {
  return query
    .addSelect('ARRAY(SELECT sc.school_class_id::text FROM space_class sc WHERE sc.space_id = space.id)', 'facts_class_ids')
    .addSelect('ARRAY(SELECT x.convention_id::text FROM space_convention x WHERE x.space_id = space.id)', 'facts_convention_ids')
    .addSelect(`coalesce((SELECT json_agg(json_build_object('conventionId', c.convention_id, 'classCode', c.class_code))
      FROM space_guest_cohort c WHERE c.space_id = space.id), '[]'::json)`, 'facts_cohorts')
    .addSelect('(SELECT sp.role FROM space_person sp WHERE sp.space_id = space.id AND sp.person_id = CAST(:factsPersonId AS uuid))',
      'facts_person_role')
    .setParameter('factsPersonId', personId);
}

export function factsOf(space: SpaceEntity, raw: Record<string, unknown>): SpaceFacts {
  return {
    id: space.id,
    structureId: space.structureId,
    parentsMayRead: space.parentsMayRead,
    classIds: (raw.facts_class_ids as string[] | null) ?? [],
    conventionIds: (raw.facts_convention_ids as string[] | null) ?? [],
    cohorts: ((raw.facts_cohorts as { conventionId: string; classCode: string | null }[] | null) ?? [])
      .map((cohort) => ({ conventionId: cohort.conventionId, classCode: cohort.classCode })),
    personRole: (raw.facts_person_role as SpaceRole | null) ?? null,
  };
}

export function guestFactsOf(row: GuestRow): GuestFacts {
  return {
    state: row.state, profile: row.profile, classCode: row.class_code, conventionId: row.convention_id,
    convention: { status: row.status, version: Number(row.version), validFrom: new Date(row.valid_from), validUntil: new Date(row.valid_until) },
  };
}
