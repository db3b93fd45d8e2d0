/**
 * The PoS V10 API, mounted under /pos/v10: its own error handler and JSON content types, the
 * published OpenAPI document and docs (unguarded), and a guarded scope where every route gets
 * `request.caller` (rules 1–3) and declarative idempotency (rule 5).
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
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

/**
 * Headers the guard and the idempotency hooks require (with their own error codes, so the route
 * schemas keep them optional for the validator): the published document says they are required.
 */
const REQUIRED_HEADERS: ReadonlySet<string> = new Set(['x-mobilepay-client-system-version', 'x-mobilepay-idempotency-key']);

function markRequiredHeaders<T extends { paths?: unknown }>(document: T): T {
  for (const operations of Object.values(
    (document.paths ?? {}) as Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>>,
  )) {
    for (const operation of Object.values(operations)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'header' && REQUIRED_HEADERS.has(parameter.name.toLowerCase())) parameter.required = true;
      }
    }
  }
  return document;
}

export interface PosRoutesOptions {
  readonly pos: PosArea;
  /**
   * Hooks a second mounting adds to the guarded scope, after the guard and before the routes (the
   * self-certification API records and scripts its calls there); the plain mounting has none.
   */
  readonly context?: (guarded: FastifyInstance) => void;
  /** Serve the OpenAPI document and docs (the plain mounting); a second mounting need not. */
  readonly docs?: boolean;
  /** The public base URL, published as the OpenAPI document's server. */
  readonly publicUrl?: string;
  /** Serves interactive docs for this scope's OpenAPI document (http/docs, wired in app.ts). */
  readonly docsUi?: (scope: FastifyInstance) => Promise<void>;
  /** When set (production), only client versions it admits get past the guard (403 1412); the plain mounting only. */
  readonly admission?: ClientAdmission | undefined;
}

export async function posRoutes(app: FastifyInstance, { pos, context, docs = true, admission, publicUrl, docsUi }: PosRoutesOptions): Promise<void> {
  installPosSurface(app, (request) => `No PoS V10 endpoint ${request.method} ${request.url.split('?')[0]}`);

  if (docs) await posDocs(app, publicUrl, docsUi);

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
async function posDocs(app: FastifyInstance, publicUrl: string | undefined, docsUi: PosRoutesOptions['docsUi']): Promise<void> {
  await app.register(swagger, {
    transformObject: (document) => ('openapiObject' in document ? markRequiredHeaders(document.openapiObject) : document.swaggerObject),
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'posv10 PoS V10 API',
        version: '10.2.6',
        description: 'The MobilePay PoS V10 API as served by posv10. Errors are {code, message, correlationId}.',
      },
      // Paths carry their /pos/v10 prefix, so the server is the public base URL itself.
      ...(publicUrl === undefined ? {} : { servers: [{ url: publicUrl }] }),
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  if (docsUi !== undefined) await docsUi(app);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
