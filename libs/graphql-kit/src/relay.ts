import { Type } from '@nestjs/common';
import { ArgsType, Field, FieldMiddleware, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { InvalidInputError } from '@passerelle/errors';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Relay cursor connections (https://relay.dev/graphql/connections.htm), forward only (`first`, `after`).
 * Rows are ordered by (created_at, id), the keyset every paginated table indexes; the cursor is an opaque
 * base64url token of that pair, with the timestamp to the microsecond as PostgreSQL stores it.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Where a row sits in the (created_at, id) order. `createdAt` is UTC to the microsecond: 2026-11-29T09:11:00.123456Z. */
export interface CursorPosition {
  readonly createdAt: string;
  readonly id: string;
}

/** A validated page request. */
export interface PageRequest {
  readonly first: number;
  readonly after: CursorPosition | null;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

export interface PageInfoShape {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Connection<T> {
  readonly edges: readonly Edge<T>[];
  readonly pageInfo: PageInfoShape;
  /** Counted only when a client asks for `totalCount`. */
  readonly totalCount: () => Promise<number>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MICROSECOND_UTC = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$/;
const MAX_CURSOR_LENGTH = 200;
const INVALID_CURSOR = 'Curseur invalide.';

/** Whether a string is a UUID (any version), e.g. to answer NOT_FOUND instead of letting PostgreSQL fail. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id]), 'utf8').toString('base64url');
}

/** Reads a cursor given as `after`; anything this module did not write is refused as BAD_USER_INPUT on `after`. */
export function decodeCursor(cursor: string, field: readonly (string | number)[] = ['after']): CursorPosition {
  const invalid = () => new InvalidInputError(INVALID_CURSOR, field);
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH
    || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid();
  const [createdAt, id] = decoded as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || !MICROSECOND_UTC.test(createdAt) || !isUuid(id)
    || !isRealInstant(createdAt)) throw invalid();
  return { createdAt, id: id.toLowerCase() };
}

/** Refuses 2026-02-30 and 25:00, which PostgreSQL would reject with an internal error. */
function isRealInstant(microsecondUtc: string): boolean {
  const milliseconds = microsecondUtc.slice(0, 23);
  const time = Date.parse(`${milliseconds}Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 23) === milliseconds;
}

/** Validates `first` (default 20, 0 to 100) and decodes `after`. */
export function parsePage(args: { first?: number | null; after?: string | null }): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`Le nombre d'éléments demandés doit être compris entre 0 et ${MAX_PAGE_SIZE}.`, ['first']);
  }
  const after = args.after === undefined || args.after === null ? null : decodeCursor(args.after);
  return { first, after };
}

/**
 * Builds a connection from rows fetched in (created_at, id) order with one row more than asked
 * (`LIMIT first + 1`): that extra row only says there is a next page.
 */
export function toConnection<T>(
  rows: readonly { readonly node: T; readonly position: CursorPosition }[],
  page: PageRequest,
  totalCount: () => Promise<number>,
): Connection<T> {
  const edges = rows.slice(0, page.first).map((row) => ({ cursor: encodeCursor(row.position), node: row.node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

/** The same page with each node mapped, e.g. from entity to GraphQL type. */
export function mapConnection<T, U>(connection: Connection<T>, map: (node: T) => U): Connection<U> {
  return {
    edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) })),
    pageInfo: connection.pageInfo,
    totalCount: connection.totalCount,
  };
}

const CURSOR_CREATED_AT = 'relay_cursor_created_at';
const CURSOR_ID = 'relay_cursor_id';

/**
 * Runs one page of a TypeORM query over an entity whose table has `created_at` and `id` columns (indexed
 * together). The query keeps its filters; this adds the keyset condition, the order and the limit.
 * Use it on queries without joins that multiply rows (filter with EXISTS instead).
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  page: PageRequest,
): Promise<Connection<T>> {
  const alias = query.escape(query.alias);
  const createdAt = `${alias}.${query.escape('created_at')}`;
  const id = `${alias}.${query.escape('id')}`;
  const countQuery = query.clone();
  const pageQuery = query.clone()
    .addSelect(`to_char(${createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, CURSOR_CREATED_AT)
    .addSelect(`${id}::text`, CURSOR_ID)
    .orderBy(createdAt, 'ASC')
    .addOrderBy(id, 'ASC')
    .limit(page.first + 1);
  if (page.after) {
    pageQuery.andWhere(`(${createdAt}, ${id}) > (CAST(:relayAfterCreatedAt AS timestamptz), CAST(:relayAfterId AS uuid))`,
      { relayAfterCreatedAt: page.after.createdAt, relayAfterId: page.after.id });
  }
  const { entities, raw } = await pageQuery.getRawAndEntities<Record<string, string>>();
  const createdAtById = new Map(raw.map((row) => [row[CURSOR_ID], row[CURSOR_CREATED_AT]]));
  const rows = entities.map((node) => {
    const position = createdAtById.get(node.id);
    if (position === undefined) throw new Error(`paginate: no cursor for row ${node.id}`);
    return { node, position: { createdAt: position, id: node.id } };
  });
  let counted: Promise<number> | undefined;
  return toConnection(rows, page, () => (counted ??= countQuery.getCount()));
}

@ObjectType('PageInfo', { description: 'Where this page sits in the list (Relay).' })
export class PageInfo implements PageInfoShape {
  @Field({ description: 'Whether another page follows: ask again with `after: endCursor`.' })
  hasNextPage: boolean;

  @Field({ description: 'True when this page was asked after a cursor.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge, to pass as `after`.' })
  endCursor: string | null;
}

/** `first` and `after` on every paginated field; each connection field's own args extend this class. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many items, 0 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  @IsOptional()
  @IsInt({ message: "Le nombre d'éléments demandés doit être un entier." })
  @Min(0, { message: `Le nombre d'éléments demandés doit être compris entre 0 et ${MAX_PAGE_SIZE}.` })
  @Max(MAX_PAGE_SIZE, { message: `Le nombre d'éléments demandés doit être compris entre 0 et ${MAX_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  @IsOptional()
  @IsString({ message: INVALID_CURSOR })
  @MaxLength(MAX_CURSOR_LENGTH, { message: INVALID_CURSOR })
  after?: string | null;
}

/** `totalCount` holds a function so that the count query runs only when a client asks for it. */
const callLazyCount: FieldMiddleware = async (_context, next) => {
  const value: unknown = await next();
  return typeof value === 'function' ? (value as () => unknown)() : value;
};

const connectionTypes = new Map<Type<unknown>, Type<Connection<unknown>>>();

/**
 * The GraphQL `<Name>Connection` type (and its `<Name>Edge`) for a node type, `Name` defaulting to the
 * class name: `export const StructureConnection = connectionType(Structure)`. One type per node type.
 */
export function connectionType<T>(nodeType: Type<T>, name: string = nodeType.name): Type<Connection<T>> {
  const known = connectionTypes.get(nodeType);
  if (known) return known as Type<Connection<T>>;

  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<T> {
    @Field({ description: 'Opaque cursor of this edge.' })
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements Connection<T> {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'How many items the whole list holds (one more query).', middleware: [callLazyCount] })
    totalCount: () => Promise<number>;
  }

  connectionTypes.set(nodeType, ConnectionType as Type<Connection<unknown>>);
  return ConnectionType;
}
