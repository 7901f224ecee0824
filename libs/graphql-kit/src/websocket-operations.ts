import {
  ExecutionArgs, getOperationAST, GraphQLError, GraphQLSchema, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate,
} from 'graphql';
import { checkDocumentText, GRAPHQL_PARSE_OPTIONS, graphqlLimitRules, operationCostError } from './graphql-limits.js';
import { forbiddenTextError } from './input-text.js';

/**
 * The largest message a graphql-ws socket accepts, in bytes (`ws`'s default is 100 MiB): a document of
 * GRAPHQL_LIMITS.maxDocumentLength characters with its variables and the message's envelope fits, so that a document
 * too long over the socket gets the same French BAD_REQUEST as over HTTP; beyond, `ws` closes the socket (1009).
 */
export const GRAPHQL_WS_MAX_PAYLOAD = 128 * 1024;

/** What a graphql-ws `subscribe` message carries (graphql-ws has checked its shape). */
export interface WebSocketOperationPayload {
  readonly query: string;
  readonly operationName?: string | null;
  readonly variables?: Record<string, unknown> | null;
}

/** A graphql-js error as Apollo answers it: its message and locations, and the code Apollo gives to its kind. */
function withCode(error: GraphQLError, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions,
    originalError: error.originalError, extensions: { ...error.extensions, code } });
}

/**
 * The checks an HTTP request gets, for one operation sent over the WebSocket (graphql-ws's `onSubscribe`; graphql-ws
 * would otherwise parse and validate it bare, and run it): the document's length, tokens and nesting before parsing,
 * graphql-js's rules with the depth and alias limits (and no introspection when it is off), the cost with the
 * operation's variables, and no forbidden character in any input. Answers the execution arguments for graphql-ws
 * (the context is left for graphql-ws to build, as for any subscription), or the refusals, with the codes and French
 * messages of the HTTP path, formatted by the caller's formatError.
 */
export function checkWebSocketOperation(schema: GraphQLSchema, payload: WebSocketOperationPayload,
  options: { readonly introspection: boolean }): ExecutionArgs | GraphQLError[] {
  try {
    checkDocumentText(payload.query);
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  let document;
  try {
    document = parse(payload.query, GRAPHQL_PARSE_OPTIONS);
  } catch (error) {
    if (error instanceof GraphQLError) return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
    throw error;
  }
  const rules = [...specifiedRules, ...graphqlLimitRules(), ...options.introspection ? [] : [NoSchemaIntrospectionCustomRule]];
  const invalid = validate(schema, document, rules, { hideSuggestions: !options.introspection });
  if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
  const operationName = payload.operationName ?? undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    return [new GraphQLError(operationName ? `Aucune opération ne s'appelle « ${operationName} » dans la requête.`
      : 'La requête contient plusieurs opérations : nommez celle à exécuter (operationName).',
    { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
  }
  if (operation.operation !== 'subscription') {
    // Queries and mutations go over HTTP, where the metrics, the no-store answers and the 429 of the limits apply.
    return [new GraphQLError('Par la connexion WebSocket, seuls les abonnements (subscription) sont acceptés : '
      + 'envoyez les requêtes et les mutations à /graphql en HTTP.', { extensions: { code: 'BAD_REQUEST' } })];
  }
  const variables = payload.variables ?? undefined;
  const refusal = operationCostError(document, operation, variables) ?? forbiddenTextError(document, operation, variables);
  if (refusal) return [refusal];
  return { schema, document, operationName, variableValues: variables };
}
