import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLError, InlineFragmentNode, Kind, Lexer, OperationDefinitionNode,
  SelectionSetNode, Source, TokenKind, ValidationContext, ValidationRule, ValueNode,
} from 'graphql';
import { MAX_PAGE_SIZE } from './relay.js';

/**
 * Bounds on what one GraphQL request may ask; the feed of a space with posts, authors and comments fits well within.
 * `maxDocumentLength` and `maxTokens` are checked on the text before it is parsed; `maxNesting` bounds the brackets
 * (graphql-js parses recursively: 2,500 nested selections overflow its stack); depth, aliases and cost are measured
 * on the parsed operation, cost with the request's variables (`first: $n` weighs as much as `first: 100`).
 * The cost model is graphql-armor's (each level weighs 1.5 times its children, a page `first` times its items):
 * a page of 50 search results with their highlights, the largest page a client may ask, weighs about 7,300;
 * two nested pages of 100 (spaces, then each space's posts) weigh over 400,000, three (the review's query) millions.
 * `maxCost` admits the web app's screens (test/screen-operations.graphql, issue 12) with their largest pages, the
 * heaviest being a wall page of 20 posts with their 5 latest comments (about 14,400), 100 chat messages (about 12,200)
 * and 10 posts with Relay pages of 5 comments (about 10,200): 10,000 refused those three.
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 10, maxAliases: 15, maxCost: 15_000, maxDocumentLength: 100_000, maxTokens: 5_000, maxNesting: 40,
} as const;

export const GRAPHQL_LIMIT_MESSAGES = {
  depth: `La requête est trop profonde (au plus ${GRAPHQL_LIMITS.maxDepth} niveaux).`,
  aliases: `La requête utilise trop d'alias (au plus ${GRAPHQL_LIMITS.maxAliases}).`,
  cost: 'La requête demande trop de données à la fois : découpez-la.',
  length: `La requête GraphQL est trop longue (au plus ${GRAPHQL_LIMITS.maxDocumentLength.toLocaleString('fr-FR')} caractères).`,
  tokens: `La requête GraphQL est trop longue (au plus ${GRAPHQL_LIMITS.maxTokens.toLocaleString('fr-FR')} éléments).`,
  nesting: 'La requête GraphQL est trop imbriquée.',
} as const;

/** The cost model of graphql-armor's cost limit (kept so that known documents weigh what they weighed). */
const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_COST_FACTOR = 1.5;

export interface OperationMeasure {
  /**
   * Levels of fields and inline fragments; a fragment spread adds none (its fields count at the depth where they are
   * spread, as if written there). maxDepth + 1 means "too deep": fields too deep, or fragments spread within
   * fragments more than maxDepth times.
   */
  readonly depth: number;
  readonly aliases: number;
  readonly cost: number;
}

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

/**
 * Depth, aliases and cost of one operation. A fragment spread weighs what its fields would weigh written in its place,
 * so that a screen built from shared fragments is measured as the same screen written inline. Iterates over fields
 * with a recursion that stops one level past `maxDepth`, and past `maxDepth` fragments spread within fragments (a
 * chain of 10,000 fragments is measured in a few dozen frames); each fragment is measured once per depth and spread
 * nesting, so that a document that spreads fragments many times costs linear work to measure.
 * `first`/`last` multiply the cost of their field, written in the document or given as a variable (or its default).
 */
