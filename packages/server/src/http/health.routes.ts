/**
 * Probes for load balancers and orchestrators, at the root:
 * - `GET /healthz`: the process is alive and serving HTTP (restart it when this fails);
 * - `GET /readyz`: it can do its work — the database answers and has every migration this code
 *   knows — so send it traffic (stop sending when this fails; do not restart).
 * While the server shuts down, Fastify answers every request with 503 (`return503OnClosing`), so
 * readiness turns off as soon as draining starts.
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { isMigrated } from '../db/migrate.ts';

export async function healthRoutes(app: FastifyInstance, deps: { db: Db }): Promise<void> {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  // Probes come every few seconds from every balancer: not worth an info line each.
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (request, reply) => {
    let reason: string | undefined;
    try {
      await sql`select 1`.execute(deps.db);
      if (!(await isMigrated(deps.db))) reason = 'database migrations not applied';
    } catch (err) {
      request.log.warn({ err }, 'readiness check: database unreachable');
      reason = 'database unreachable';
    }
    if (reason !== undefined) return reply.code(503).send({ status: 'unavailable', reason });
    return { status: 'ready' };
  });
}
