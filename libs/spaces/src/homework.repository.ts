import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Connection, isUuid, PageRequest } from '@passerelle/graphql-kit';
import { authorNameJoins, authorNameOfRow } from './authors.repository.js';
import { paginateAscendingBy } from './keyset-page.js';
import { ActorKind } from './space.entity.js';
import { Actor } from './space-viewer.js';
import { SpaceScope } from './space-scope.js';
import { HomeworkCompletionEntity, HomeworkEntity } from './homework.entities.js';

/** How far a homework is done: by how many pupils, and by the caller. */
export interface HomeworkProgress {
  readonly doneCount: number;
  readonly doneByMe: boolean;
}

/** A pupil who marked a homework done, by name only. */
export interface HomeworkDoer {
  readonly kind: ActorKind;
  readonly id: string;
  readonly displayName: string;
  readonly doneAt: Date;
}

/** Homework of spaces and who marked it done. Every method that reads or writes content takes the space's scope. */
@Injectable()
export class HomeworkRepository {
  constructor(private readonly dataSource: DataSource) {}

  async locateHomework(homeworkId: string): Promise<string | null> {
    if (!isUuid(homeworkId)) return null;
    const [row] = await this.dataSource.query(`SELECT space_id FROM homework WHERE id = $1`, [homeworkId]);
    return row?.space_id ?? null;
  }

  findHomework(scope: SpaceScope, id: string): Promise<HomeworkEntity | null> {
    return this.dataSource.manager.findOneBy(HomeworkEntity, { id, spaceId: scope.spaceId });
  }

  /** Whether a class is a member of the space (homework may target it). */
  async isMemberClass(scope: SpaceScope, schoolClassId: string): Promise<boolean> {
    if (!isUuid(schoolClassId)) return false;
    const rows = await this.dataSource.query(`SELECT 1 FROM space_class WHERE space_id = $1 AND school_class_id = $2`, [scope.spaceId, schoolClassId]);
    return rows.length > 0;
  }

  /**
   * A page of the space's homework by due day, soonest first (Relay cursor on day and id), due within [dueFrom, dueTo]
   * when given; `classIds` not null: only the whole space's and these classes' (homework.rules.ts).
   */
  pageHomework(scope: SpaceScope, page: PageRequest, classIds: readonly string[] | null,
    due: { from?: string | null; to?: string | null } = {}): Promise<Connection<HomeworkEntity>> {
    const query = this.dataSource.manager.createQueryBuilder(HomeworkEntity, 'homework')
      .where('homework.space_id = :spaceId', { spaceId: scope.spaceId });
    if (classIds) query.andWhere('(homework.school_class_id IS NULL OR homework.school_class_id = ANY(CAST(:classIds AS uuid[])))', { classIds: [...classIds] });
    if (due.from) query.andWhere('homework.due_on >= CAST(:dueFrom AS date)', { dueFrom: due.from });
    if (due.to) query.andWhere('homework.due_on <= CAST(:dueTo AS date)', { dueTo: due.to });
    return paginateAscendingBy(query, page, { name: 'due_on', type: 'date' });
  }

  /**
   * The next homework due from `fromDay` (inclusive) across several spaces, soonest first, in one query: in each
   * space, the whole space's homework and, where `allClasses` is false, only that of `classIds` (homework.rules.ts).
   */
  async upcoming(spaces: readonly { spaceId: string; allClasses: boolean }[], classIds: readonly string[], fromDay: string, limit: number)
    : Promise<HomeworkEntity[]> {
    if (spaces.length === 0 || limit <= 0) return [];
    return this.dataSource.manager.createQueryBuilder(HomeworkEntity, 'homework')
      .innerJoin('(SELECT * FROM unnest(CAST(:spaceIds AS uuid[]), CAST(:allClasses AS boolean[])) AS w(space_id, all_classes))', 'w',
        'w.space_id = homework.space_id')
      .where('homework.due_on >= CAST(:fromDay AS date)', { fromDay })
      .andWhere('(homework.school_class_id IS NULL OR w.all_classes OR homework.school_class_id = ANY(CAST(:classIds AS uuid[])))',
        { classIds: [...classIds] })
      .setParameters({ spaceIds: spaces.map((space) => space.spaceId), allClasses: spaces.map((space) => space.allClasses) })
      .orderBy('homework.due_on', 'ASC').addOrderBy('homework.created_at', 'ASC').addOrderBy('homework.id', 'ASC')
      .limit(limit).getMany();
  }