export function measureOperation(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Readonly<Record<string, unknown>> | undefined,
  maxDepth: number = GRAPHQL_LIMITS.maxDepth,
): OperationMeasure {
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const memo = new Map<string, Measure>();
  const tooDeep = (): Measure => ({ depth: maxDepth + 1, aliases: 0, cost: 0 });

  const multiplierOf = (field: FieldNode): number => {
    const argument = field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
    if (!argument) return 1;
    let value: unknown;
    if (argument.value.kind === Kind.INT) value = Number.parseInt(argument.value.value, 10);
    else if (argument.value.kind === Kind.VARIABLE) {
      const name = argument.value.name.value;
      value = variables && name in variables ? variables[name] : undefined;
      const fallback = defaults.get(name);
      if (value === undefined && fallback?.kind === Kind.INT) value = Number.parseInt(fallback.value, 10);
    }
    // No connection serves more than MAX_PAGE_SIZE items (parsePage refuses more, BAD_USER_INPUT on `first`): a larger
    // value weighs as MAX_PAGE_SIZE here, so that the resolver's precise refusal is the one a client reads.
    return typeof value === 'number' && Number.isFinite(value) ? Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(value))) : 1;
  };

  /**
   * A selection set whose parent sits at `depth` (the operation at 0), reached through `spreads` fragment spreads
   * within fragments. Children at depth + 1.
   */
  const selectionSet = (set: SelectionSetNode, depth: number, spreads: number): Measure => {
    const total: Measure = { depth, aliases: 0, cost: 0 };
    for (const selection of set.selections) {
      const child = selection.kind === Kind.FRAGMENT_SPREAD
        ? spreadMeasure(selection.name.value, depth, spreads)
        : selectionMeasure(selection, depth + 1, spreads);
      total.depth = Math.max(total.depth, child.depth);
      total.aliases += child.aliases;
      total.cost += child.cost;
      if (total.depth > maxDepth) return { ...total, depth: maxDepth + 1 };
    }
    return total;
  };

  /** One field or inline fragment at `depth`; its cost as its parent adds it (the operation adds its fields at face value). */
  const selectionMeasure = (selection: FieldNode | InlineFragmentNode, depth: number, spreads: number): Measure => {
    if (depth > maxDepth) return tooDeep();
    const factor = depth === 1 ? 1 : DEPTH_COST_FACTOR;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__schema') return { depth: depth - 1, aliases: 0, cost: 0 };
      const aliased = selection.alias && selection.alias.value !== '__typename' && selection.name.value !== '__typename' ? 1 : 0;
      if (!selection.selectionSet) return { depth, aliases: aliased, cost: factor * SCALAR_COST };
      const inner = selectionSet(selection.selectionSet, depth, spreads);
      const cost = (OBJECT_COST + inner.cost) * multiplierOf(selection);
      return { depth: inner.depth, aliases: aliased + inner.aliases, cost: factor * cost };
    }
    const inner = selectionSet(selection.selectionSet, depth, spreads);
    return { depth: inner.depth, aliases: inner.aliases, cost: factor * (OBJECT_COST + inner.cost) };
  };

  /**
   * A fragment spread in a selection set whose parent sits at `depth`: its fields are measured as that set's own
   * (no level, no weight of its own). An unknown fragment (refused by graphql-js's own rule) weighs a scalar; a cycle
   * (refused by graphql-js too) or more than maxDepth spreads within fragments measure as too deep.
   */
  const spreadMeasure = (name: string, depth: number, spreads: number): Measure => {
    const fragment = fragments.get(name);
    if (!fragment) return { depth: depth + 1, aliases: 0, cost: (depth === 0 ? 1 : DEPTH_COST_FACTOR) * SCALAR_COST };
    if (spreads >= maxDepth) return tooDeep();
    const key = `${depth}:${spreads}:${name}`;
    let inner = memo.get(key);
    if (!inner) {
      memo.set(key, tooDeep()); // a cycle ends here
      inner = selectionSet(fragment.selectionSet, depth, spreads + 1);
      memo.set(key, inner);
    }
    return inner;
  };

  const measure = selectionSet(operation.selectionSet, 0, 0);
  return { depth: measure.depth, aliases: measure.aliases, cost: measure.cost };
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** Depth and alias limits, as a validation rule (cached with the document); the cost waits for the variables. */
export function graphqlLimitRules(): ValidationRule[] {
  const rule = (context: ValidationContext) => ({
    Document(document: DocumentNode) {
      const fragments = fragmentsOf(document);
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        const measure = measureOperation(definition, fragments, undefined);
        if (measure.depth > GRAPHQL_LIMITS.maxDepth) context.reportError(new GraphQLError(GRAPHQL_LIMIT_MESSAGES.depth, { nodes: definition }));
        else if (measure.aliases > GRAPHQL_LIMITS.maxAliases) context.reportError(new GraphQLError(GRAPHQL_LIMIT_MESSAGES.aliases, { nodes: definition }));
      }
      return false; // nothing below to visit for this rule
    },
  });
  return [rule as ValidationRule];
}

/** A client's mistake answered 400 before anything runs. */
function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/**
 * Refuses, before graphql-js parses it, a document too long, with too many tokens, or nested too deeply (its
 * recursive parser and validation rules overflow the stack on such documents): BAD_REQUEST, 400, in French.
 * Reads tokens with graphql-js's own lexer, so that strings and comments count as they will be parsed.
 */
