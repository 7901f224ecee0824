import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Principal, Role } from '@passerelle/access';
import { isUuid } from '@passerelle/graphql-kit';
import { guestAdmissionColumns, guestAdmissionFactsOf, GuestAdmissionRow } from '@passerelle/guests';
import { AccessSubject, GuestFacts, ModerationGrant, SpaceFacts } from './space-access.js';
import { SpaceRole } from './space-permissions.js';
import { entitySql } from './entity-sql.js';
import { SpaceEntity, SpaceStatus } from './space.entity.js';

export interface LoadedSpace {
  readonly space: SpaceEntity;
  readonly facts: SpaceFacts;
}

export interface SpaceListFilter {
  readonly structureId?: string | null;
  readonly status?: SpaceStatus | null;
}

/** A guest's facts as `guestFactsColumns` reads them. */
export interface GuestRow extends GuestAdmissionRow {
  class_code: string | null; convention_id: string; version: number;
}

/** The columns of a guest's facts (guest `g` joined to its convention `c`), each named `<prefix><name>`: one SQL everywhere. */
export function guestFactsColumns(prefix = ''): string {
  return `${guestAdmissionColumns(prefix)}, g.class_code AS ${prefix}class_code, g.convention_id AS ${prefix}convention_id,
      c.version AS ${prefix}version`;
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
    if (principal.kind === 'HUB_ADMIN') return { kind: 'HUB_ADMIN', id: principal.id, moderationAccesses: await this.loadModerationGrants(principal.id) };
    if (principal.kind === 'GUEST') return { kind: 'GUEST', id: principal.id, guest: await this.loadGuestFacts(principal.id) };
    const [row]: Record<string, unknown>[] = isUuid(principal.id)
      ? await this.dataSource.query(`SELECT * FROM (${personSubjectSql('$1')}) s`, [principal.id])
      : [];
    return personSubjectOf(principal, row ?? null);
  }

  /** A hub administrator's moderation accesses still open (the rules check `expiresAt` again against the request's clock). */
  async loadModerationGrants(adminId: string): Promise<ModerationGrant[]> {
    if (!isUuid(adminId)) return [];
    const rows: { space_id: string; expires_at: Date }[] = await this.dataSource.query(
      `SELECT space_id, max(expires_at) AS expires_at FROM space_moderation_access WHERE admin_id = $1 AND expires_at > now() GROUP BY space_id`,
      [adminId]);
    return rows.map((row) => ({ spaceId: row.space_id, expiresAt: new Date(row.expires_at) }));
  }

  async loadGuestFacts(guestId: string): Promise<GuestFacts | null> {
    if (!isUuid(guestId)) return null;
    const [row]: Record<string, unknown>[] = await this.dataSource.query(`SELECT * FROM (${guestSubjectSql('$1')}) s`, [guestId]);
    return guestSubjectOf(row ?? null);
  }

  /** Spaces by id with their member facts for this subject; ids that are not spaces (or not UUIDs) are absent. */
  async loadSpaces(ids: readonly string[], subject: AccessSubject | null): Promise<Map<string, LoadedSpace>> {
    const personId = subject?.kind === 'PERSON' && isUuid(subject.id) ? subject.id : null;
    return (await this.readSpaces(ids, null, personId)).spaces;
  }

  /**
   * The caller's facts and the spaces by id with their member facts, in one statement: what every first read of a
   * space in a request needs (the wall, a document, an event...). Same answers as `loadSubject` then `loadSpaces`.
   */
  async loadSubjectAndSpaces(principal: Principal, ids: readonly string[]): Promise<{ subject: AccessSubject; spaces: Map<string, LoadedSpace> }> {
    if (principal.kind === 'HUB_ADMIN') {
      const subject = await this.loadSubject(principal);
      return { subject, spaces: await this.loadSpaces(ids, subject) };
    }
    const id = isUuid(principal.id) ? principal.id : null;
    if (principal.kind === 'GUEST') {
      const { spaces, subjectRow } = await this.readSpaces(ids, guestSubjectSql('$3'), null, id);
      return { subject: { kind: 'GUEST', id: principal.id, guest: guestSubjectOf(subjectRow) }, spaces };
    }
    const { spaces, subjectRow } = await this.readSpaces(ids, personSubjectSql('$3'), id, id);
    return { subject: personSubjectOf(principal, subjectRow), spaces };
  }

  /**
   * One statement: the spaces (plain SQL, columns from the entity's metadata) with their member facts, beside an
   * optional one-row subject (`subjectSql`, over $3) that is there even when no space is found.
   */
  private async readSpaces(ids: readonly string[], subjectSql: string | null, personId: string | null, subjectId: string | null = null)
    : Promise<{ spaces: Map<string, LoadedSpace>; subjectRow: Record<string, unknown> | null }> {
    const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const spaces = new Map<string, LoadedSpace>();
    if (wanted.length === 0 && !subjectSql) return { spaces, subjectRow: null };
    const sql = entitySql(this.dataSource.manager, SpaceEntity);
    const columns = `${sql.columns('space')}, ${FACTS_COLUMNS.map(([expression, name]) => `${expression('space', '$2')} AS ${name}`).join(', ')}`;
    const rows: Record<string, unknown>[] = subjectSql
      ? await this.dataSource.query(`SELECT s.*, ${columns} FROM (${subjectSql}) s LEFT JOIN ${sql.table} space ON space.id = ANY($1::uuid[])`,
        [wanted, personId, subjectId])
      : await this.dataSource.query(`SELECT ${columns} FROM ${sql.table} space WHERE space.id = ANY($1::uuid[])`, [wanted, personId]);
    for (const row of rows) {
      if (row.id === null || row.id === undefined) continue;
      const space = sql.entity<SpaceEntity>(row);
      spaces.set(space.id, { space, facts: factsOf(space, row) });
    }
    return { spaces, subjectRow: rows[0] ?? null };
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
        // Only the spaces they opened for moderation, while it lasts (ADR 0019).
        if (!isUuid(subject.id)) return null;
        return query.andWhere(`space.id IN (SELECT m.space_id FROM space_moderation_access m WHERE m.admin_id = :adminId AND m.expires_at > now())`,
          { adminId: subject.id });
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

/** The member facts of a space aliased `alias`, for the person bound to `person` (their own role), as SQL columns. */
const FACTS_COLUMNS: readonly (readonly [(alias: string, person: string) => string, string])[] = [
  [(a) => `ARRAY(SELECT sc.school_class_id::text FROM space_class sc WHERE sc.space_id = ${a}.id)`, 'facts_class_ids'],
  [(a) => `ARRAY(SELECT x.convention_id::text FROM space_convention x WHERE x.space_id = ${a}.id)`, 'facts_convention_ids'],
  [(a) => `coalesce((SELECT json_agg(json_build_object('conventionId', c.convention_id, 'classCode', c.class_code))
      FROM space_guest_cohort c WHERE c.space_id = ${a}.id), '[]'::json)`, 'facts_cohorts'],
  [(a, person) => `(SELECT sp.role FROM space_person sp WHERE sp.space_id = ${a}.id AND sp.person_id = CAST(${person} AS uuid))`,
    'facts_person_role'],
];

/** The person's facts as one row (all NULL when the person is unknown), for the id bound to `param`. */
function personSubjectSql(param: string): string {
  return `SELECT p.structure_id AS subject_structure_id, p.origin AS subject_origin,
      ARRAY(SELECT cm.school_class_id::text FROM class_membership cm WHERE cm.person_id = p.id) AS subject_class_ids
    FROM (VALUES (1)) one LEFT JOIN person p ON p.id = CAST(${param} AS uuid)`;
}

/** A guest's facts as one row (all NULL when the guest is unknown), for the id bound to `param`. */
function guestSubjectSql(param: string): string {
  return `SELECT ${guestFactsColumns('subject_')}
    FROM (VALUES (1)) one LEFT JOIN (guest g JOIN convention c ON c.id = g.convention_id) ON g.id = CAST(${param} AS uuid)`;
}

function personSubjectOf(principal: Principal, row: Record<string, unknown> | null): AccessSubject {
  return {
    kind: 'PERSON', id: principal.id, roles: principal.roles,
    structureId: (row?.subject_structure_id as string | null) ?? null,
    origin: (row?.subject_origin as string | null) ?? null,
    classIds: (row?.subject_class_ids as string[] | null) ?? [],
  };
}

function guestSubjectOf(row: Record<string, unknown> | null): GuestFacts | null {
  if (!row?.subject_state) return null;
  const unprefixed = Object.fromEntries(Object.entries(row).filter(([key]) => key.startsWith('subject_'))
    .map(([key, value]) => [key.slice('subject_'.length), value]));
  return guestFactsOf(unprefixed as unknown as GuestRow);
}

/** Adds the member facts of each space to a query over `space` (one row per space, no join that multiplies rows). */
export function withFacts(query: SelectQueryBuilder<SpaceEntity>, personId: string | null): SelectQueryBuilder<SpaceEntity> {
  for (const [expression, name] of FACTS_COLUMNS) query.addSelect(expression('space', ':factsPersonId'), name);
  return query.setParameter('factsPersonId', personId);
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
  const admission = guestAdmissionFactsOf(row);
  return {
    ...admission, classCode: row.class_code, conventionId: row.convention_id,
    convention: { ...admission.convention, version: Number(row.version) },
  };
}
