/**
 * The PoS V10 API, mounted under /pos/v10: its own error handler and JSON content types, the
 * published OpenAPI document and docs (unguarded), and a guarded scope where every route gets
 * `request.caller` (rules 1–3) and declarative idempotency (rule 5).
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import type { GrantedMerchants } from '../merchants/merchant.service.ts';
import { installPosSurface } from './pos.surface.ts';
import { authenticateCaller } from './pos.guard.ts';
import type { TokenVerifier } from './token-verifier.ts';
import { IdempotencyService } from './idempotency/idempotency.service.ts';
import { installIdempotency } from './idempotency/idempotency.hooks.ts';
import { storeRoutes } from './stores/store.routes.ts';
import { pointOfSaleRoutes } from './points-of-sale/pos.routes.ts';
import { paymentRoutes } from './payments/payment.routes.ts';
import { refundRoutes } from './refunds/refund.routes.ts';
import './pos.context.ts';

export interface PosDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly verifier: TokenVerifier;
  readonly grants: GrantedMerchants;
}

export async function posRoutes(app: FastifyInstance, deps: PosDeps): Promise<void> {
  installPosSurface(app, (request) => `No PoS V10 endpoint ${request.method} ${request.url.split('?')[0]}`);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'posv10 PoS V10 API', version: '10.2.6', description: 'The MobilePay PoS V10 API as served by posv10. Errors are {code, message, correlationId}.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (guarded) => {
    guarded.decorateRequest('caller');
    guarded.addHook('onRequest', async (request) => {
      request.caller = await authenticateCaller(request, deps);
    });
    installIdempotency(guarded, new IdempotencyService(deps.db, deps.clock));
    await guarded.register(storeRoutes, { db: deps.db });
    await guarded.register(pointOfSaleRoutes, { db: deps.db, clock: deps.clock });
    await guarded.register(paymentRoutes, { db: deps.db, clock: deps.clock });
    await guarded.register(refundRoutes, { db: deps.db, clock: deps.clock });
  });
}
