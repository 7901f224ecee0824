import { Connection, CursorPosition, PageRequest, toConnection } from '@passerelle/graphql-kit';
import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { entitySql } from './entity-sql.js';

/**
 * Relay pages newest first (walls, inboxes, lists of spaces), with the same opaque (created_at, id) cursors as
 * graphql-kit's oldest-first `paginate`. The table must have `created_at` and `id`, indexed together.
 */

const CURSOR_CREATED_AT = 'newest_cursor_created_at';
const CURSOR_ID = 'newest_cursor_id';

export interface PositionedRow<T> {
  readonly node: T;
  readonly position: CursorPosition;
}

/** Up to `limit` rows of the query strictly older than `after` (or from the newest), newest first. */
export async function fetchNewestFirst<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>, limit: number, after: CursorPosition | null,
): Promise<PositionedRow<T>[]> {
  const alias = query.escape(query.alias);
  const createdAt = `${alias}.${query.escape('created_at')}`;
  const id = `${alias}.${query.escape('id')}`;
  const pageQuery = query.clone()
    .addSelect(`to_char(${createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, CURSOR_CREATED_AT)
    .addSelect(`${id}::text`, CURSOR_ID)
    .orderBy(createdAt, 'DESC')
    .addOrderBy(id, 'DESC')
    .limit(limit);
  if (after) {
    pageQuery.andWhere(`(${createdAt}, ${id}) < (CAST(:newestAfterCreatedAt AS timestamptz), CAST(:newestAfterId AS uuid))`,
      { newestAfterCreatedAt: after.createdAt, newestAfterId: after.id });
  }
  const { entities, raw } = await pageQuery.getRawAndEntities<Record<string, string>>();
  const createdAtById = new Map(raw.map((row) => [row[CURSOR_ID], row[CURSOR_CREATED_AT]]));
  return entities.map((node) => {
    const position = createdAtById.get(node.id);
    if (position === undefined) throw new Error(`fetchNewestFirst: no cursor for row ${node.id}`);
    return { node, position: { createdAt: position, id: node.id } };
  });
}

/** One page of the query, newest first; `totalCount` counts the whole query only when asked. */
export async function paginateNewestFirst<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>, page: PageRequest,
): Promise<Connection<T>> {
  const countQuery = query.clone();
  const rows = await fetchNewestFirst(query, page.first + 1, page.after);
  let counted: Promise<number> | undefined;
  return toConnection(rows, page, () => (counted ??= countQuery.getCount()));
}

/** More columns for each row of a plain page, from LEFT JOINs that never multiply rows (e.g. the author's name). */
export interface PageExtras {
  readonly joins?: string;
  readonly columns: string;
}

/** A plain page, with each row's extra columns (by id) when some were asked for. */
export interface PlainPage<T> {
  readonly connection: Connection<T>;
  readonly extras: ReadonlyMap<string, Record<string, unknown>>;
}

/**
 * The same page as `paginateNewestFirst`, as one plain SQL statement on a hot read (a space's wall): every column
 * of the entity (the list comes from TypeORM's metadata, so it follows the entity), rows returned as instances of
 * the entity class without the query builder and its raw→entity transform. `where` is SQL on the table aliased `t`,
 * with `$1…$n` bound to `params`; `extras` adds columns read in the same statement.
 */
export async function paginateNewestFirstSql<T extends ObjectLiteral & { id: string; createdAt: Date }>(
  manager: EntityManager, target: EntityTarget<T>, where: string, params: readonly unknown[], page: PageRequest, extras?: PageExtras,
): Promise<PlainPage<T>> {
  const sql = entitySql(manager, target as EntityTarget<ObjectLiteral>);
  const values = [...params];
  let condition = where;
  if (page.after) {
    values.push(page.after.createdAt, page.after.id);
    condition = `(${where}) AND (t.created_at, t.id) < (CAST($${values.length - 1} AS timestamptz), CAST($${values.length} AS uuid))`;
  }
  values.push(page.first + 1);
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT ${sql.columns('t')}, to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ${CURSOR_CREATED_AT}
       ${extras ? `, ${extras.columns}` : ''}
     FROM ${sql.table} t ${extras?.joins ?? ''} WHERE ${condition} ORDER BY t.created_at DESC, t.id DESC LIMIT $${values.length}`, values);
  const extraRows = new Map<string, Record<string, unknown>>();
  const positioned = rows.map((row) => {
    const node = sql.entity<T>(row);
    if (extras) extraRows.set(node.id, row);
    return { node, position: { createdAt: row[CURSOR_CREATED_AT] as string, id: node.id } };
  });
  let counted: Promise<number> | undefined;
  const connection = toConnection(positioned, page, () => (counted ??= manager.query(
    `SELECT count(*)::int AS n FROM ${sql.table} t WHERE ${where}`, [...params]).then((result: { n: number }[]) => result[0].n)));
  return { connection, extras: extraRows };
}

/** A page of rows already in memory, ordered oldest first by their (createdAt, id) position. */
export function pageInMemory<T>(rows: readonly PositionedRow<T>[], page: PageRequest): Connection<T> {
  const sorted = [...rows].sort((a, b) => compare(a.position, b.position));
  const after = page.after;
  const rest = after ? sorted.filter((row) => compare(row.position, after) > 0) : sorted;
  return toConnection(rest.slice(0, page.first + 1), page, () => Promise.resolve(sorted.length));
}

function compare(a: CursorPosition, b: CursorPosition): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}
