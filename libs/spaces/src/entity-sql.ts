import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Plain SQL over an entity's table for the hub's hottest reads (a space's wall, the access decision before every
 * space read), without the query builder and its raw→entity transform. The column list comes from TypeORM's
 * metadata, so it follows the entity. For entities whose columns have no transformers (checked here).
 */
export interface EntitySql {
  /** The escaped table name. */
  readonly table: string;
  /** `alias.column AS "property"` for every column, for a table aliased `alias`. */
  columns(alias: string): string;
  /** An instance of the entity class from a row selected with `columns` (other fields of the row are ignored). */
  entity<T>(row: Record<string, unknown>): T;
}

const cache = new WeakMap<object, EntitySql>();

export function entitySql(manager: EntityManager, target: EntityTarget<ObjectLiteral>): EntitySql {
  const metadata = manager.connection.getMetadata(target);
  let sql = cache.get(metadata);
  if (sql) return sql;
  const transformed = metadata.columns.find((column) => column.transformer);
  if (transformed) throw new Error(`entitySql: ${metadata.name}.${transformed.propertyName} has a transformer; use the query builder`);
  const escape = (name: string) => manager.connection.driver.escape(name);
  const properties = [...new Set(metadata.columns.map((column) => column.propertyName))];
  const byProperty = new Map(metadata.columns.map((column) => [column.propertyName, column.databaseName]));
  const prototype = (metadata.target as { prototype: object }).prototype;
  const lists = new Map<string, string>();
  sql = {
    table: escape(metadata.tableName),
    columns(alias) {
      let list = lists.get(alias);
      if (!list) {
        list = properties.map((property) => `${alias}.${escape(byProperty.get(property)!)} AS ${escape(property)}`).join(', ');
        lists.set(alias, list);
      }
      return list;
    },
    entity<T>(row: Record<string, unknown>): T {
      const entity = Object.create(prototype) as Record<string, unknown>;
      for (const property of properties) entity[property] = row[property];
      return entity as T;
    },
  };
  cache.set(metadata, sql);
  return sql;
}