export function checkDocumentText(text: string): void {
  if (text.length > GRAPHQL_LIMITS.maxDocumentLength) throw badRequest(GRAPHQL_LIMIT_MESSAGES.length);
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  let nesting = 0;
  for (;;) {
    let token;
    try {
      token = lexer.advance();
    } catch {
      return; // a syntax error: the parser reports it (GRAPHQL_PARSE_FAILED)
    }
    if (token.kind === TokenKind.EOF) return;
    if (++tokens > GRAPHQL_LIMITS.maxTokens) throw badRequest(GRAPHQL_LIMIT_MESSAGES.tokens);
    if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.PAREN_L || token.kind === TokenKind.BRACKET_L) {
      if (++nesting > GRAPHQL_LIMITS.maxNesting) throw badRequest(GRAPHQL_LIMIT_MESSAGES.nesting);
    } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.PAREN_R || token.kind === TokenKind.BRACKET_R) {
      nesting = Math.max(0, nesting - 1);
    }
  }
}

/** graphql-js `parse` options for Apollo (`parseOptions`): the same token bound, should a document skip the check. */
export const GRAPHQL_PARSE_OPTIONS = { maxTokens: GRAPHQL_LIMITS.maxTokens } as const;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The `persistedQuery` extension (automatic persisted queries), checked as Apollo would, with French answers. */
function checkPersistedQuery(query: unknown, extensions: unknown): void {
  if (extensions === undefined || extensions === null) return;
  if (typeof extensions !== 'object' || Array.isArray(extensions)) throw badRequest('Le champ « extensions » doit être un objet.');
  if (!('persistedQuery' in extensions)) return;
  const persisted = (extensions as { persistedQuery: unknown }).persistedQuery;
  if (!persisted || typeof persisted !== 'object' || Array.isArray(persisted)) {
    throw badRequest('L’extension « persistedQuery » doit être un objet { version: 1, sha256Hash }.');
  }
  const { version, sha256Hash } = persisted as { version?: unknown; sha256Hash?: unknown };
  if (version !== 1) throw badRequest('Version de requête persistée inconnue : seule la version 1 existe.');
  if (typeof sha256Hash !== 'string' || !SHA256_HEX.test(sha256Hash)) {
    throw badRequest('L’empreinte de la requête persistée doit être un SHA-256 en hexadécimal (64 caractères minuscules).');
  }
  if (typeof query === 'string' && createHash('sha256').update(query).digest('hex') !== sha256Hash) {
    throw badRequest('L’empreinte de la requête persistée ne correspond pas au texte de la requête.');
  }
}

/**
 * Checks an HTTP GraphQL request before Apollo reads it (call it from the context function: Apollo answers what it
 * throws with its status, and logs nothing): the document's text (length, tokens, nesting) and the persisted-query
 * extension. A GET carries them in its query string, `extensions` as JSON.
 */
export function checkGraphqlHttpRequest(request: { readonly body?: unknown; readonly query?: unknown }): void {
  const fromBody = request.body && typeof request.body === 'object' && !Array.isArray(request.body)
    ? request.body as { query?: unknown; extensions?: unknown } : undefined;
  const fromQuery = !fromBody && request.query && typeof request.query === 'object'
    ? request.query as { query?: unknown; extensions?: unknown } : undefined;
  const source = fromBody ?? fromQuery;
  if (!source) return;
  let extensions = source.extensions;
  if (fromQuery && typeof extensions === 'string') {
    try {
      extensions = JSON.parse(extensions);
    } catch {
      throw badRequest('Le champ « extensions » doit être un objet JSON.');
    }
  }
  if (typeof source.query === 'string') checkDocumentText(source.query);
  checkPersistedQuery(source.query, extensions);
}

/**
 * The cost limit of one operation, computed with the request's variables (a validation rule cannot see them: Apollo
 * validates a document once and caches it): GRAPHQL_VALIDATION_FAILED, 400, in French; null within the limit.
 * Over HTTP from graphqlLimitsPlugin, over the WebSocket from checkWebSocketOperation.
 */
export function operationCostError(document: DocumentNode, operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | null | undefined): GraphQLError | null {
  const measure = measureOperation(operation, fragmentsOf(document), variables ?? undefined);
  if (measure.cost <= GRAPHQL_LIMITS.maxCost) return null;
  return new GraphQLError(GRAPHQL_LIMIT_MESSAGES.cost, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
}

/**
 * The operation-level limits, as an Apollo plugin (its errors are answered with their status, nothing logged):
 * - the cost, once the operation is known (operationCostError);
 * - a subscription POSTed over HTTP is a client mistake (subscriptions go over the WebSocket): BAD_REQUEST, 400.
 */
export function graphqlLimitsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(context) {
          const operation = context.operation;
          if (!operation) return;
          if (operation.operation === 'subscription') {
            throw badRequest('Les abonnements (subscription) passent par la connexion WebSocket de /graphql, pas par une requête HTTP.');
          }
          const refusal = operationCostError(context.document, operation, context.request.variables);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
