import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, ValidationContext, ValidationRule } from 'graphql';

/** Bounds on what one GraphQL document may ask; the feed of a space with posts, authors and comments fits well within. */
export const GRAPHQL_LIMITS = { maxDepth: 10, maxAliases: 15, maxCost: 5000 } as const;

/** Reports a refused document as a validation error (GRAPHQL_VALIDATION_FAILED) with a French message. */
const refuse = (message: string) => [(context: ValidationContext | null) => context?.reportError(new GraphQLError(message))];

/** Depth, alias and cost limits (graphql-armor), run with the other validation rules before any resolver. */
export function graphqlLimitRules(): ValidationRule[] {
  return [
    maxDepthRule({ n: GRAPHQL_LIMITS.maxDepth, propagateOnRejection: false,
      onReject: refuse(`La requête est trop profonde (au plus ${GRAPHQL_LIMITS.maxDepth} niveaux).`) }),
    maxAliasesRule({ n: GRAPHQL_LIMITS.maxAliases, propagateOnRejection: false,
      onReject: refuse(`La requête utilise trop d'alias (au plus ${GRAPHQL_LIMITS.maxAliases}).`) }),
    costLimitRule({ maxCost: GRAPHQL_LIMITS.maxCost, propagateOnRejection: false,
      onReject: refuse('La requête demande trop de données à la fois : découpez-la.') }),
  ] as unknown as ValidationRule[];
}
