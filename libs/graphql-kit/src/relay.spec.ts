import { Test } from '@nestjs/testing';
import { Args, Field, GraphQLSchemaBuilderModule, GraphQLSchemaFactory, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { graphql, printType, GraphQLObjectType } from 'graphql';
import { InvalidInputError } from '@passerelle/errors';
import {
  Connection, connectionType, CursorPosition, decodeCursor, encodeCursor, isUuid, mapConnection, PageArgs, parsePage,
  toConnection,
} from './relay.js';

const A: CursorPosition = { createdAt: '2026-11-29T09:11:00.123456Z', id: '3f0b8f5e-8c1a-4d7e-9f00-1a2b3c4d5e6f' };
const B: CursorPosition = { createdAt: '2026-11-29T09:11:00.123457Z', id: '00000000-0000-4000-8000-000000000001' };
const C: CursorPosition = { createdAt: '2026-11-29T09:12:00.000000Z', id: '00000000-0000-4000-8000-000000000002' };

function expectInvalidCursor(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: 'Curseur invalide.', field: ['after'] });
    return;
  }
  throw new Error('expected an invalid cursor');
}

describe('Relay cursors', () => {
  it('round-trips a position, microseconds included', () => {
    expect(decodeCursor(encodeCursor(A))).toEqual(A);
  });

  it('is opaque base64url (no padding, nothing to escape in a URL)', () => {
    expect(encodeCursor(A)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['an empty string', ''],
    ['garbage', 'not a cursor!'],
    ['base64 of plain text', Buffer.from('hello').toString('base64url')],
    ['base64 of an object', Buffer.from(JSON.stringify({ createdAt: A.createdAt, id: A.id })).toString('base64url')],
    ['a millisecond timestamp', Buffer.from(JSON.stringify(['2026-11-29T09:11:00.123Z', A.id])).toString('base64url')],
    ['a timestamp with an offset', Buffer.from(JSON.stringify(['2026-11-29T09:11:00.123456+01:00', A.id])).toString('base64url')],
    ['30 February', Buffer.from(JSON.stringify(['2026-02-30T09:11:00.123456Z', A.id])).toString('base64url')],
    ['25 o\'clock', Buffer.from(JSON.stringify(['2026-02-10T25:11:00.123456Z', A.id])).toString('base64url')],
    ['an id that is no UUID', Buffer.from(JSON.stringify([A.createdAt, "1' OR 1=1"])).toString('base64url')],
    ['three elements', Buffer.from(JSON.stringify([A.createdAt, A.id, 1])).toString('base64url')],
    ['a very long token', 'a'.repeat(500)],
  ])('refuses %s as BAD_USER_INPUT on `after`', (_what, cursor) => {
    expectInvalidCursor(() => decodeCursor(cursor));
  });

  it('lower-cases the id', () => {
    expect(decodeCursor(encodeCursor({ ...A, id: A.id.toUpperCase() })).id).toBe(A.id);
  });

  it('recognises UUIDs', () => {
    expect(isUuid(A.id)).toBe(true);
    expect(isUuid('abc')).toBe(false);
    expect(isUuid(`${A.id} `)).toBe(false);
  });
});

describe('page requests', () => {
  it('asks for 20 items by default, from the start', () => {
    expect(parsePage({})).toEqual({ first: 20, after: null });
    expect(parsePage({ first: null, after: null })).toEqual({ first: 20, after: null });
  });

  it('accepts 0 to 100 items', () => {
    expect(parsePage({ first: 0 }).first).toBe(0);
    expect(parsePage({ first: 100 }).first).toBe(100);
  });

  it.each([-1, 101, 2.5])('refuses first = %p, naming `first`', (first) => {
    expect(() => parsePage({ first })).toThrow(InvalidInputError);
    try {
      parsePage({ first });
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
    }
  });

  it('decodes `after`', () => {
    expect(parsePage({ first: 2, after: encodeCursor(B) })).toEqual({ first: 2, after: B });
    expectInvalidCursor(() => parsePage({ after: 'nope' }));
  });
});

describe('connections', () => {
  const count = () => Promise.resolve(42);
  const rows = [A, B, C].map((position, index) => ({ node: { n: index }, position }));

  it('says there is a next page when the extra row came back, and ends on the last edge shown', async () => {
    const connection = toConnection(rows, { first: 2, after: null }, count);
    expect(connection.edges.map((edge) => edge.node)).toEqual([{ n: 0 }, { n: 1 }]);
    expect(connection.edges[1].cursor).toBe(encodeCursor(B));
    expect(connection.pageInfo).toEqual({
      hasNextPage: true, hasPreviousPage: false, startCursor: encodeCursor(A), endCursor: encodeCursor(B),
    });
    await expect(connection.totalCount()).resolves.toBe(42);
  });

  it('says there is no next page on the last page', () => {
    const connection = toConnection(rows.slice(2), { first: 2, after: B }, count);
    expect(connection.edges).toHaveLength(1);
    expect(connection.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, endCursor: encodeCursor(C) });
  });

  it('gives null cursors for an empty page', () => {
    expect(toConnection([], { first: 20, after: null }, count).pageInfo).toEqual({
      hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null,
    });
  });

  it('maps nodes and keeps cursors', () => {
    const connection = mapConnection(toConnection(rows, { first: 3, after: null }, count), (node) => `#${node.n}`);
    expect(connection.edges.map((edge) => [edge.node, edge.cursor])).toEqual([
      ['#0', encodeCursor(A)], ['#1', encodeCursor(B)], ['#2', encodeCursor(C)],
    ]);
  });
});

