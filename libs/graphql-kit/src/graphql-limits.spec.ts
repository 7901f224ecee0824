import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { buildSchema, DocumentNode, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, parse, specifiedRules, validate, ValidationRule } from 'graphql';
import { checkDocumentText, GRAPHQL_LIMIT_MESSAGES, graphqlLimitRules, measureOperation, operationCostError } from './graphql-limits.js';
import { forbiddenCharacterIn } from '@passerelle/errors';
import { findForbiddenText } from './input-text.js';

const schema = buildSchema(`
  type Query { me: Person spaces(first: Int, last: Int): SpaceConnection! node(id: ID!): Node }
  interface Node { id: ID! }
  type Person implements Node { id: ID! name: String friends(first: Int): PersonConnection! }
  type PersonConnection { edges: [PersonEdge!]! totalCount: Int! }
  type PersonEdge { node: Person! cursor: String! }
  type SpaceConnection { edges: [SpaceEdge!]! }
  type SpaceEdge { node: Space! }
  type Space implements Node { id: ID! title: String posts(first: Int): PostConnection! }
  type PostConnection { edges: [PostEdge!]! }
  type PostEdge { node: Post! }
  type Post implements Node { id: ID! body: String comments(first: Int): PostConnection! }
`);

function parts(text: string): { operation: OperationDefinitionNode; fragments: Map<string, FragmentDefinitionNode>; document: DocumentNode } {
  const document = parse(text);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
    .map((d) => [d.name.value, d]));
  return { operation, fragments, document };
}

/** What graphql-armor (the rules this replaces) measured for a document, read from its accept callbacks. */
function armor(text: string): { depth: number; aliases: number; cost: number } {
  const seen: Record<string, number> = {};
  const on = (key: string) => [(_context: unknown, details: { n: number }) => { seen[key] = details.n; }];
  validate(schema, parse(text), [
    maxDepthRule({ n: 1e9, onAccept: on('depth') }), maxAliasesRule({ n: 1e9, onAccept: on('aliases') }),
    costLimitRule({ maxCost: 1e12, onAccept: on('cost') }),
  ] as unknown as ValidationRule[]);
  return { depth: seen.depth, aliases: seen.aliases, cost: seen.cost };
}

const chain = (length: number) => ['query { ...F0 }', ...Array.from({ length },
  (_, i) => `fragment F${i} on Query { ${i < length - 1 ? `...F${i + 1}` : 'me { id }'} }`)].join('\n');

