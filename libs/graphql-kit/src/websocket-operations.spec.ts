import { buildSchema, GraphQLError } from 'graphql';
import { forbiddenCharacterIn, forbiddenCharacterMessage, InvalidInputError } from '@passerelle/errors';
import { GRAPHQL_LIMIT_MESSAGES, GRAPHQL_LIMITS } from './graphql-limits.js';
import { checkWebSocketOperation, GRAPHQL_WS_MAX_PAYLOAD } from './websocket-operations.js';

const schema = buildSchema(`
  type Query { me: Person }
  type Subscription { messageAdded(spaceId: ID!): Message! }
  type Person { id: ID! }
  type Message { id: ID! space: Space! }
  type Space { id: ID! posts(first: Int): PostConnection! }
  type PostConnection { edges: [PostEdge!]! }
  type PostEdge { node: Post! }
  type Post { id: ID! comments(first: Int): PostConnection! }
`);

const COSTLY = `subscription($n: Int) { messageAdded(spaceId: "s") { space { posts(first: $n) { edges { node {
  comments(first: $n) { edges { node { id } } } } } } } } }`;

const check = (query: string, variables?: Record<string, unknown>, introspection = true) =>
  checkWebSocketOperation(schema, { query, variables }, { introspection });
const refusals = (result: ReturnType<typeof check>) => {
  if (!Array.isArray(result)) throw new Error('expected a refusal');
  return result.map((error) => ({ message: error.message, code: error.extensions.code }));
};

describe('checkWebSocketOperation (graphql-ws onSubscribe)', () => {
  it('answers the execution arguments of an operation within the limits, with its variables, for graphql-ws to run', () => {
    const result = check(COSTLY, { n: 2 });
    expect(Array.isArray(result)).toBe(false);
    expect(result).toMatchObject({ schema, operationName: undefined, variableValues: { n: 2 } });
    expect(result).not.toHaveProperty('contextValue'); // graphql-ws builds the context as for any subscription
  });

  it('refuses the cost with the variables, as over HTTP', () => {
    expect(refusals(check(COSTLY, { n: 100 }))).toEqual([{ message: GRAPHQL_LIMIT_MESSAGES.cost, code: 'GRAPHQL_VALIDATION_FAILED' }]);
    expect(refusals(check(COSTLY.replace('$n: Int', '$n: Int = 100')))).toEqual([{ message: GRAPHQL_LIMIT_MESSAGES.cost,
      code: 'GRAPHQL_VALIDATION_FAILED' }]);
  });

  it('refuses a document too long or nested too deep before parsing it, and a parse error with its code', () => {
    expect(refusals(check(`# ${'x'.repeat(GRAPHQL_LIMITS.maxDocumentLength)}\n{ me { id } }`)))
      .toEqual([{ message: GRAPHQL_LIMIT_MESSAGES.length, code: 'BAD_REQUEST' }]);
    expect(refusals(check(`{ ${'me { '.repeat(50)} id ${'} '.repeat(50)} }`))).toEqual([{ message: GRAPHQL_LIMIT_MESSAGES.nesting, code: 'BAD_REQUEST' }]);
    expect(refusals(check('subscription { messageAdded(spaceId: "s") { id }'))[0].code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses queries and mutations: over the socket only subscriptions run (the others go to /graphql over HTTP)', () => {
    expect(refusals(check('{ me { id } }'))).toEqual([{ code: 'BAD_REQUEST',
      message: expect.stringContaining('seuls les abonnements') }]);
    expect(refusals(check('query Me { me { id } }'))[0].code).toBe('BAD_REQUEST');
    expect(Array.isArray(check('subscription { messageAdded(spaceId: "s") { id } }'))).toBe(false);
  });

  it('validates against the schema with the depth rule, and refuses introspection when it is off', () => {
    const deep = `subscription { messageAdded(spaceId: "s") { ${'... on Message { '.repeat(12)} id ${'} '.repeat(12)} } }`;
    expect(refusals(check(deep))).toEqual([{ message: GRAPHQL_LIMIT_MESSAGES.depth, code: 'GRAPHQL_VALIDATION_FAILED' }]);
    expect(refusals(check('subscription { nothing }'))[0].code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refusals(check('{ __schema { queryType { name } } }'))[0].code).toBe('BAD_REQUEST'); // valid, but a query
    expect(refusals(check('{ __schema { queryType { name } } }', undefined, false))[0].code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a forbidden character in a variable with the argument\'s path (BAD_USER_INPUT once formatted)', () => {
    const result = check('subscription($id: ID!) { messageAdded(spaceId: $id) { id } }', { id: 'abc\u0007' });
    if (!Array.isArray(result)) throw new Error('expected a refusal');
    const original = (result[0] as GraphQLError).originalError;
    expect(original).toBeInstanceOf(InvalidInputError);
    expect(original).toMatchObject({ code: 'BAD_USER_INPUT', field: ['spaceId'], message: forbiddenCharacterMessage(forbiddenCharacterIn('\u0007')!) });
  });

  it('accepts on the socket a message holding the longest document HTTP accepts', () => {
    expect(GRAPHQL_WS_MAX_PAYLOAD).toBeGreaterThan(GRAPHQL_LIMITS.maxDocumentLength + 1_000);
  });
});
