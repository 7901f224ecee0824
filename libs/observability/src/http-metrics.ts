import type { FastifyInstance } from 'fastify';
import { histogram } from './metrics.js';

const requests = histogram({ name: 'passerelle_http_request_duration_seconds', help: 'HTTP requests by route and status',
  labelNames: ['method', 'route', 'status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

/** Times every HTTP request, labelled by its route pattern (never the raw URL). */
export function registerHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}