@ObjectType('Thing')
class Thing {
  @Field(() => ID) id: string;
}

const ThingConnection = connectionType(Thing);

@Resolver()
class ThingResolver {
  @Query(() => ThingConnection)
  things(@Args() _page: PageArgs): Connection<Thing> {
    throw new Error('not called: the test passes a root value');
  }
}

describe('connectionType', () => {
  let schema: Awaited<ReturnType<GraphQLSchemaFactory['create']>>;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [GraphQLSchemaBuilderModule] }).compile();
    schema = await moduleRef.get(GraphQLSchemaFactory).create([ThingResolver]);
  });

  it('returns one type per node type', () => {
    expect(connectionType(Thing)).toBe(ThingConnection);
  });

  it('produces ThingConnection { edges { cursor node } pageInfo totalCount } and first/after arguments', () => {
    expect(printType(schema.getType('ThingConnection')!)).toContain('edges: [ThingEdge!]!');
    expect(printType(schema.getType('ThingConnection')!)).toContain('pageInfo: PageInfo!');
    expect(printType(schema.getType('ThingConnection')!)).toContain('totalCount: Int!');
    expect(printType(schema.getType('ThingEdge')!)).toMatch(/cursor: String!\s+node: Thing!/);
    expect(printType(schema.getType('PageInfo')!)).toMatch(/hasNextPage: Boolean![\s\S]*endCursor: String/);
    const args = (schema.getQueryType() as GraphQLObjectType).getFields().things.args.map((arg) => `${arg.name}: ${arg.type}`);
    expect(args).toEqual(['first: Int', 'after: String']);
  });

  it('counts only when totalCount is asked', async () => {
    const counter = jest.fn(() => Promise.resolve(3));
    const things = toConnection([{ node: { id: 'x' }, position: A }], { first: 20, after: null }, counter);
    const withoutCount = await graphql({ schema, source: '{ things { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }', rootValue: { things } });
    expect(withoutCount.errors).toBeUndefined();
    expect(withoutCount.data).toEqual({ things: {
      edges: [{ cursor: encodeCursor(A), node: { id: 'x' } }], pageInfo: { hasNextPage: false, endCursor: encodeCursor(A) },
    } });
    expect(counter).not.toHaveBeenCalled();
    const withCount = await graphql({ schema, source: '{ things { totalCount } }', rootValue: { things } });
    expect(withCount.data).toEqual({ things: { totalCount: 3 } });
    expect(counter).toHaveBeenCalledTimes(1);
  });
});
