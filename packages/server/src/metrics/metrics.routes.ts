/**
 * GET /metrics: the Prometheus text format, behind the admin token (metrics name routes, volumes
 * and error rates, which an outsider should not read) unless POSV10_METRICS_PUBLIC=true.
 */
import type { FastifyInstance } from 'fastify';
import type { AdminTokenVerifier } from '../admin/admin-token.service.ts';
import { bearerToken } from '../shared/bearer.ts';
import type { Metrics } from './metrics.ts';

export interface MetricsRouteDeps {
  readonly metrics: Metrics;
  readonly adminTokens: AdminTokenVerifier;
  readonly public: boolean;
}

export async function metricsRoutes(app: FastifyInstance, deps: MetricsRouteDeps): Promise<void> {
  app.get('/metrics', async (request, reply) => {
    if (!deps.public) {
      const token = bearerToken(request.headers.authorization);
      if (token === undefined || !(await deps.adminTokens.verify(token))) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="posv10-metrics"')
          .send({ error: 'unauthorized', message: 'GET /metrics needs the admin token (Authorization: Bearer …) unless POSV10_METRICS_PUBLIC=true' });
      }
    }
    return reply
      .header('cache-control', 'no-store')
      .type(deps.metrics.contentType)
      .send(await deps.metrics.scrape());
  });
}
