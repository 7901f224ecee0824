import type { ApolloServerPlugin } from '@apollo/server';
import { counter, histogram } from './metrics.js';

const operations = counter({ name: 'passerelle_graphql_operations_total', help: 'GraphQL operations by name, type and outcome',
  labelNames: ['operation', 'type', 'outcome'] });
const durations = histogram({ name: 'passerelle_graphql_operation_duration_seconds', help: 'GraphQL operation time',
  labelNames: ['operation', 'type'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

/** Counts and times GraphQL operations (names are bounded by the schema's documents; anonymous ones as "anonymous"). */
export function graphqlMetricsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const operation = (ctx.operationName ?? 'anonymous').slice(0, 60);
          const type = ctx.operation?.operation ?? 'unknown';
          const outcome = ctx.errors?.length ? 'error' : 'ok';
          operations.inc({ operation, type, outcome });
          durations.observe({ operation, type }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
