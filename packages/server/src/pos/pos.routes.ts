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
import type { ClientAdmission } from './pos.ports.ts';
import { installIdempotency } from './idempotency/idempotency.hooks.ts';
import { storeRoutes } from './stores/store.routes.ts';
import { pointOfSaleRoutes } from './points-of-sale/point-of-sale.routes.ts';
import { paymentRoutes } from './payments/payment.routes.ts';
import { refundRoutes } from './refunds/refund.routes.ts';
import './pos.context.ts';

export interface PosRoutesOptions {
  readonly pos: PosArea;
  /**
   * Hooks a second mounting adds to the guarded scope, after the guard and before the routes (the
   * self-certification API records and scripts its calls there); the plain mounting has none.
   */
  readonly context?: (guarded: FastifyInstance) => void;
  /** Serve the OpenAPI document and docs (the plain mounting); a second mounting need not. */
  readonly docs?: boolean;
  /** When set (production), only client versions it admits get past the guard (403 1412); the plain mounting only. */
  readonly admission?: ClientAdmission | undefined;
}

export async function posRoutes(app: FastifyInstance, { pos, context, docs = true, admission }: PosRoutesOptions): Promise<void> {
  installPosSurface(app, (request) => `No PoS V10 endpoint ${request.method} ${request.url.split('?')[0]}`);

  if (docs) await posDocs(app);

  await app.register(async (guarded) => {
    guarded.decorateRequest('caller');
    guarded.addHook('onRequest', async (request) => {
      request.caller = await authenticateCaller(request, pos);
      if (admission !== undefined) await admitCertified(request, admission);
    });
    context?.(guarded);
    installIdempotency(guarded, pos.idempotency);
    for (const routes of [storeRoutes, pointOfSaleRoutes, paymentRoutes, refundRoutes]) await guarded.register(routes, { pos });
  });
}

/** The published OpenAPI document and its docs page (unguarded). */
async function posDocs(app: FastifyInstance): Promise<void> {
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
}