  /** Progress of homework of several spaces, in one query. */
  async progressAcross(homework: readonly { spaceId: string; id: string }[], actor: Actor): Promise<Map<string, HomeworkProgress>> {
    const result = new Map<string, HomeworkProgress>(homework.map((h) => [h.id, { doneCount: 0, doneByMe: false }]));
    if (homework.length === 0) return result;
    const rows: { homework_id: string; done_count: number; done_by_me: boolean }[] = await this.dataSource.query(
      `SELECT c.homework_id, count(*)::int AS done_count, bool_or(c.pupil_kind = $3 AND c.pupil_id = $4) AS done_by_me
         FROM homework_completion c JOIN unnest(CAST($1 AS uuid[]), CAST($2 AS uuid[])) AS w(space_id, homework_id)
           ON w.space_id = c.space_id AND w.homework_id = c.homework_id
         GROUP BY c.homework_id`,
      [homework.map((h) => h.spaceId), homework.map((h) => h.id), actor.kind, isUuid(actor.id) ? actor.id : null]);
    for (const row of rows) result.set(row.homework_id, { doneCount: Number(row.done_count), doneByMe: row.done_by_me === true });
    return result;
  }

  /** Progress of several homework of one space, in one query. */
  async progress(scope: SpaceScope, homeworkIds: readonly string[], actor: Actor): Promise<Map<string, HomeworkProgress>> {
    const result = new Map<string, HomeworkProgress>(homeworkIds.map((id) => [id, { doneCount: 0, doneByMe: false }]));
    if (homeworkIds.length === 0) return result;
    const rows: { homework_id: string; done_count: number; done_by_me: boolean }[] = await this.dataSource.query(
      `SELECT homework_id, count(*)::int AS done_count, bool_or(pupil_kind = $3 AND pupil_id = $4) AS done_by_me
         FROM homework_completion WHERE space_id = $1 AND homework_id = ANY(CAST($2 AS uuid[])) GROUP BY homework_id`,
      [scope.spaceId, [...homeworkIds], actor.kind, actor.id]);
    for (const row of rows) result.set(row.homework_id, { doneCount: Number(row.done_count), doneByMe: row.done_by_me === true });
    return result;
  }

  /**
   * Who marked each of several homework done (pupils of the home school or guests), first done first, with their
   * current display name only (a guest whose data was erased: a pseudonym), in one query.
   */
  async doneBy(homework: readonly { spaceId: string; id: string }[]): Promise<Map<string, HomeworkDoer[]>> {
    const result = new Map<string, HomeworkDoer[]>(homework.map((h) => [h.id, []]));
    if (homework.length === 0) return result;
    const names = authorNameJoins('c');
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT c.homework_id, c.author_kind, c.author_id, c.done_at, ${names.columns}
         FROM (SELECT hc.homework_id, hc.pupil_kind AS author_kind, hc.pupil_id AS author_id, hc.done_at
                 FROM homework_completion hc JOIN unnest(CAST($1 AS uuid[]), CAST($2 AS uuid[])) AS w(space_id, homework_id)
                   ON w.space_id = hc.space_id AND w.homework_id = hc.homework_id) c
         ${names.joins}
        ORDER BY c.done_at, c.author_id`,
      [homework.map((h) => h.spaceId), homework.map((h) => h.id)]);
    for (const row of rows) {
      const name = authorNameOfRow(row.author_kind as ActorKind, row.author_id as string, row);
      result.get(row.homework_id as string)?.push({ kind: name.kind, id: name.id, displayName: name.displayName, doneAt: row.done_at as Date });
    }
    return result;
  }

  /** Marks done (twice changes nothing) or not done. */
  async setDone(scope: SpaceScope, homeworkId: string, pupil: Actor, done: boolean): Promise<void> {
    if (done) {
      await this.dataSource.createQueryBuilder().insert().into(HomeworkCompletionEntity)
        .values({ homeworkId, spaceId: scope.spaceId, pupilKind: pupil.kind, pupilId: pupil.id }).orIgnore().execute();
    } else {
      await this.dataSource.manager.delete(HomeworkCompletionEntity, { homeworkId, spaceId: scope.spaceId, pupilKind: pupil.kind, pupilId: pupil.id });
    }
  }
}