describe('GraphQL limits', () => {
  it('measures depth, aliases and cost as graphql-armor did, inline fragments included', () => {
    for (const text of [
      '{ me { id name } }',
      '{ a: me { id } b: me { id __typename } t: __typename }',
      '{ spaces(first: 20) { edges { node { id title posts(first: 10) { edges { node { id body } } } } } } }',
      '{ node(id: "1") { ... on Space { title } ... on Post { body comments(first: 2) { edges { node { id } } } } } }',
    ]) {
      const { operation, fragments } = parts(text);
      const mine = measureOperation(operation, fragments, undefined, 1e9);
      expect({ text, ...mine }).toEqual({ text, ...armor(text) });
    }
  });

  it('measures a fragment spread as its fields written in its place: no level and no weight of its own', () => {
    for (const [text, inline] of [
      ['{ spaces(last: 5) { edges { node { ...S } } } } fragment S on Space { id posts(first: 3) { edges { node { ...P } } } } fragment P on Post { id body }',
        '{ spaces(last: 5) { edges { node { id posts(first: 3) { edges { node { id body } } } } } } }'],
      ['{ me { ...A ...A friends(first: 4) { edges { node { ...A } } } } } fragment A on Person { id x: name }',
        '{ me { id x: name id x: name friends(first: 4) { edges { node { id x: name } } } } }'],
      ['{ ...Q } fragment Q on Query { me { id } }', '{ me { id } }'],
      ['{ node(id: "1") { ... on Space { ...T } } } fragment T on Space { title }', '{ node(id: "1") { ... on Space { title } } }'],
    ]) {
      const { operation, fragments } = parts(text);
      expect({ text, ...measureOperation(operation, fragments, undefined, 1e9) }).toEqual({ text, ...armor(inline) });
    }
    // With variables: a page inside a fragment multiplies the cost as it does written inline.
    const spread = parts('query($n: Int) { spaces(first: $n) { edges { node { ...S } } } } fragment S on Space { posts(first: $n) { edges { node { id } } } }');
    const inline = parts('query($n: Int) { spaces(first: $n) { edges { node { posts(first: $n) { edges { node { id } } } } } } }');
    for (const n of [1, 20, 100]) {
      expect(measureOperation(spread.operation, spread.fragments, { n })).toEqual(measureOperation(inline.operation, inline.fragments, { n }));
    }
    expect(operationCostError(spread.document, spread.operation, { n: 100 })?.message).toBe(GRAPHQL_LIMIT_MESSAGES.cost);
    expect(operationCostError(spread.document, spread.operation, { n: 5 })).toBeNull();
  });

  it('still refuses a query too deep when its levels hide in fragments, and a cycle of fragments', () => {
    const levels = (n: number) => `${'friends { edges { node { '.repeat(n)}id${' } } }'.repeat(n)}`;
    const hidden = (n: number) => `{ me { ...A } } fragment A on Person { friends { edges { ...B } } }
      fragment B on PersonEdge { node { ...C } } fragment C on Person { ${levels(n)} }`;
    const check = (text: string) => validate(schema, parse(text), graphqlLimitRules()).map((e: GraphQLError) => e.message);
    // me, friends, edges, node, 3 levels a page, then the id: 4 + 3 + 1 = 8 levels pass, 4 + 3 × 2 + 1 = 11 do not.
    const within = parts(hidden(1));
    expect(measureOperation(within.operation, within.fragments, undefined).depth).toBe(8);
    expect(check(hidden(1))).toEqual([]);
    expect(check(hidden(2))).toEqual([GRAPHQL_LIMIT_MESSAGES.depth]);
    const cycle = parts('{ ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }');
    expect(measureOperation(cycle.operation, cycle.fragments, undefined).depth).toBe(11);
    const errors = validate(schema, cycle.document, [...specifiedRules, ...graphqlLimitRules()]).map((e: GraphQLError) => e.message);
    expect(errors).toContain('Cannot spread fragment "A" within itself via "B".');
    expect(errors).toContain(GRAPHQL_LIMIT_MESSAGES.depth);
  });

  it('multiplies the cost by `first` given as a variable, or by its default value, as if written in the document', () => {
    const literal = parts('{ spaces(first: 100) { edges { node { posts(first: 100) { edges { node { id } } } } } } }');
    const variable = parts('query($n: Int) { spaces(first: $n) { edges { node { posts(first: $n) { edges { node { id } } } } } } }');
    const defaulted = parts('query($n: Int = 100) { spaces(first: $n) { edges { node { posts(first: $n) { edges { node { id } } } } } } }');
    const expected = measureOperation(literal.operation, literal.fragments, undefined).cost;
    expect(expected).toBeGreaterThan(400_000);
    expect(measureOperation(variable.operation, variable.fragments, { n: 100 }).cost).toBe(expected);
    expect(measureOperation(defaulted.operation, defaulted.fragments, {}).cost).toBe(expected);
    // Beyond MAX_PAGE_SIZE, which no connection serves, a value weighs as MAX_PAGE_SIZE (the resolver refuses it precisely).
    expect(measureOperation(variable.operation, variable.fragments, { n: 1e9 }).cost).toBe(expected);
    // Without a value (or with nonsense) the field counts once, as graphql-armor counted a field without `first`.
    expect(measureOperation(variable.operation, variable.fragments, {}).cost)
      .toBe(measureOperation(variable.operation, variable.fragments, { n: 'many' }).cost);
  });

  it('measures a chain of 10,000 fragments without overflowing the stack: one level past the limit, then it stops', () => {
    const { operation, fragments } = parts(chain(10_000));
    expect(measureOperation(operation, fragments, undefined).depth).toBe(11);
    const errors = validate(buildSchema('type Query { me: Person } type Person { id: ID }'), parse(chain(300)), graphqlLimitRules());
    expect(errors.map((e: GraphQLError) => e.message)).toEqual([GRAPHQL_LIMIT_MESSAGES.depth]);
  });

  it('refuses before parsing a document too long, with too many tokens, or nested too deeply, as BAD_REQUEST in French', () => {
    const refusal = (text: string) => {
      try {
        checkDocumentText(text);
        return undefined;
      } catch (error) {
        return { message: (error as GraphQLError).message, extensions: (error as GraphQLError).extensions };
      }
    };
    expect(refusal(chain(10_000))).toEqual({ message: GRAPHQL_LIMIT_MESSAGES.length, extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
    expect(refusal(chain(1_000))?.message).toBe(GRAPHQL_LIMIT_MESSAGES.tokens);
    expect(refusal(`{ ${'me { '.repeat(41)} id ${'} '.repeat(41)} }`)?.message).toBe(GRAPHQL_LIMIT_MESSAGES.nesting);
    expect(refusal(`{ ${'me { '.repeat(30)} id ${'} '.repeat(30)} }`)).toBeUndefined();
    // Braces inside strings and comments are not nesting; a syntax error is left to the parser.
    expect(refusal(`{ me(x: "${'{'.repeat(100)}") { id } } # ${'['.repeat(100)}`)).toBeUndefined();
    expect(refusal('{ me { "unterminated')).toBeUndefined();
  });
});

describe('forbidden characters in GraphQL inputs', () => {
  it('names the first control character, non-character or lone surrogate, and lets tabs, line breaks and emoji through', () => {
    expect(forbiddenCharacterIn('a\u0000b')).toBe('U+0000');
    expect(forbiddenCharacterIn('a\u001bb')).toBe('U+001B');
    expect(forbiddenCharacterIn('\uFFFE')).toBe('U+FFFE');
    expect(forbiddenCharacterIn('x\uD83D')).toBe('U+D83D');
    expect(forbiddenCharacterIn('\uDE00x')).toBe('U+DE00');
    expect(forbiddenCharacterIn('Oui\tbien\r\nsûr 😀 « ok » \u00a0')).toBeNull();
  });

  it('finds one in a variable, deep in an input object or a list, or written in the document, with the argument\'s path', () => {
    const find = (text: string, variables?: Record<string, unknown>) => {
      const { operation, document } = parts(text);
      return findForbiddenText(document, operation, variables);
    };
    expect(find('mutation($input: I!) { createPost(input: $input) { id } }', { input: { spaceId: 'x', body: 'a\u0000' } }))
      .toEqual({ path: ['input', 'body'], character: 'U+0000' });
    expect(find('query($q: String!) { search(query: $q) { id } }', { q: 'ok', other: 'a\u0000' })).toBeNull();
    expect(find('query($q: String!) { search(query: $q) { id } }', { q: 'x\u0007' })).toEqual({ path: ['query'], character: 'U+0007' });
    expect(find('mutation($ids: [ID!]!) { read(ids: $ids) }', { ids: ['a', 'b\u0000'] })).toEqual({ path: ['ids', 1], character: 'U+0000' });
    expect(find('mutation { createPost(input: { tags: ["a", "b\\u0000"] }) { id } }')).toEqual({ path: ['input', 'tags', 1], character: 'U+0000' });
    expect(find('query($t: String = "x\\u0001") { search(query: $t) { id } }', {})).toEqual({ path: ['query'], character: 'U+0001' });
    expect(find('{ ...F } fragment F on Query { search(query: "\\u0000") { id } }')).toEqual({ path: ['query'], character: 'U+0000' });
    expect(find('{ me @include(if: true) { id } }')).toBeNull();
  });
});
