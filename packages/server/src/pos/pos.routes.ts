/**
 * The PoS V10 API, mounted under /pos/v10: its own error handler and JSON content types, the
 * published OpenAPI document and docs (unguarded), and a guarded scope where every route gets
 * `request.caller` (rules 1–3) and declarative idempotency (rule 5).
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { PosArea } from './pos.area.ts';
import { installPosSurface } from './pos.surface.ts';
import { admitCertified, authenticateCaller } from './pos.guard.ts';
import { installIdempotency } from './idempotency/idempotency.hooks.ts';
import { storeRoutes } from './stores/store.routes.ts';
import { pointOfSaleRoutes } from './points-of-sale/point-of-sale.routes.ts';
import { paymentRoutes } from './payments/payment.routes.ts';
import { refundRoutes } from './refunds/refund.routes.ts';
import './pos.context.ts';

export async function posRoutes(app: FastifyInstance, { pos }: { pos: PosArea }): Promise<void> {
  installPosSurface(app, (request) => `No PoS V10 endpoint ${request.method} ${request.url.split('?')[0]}`);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'posv10 PoS V10 API',
        version: '10.2.6',
        description: 'The MobilePay PoS V10 API as served by posv10. Errors are {code, message, correlationId}.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (guarded) => {
    guarded.decorateRequest('caller');
    const { admission } = pos;
    guarded.addHook('onRequest', async (request) => {
      request.caller = await authenticateCaller(request, pos);
      if (admission !== undefined) await admitCertified(request, admission);
    });
    installIdempotency(guarded, pos.idempotency);
    for (const routes of [storeRoutes, pointOfSaleRoutes, paymentRoutes, refundRoutes]) await guarded.register(routes, { pos });
  });
}
