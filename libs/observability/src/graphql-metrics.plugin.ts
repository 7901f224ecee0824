import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { counter, histogram } from './metrics.js';

const operations = counter({ name: 'passerelle_graphql_operations_total', help: 'GraphQL operations by name, type and outcome',
  labelNames: ['operation', 'type', 'outcome'] });
const durations = histogram({ name: 'passerelle_graphql_operation_duration_seconds', help: 'GraphQL operation time',
  labelNames: ['operation', 'type'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

const TYPES = new Set(['query', 'mutation', 'subscription']);

/**
 * The operation names metrics may carry, fixed when the server starts: the hub's own clients name each operation
 * after the root field it calls, in PascalCase (`query Spaces`, `mutation CreatePost`, `query Me`), so the allow-list
 * is the schema's root fields in that form. A label's values must not come from whoever sends a request: any other
 * name is counted as `other`, a nameless operation as `anonymous`.
 */
export function knownOperationNames(schema: GraphQLSchema): ReadonlySet<string> {
  const names = new Set<string>();
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.keys(root?.getFields() ?? {})) names.add(field.charAt(0).toUpperCase() + field.slice(1));
  }
  return names;
}

/** The label of an operation name: itself when known, `anonymous` when absent, `other` otherwise. */
export function operationLabel(name: string | null | undefined, known: ReadonlySet<string>): string {
  if (!name) return 'anonymous';
  return known.has(name) ? name : 'other';
}

/** Counts and times GraphQL operations, labelled by known operation names only (see knownOperationNames). */
export function graphqlMetricsPlugin(): ApolloServerPlugin {
  let known: ReadonlySet<string> = new Set();
  return {
    async serverWillStart({ schema }) {
      known = knownOperationNames(schema);
    },
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const operation = operationLabel(ctx.operationName ?? ctx.request.operationName, known);
          const type = ctx.operation?.operation && TYPES.has(ctx.operation.operation) ? ctx.operation.operation : 'unknown';
          const outcome = ctx.errors?.length ? 'error' : 'ok';
          operations.inc({ operation, type, outcome });
          durations.observe({ operation, type }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
