import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, RateLimitedError } from './domain-error.js';

const INTERNAL_MESSAGE = 'Une erreur interne est survenue. Réessayez plus tard.';

/** Codes that Apollo and graphql-js produce themselves and that are safe to pass through. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST',
]);

const CLIENT_MISTAKE_MESSAGE = 'Requête GraphQL invalide.';

function clientStatusOf(error: unknown): number | undefined {
  const status = error instanceof GraphQLError ? (error.extensions?.http as { status?: unknown } | undefined)?.status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function originalOf(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5 && current instanceof GraphQLError && current.originalError; i++) current = current.originalError;
  return current;
}

/**
 * Apollo `formatError`: domain errors keep their code, message and field path; anything unexpected
 * becomes INTERNAL_SERVER_ERROR without stack trace, SQL or entity names. `onInternal` logs the cause.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal: (cause: unknown) => void,
): GraphQLFormattedError {
  const original = originalOf(error);
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: {
        code: original.code,
        ...(original.field ? { field: original.field } : {}),
        ...(original.details ? { details: original.details } : {}),
        ...(original instanceof RateLimitedError ? { retryAfter: original.retryAfterSeconds } : {}),
      },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH.has(code)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  // Apollo's own refusals of a malformed request (a persisted query it cannot use, a body it cannot read) carry an
  // HTTP status 4xx but no code: they are the client's mistakes, not ours.
  if (clientStatusOf(error) !== undefined) {
    return { message: CLIENT_MISTAKE_MESSAGE, extensions: { code: 'BAD_REQUEST' } };
  }
  onInternal(original ?? error);
  return { message: INTERNAL_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
