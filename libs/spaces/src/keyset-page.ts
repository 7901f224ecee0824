import { Connection, PageRequest, toConnection } from '@passerelle/graphql-kit';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Relay pages in ascending order of a date column other than created_at (an agenda by start, a cahier de textes by
 * due day), with the same opaque cursors as graphql-kit: the cursor's instant is the row's key (a `date` column is
 * written as midnight UTC), then its id, so that rows with the same key keep a stable order.
 */

const CURSOR_KEY = 'keyset_cursor_key';
const CURSOR_ID = 'keyset_cursor_id';

export interface KeysetColumn {
  /** The column, snake_case, of the query's alias. */
  readonly name: string;
  readonly type: 'timestamptz' | 'date';
}

export async function paginateAscendingBy<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>, page: PageRequest, column: KeysetColumn,
): Promise<Connection<T>> {
  const alias = query.escape(query.alias);
  const key = `${alias}.${query.escape(column.name)}`;
  const id = `${alias}.${query.escape('id')}`;
  const countQuery = query.clone();
  const keyText = column.type === 'date'
    ? `to_char(${key}, 'YYYY-MM-DD"T00:00:00.000000Z"')`
    : `to_char(${key} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  const pageQuery = query.clone()
    .addSelect(keyText, CURSOR_KEY)
    .addSelect(`${id}::text`, CURSOR_ID)
    .orderBy(key, 'ASC')
    .addOrderBy(id, 'ASC')
    .limit(page.first + 1);
  if (page.after) {
    const after = column.type === 'date' ? page.after.createdAt.slice(0, 10) : page.after.createdAt;
    pageQuery.andWhere(`(${key}, ${id}) > (CAST(:keysetAfterKey AS ${column.type}), CAST(:keysetAfterId AS uuid))`,
      { keysetAfterKey: after, keysetAfterId: page.after.id });
  }
  const { entities, raw } = await pageQuery.getRawAndEntities<Record<string, string>>();
  const keyById = new Map(raw.map((row) => [row[CURSOR_ID], row[CURSOR_KEY]]));
  const rows = entities.map((node) => {
    const position = keyById.get(node.id);
    if (position === undefined) throw new Error(`paginateAscendingBy: no cursor for row ${node.id}`);
    return { node, position: { createdAt: position, id: node.id } };
  });
  let counted: Promise<number> | undefined;
  return toConnection(rows, page, () => (counted ??= countQuery.getCount()));
}
