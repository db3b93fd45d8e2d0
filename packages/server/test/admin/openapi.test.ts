import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminRoutes } from '../../src/admin/admin.routes.ts';
import { ADMIN_ERRORS } from '../../src/admin/admin.errors.ts';
import type { AdminTokenVerifier } from '../../src/admin/admin-token.service.ts';
import type { OperatorService } from '../../src/operator/operator.service.ts';
import type { CallbackService } from '../../src/notifications/callback.service.ts';
import type { CertificateService } from '../../src/certificates/certificate.service.ts';

interface Operation {
  summary?: string;
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
  responses: Record<string, { description: string; headers?: Record<string, unknown> }>;
}

let app: FastifyInstance;
/** `METHOD /path/{param}` of every route the admin plugin registers, from Fastify itself. */
const registered: string[] = [];

before(async () => {
  app = Fastify({ logger: false });
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && !route.url.endsWith('/openapi.json')) registered.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    }
  });
  // The document needs no database: nothing here calls the services.
  await app.register(adminRoutes, {
    prefix: '/admin/v1',
    operator: {} as OperatorService,
    adminTokens: {} as AdminTokenVerifier,
    callbacks: {} as CallbackService,
    certificates: {} as CertificateService,
  });
});
after(() => app.close());

async function document(): Promise<{ openapi: string; paths: Record<string, Record<string, Operation>> }> {
  const res = await app.inject({ method: 'GET', url: '/admin/v1/openapi.json' });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

test('publishes an OpenAPI document of every admin route with its method, without a token', async () => {
  const doc = await document();
  assert.equal(doc.openapi, '3.1.0');
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
  assert.deepEqual(operations.sort(), [...registered].sort());
  assert.deepEqual(operations.sort(), [
    'DELETE /admin/v1/callbacks/{alias}',
    'DELETE /admin/v1/certificates/{id}',
    'DELETE /admin/v1/clients/{clientId}',
    'DELETE /admin/v1/integrators/{integratorId}',
    'DELETE /admin/v1/merchants/{vat}',
    'DELETE /admin/v1/merchants/{vat}/grants/{integratorId}',
    'DELETE /admin/v1/stores/{storeId}',
    'GET /admin/v1/audit',
    'GET /admin/v1/callbacks',
    'GET /admin/v1/callbacks/{alias}/deliveries',
    'GET /admin/v1/certificates',
    'GET /admin/v1/clients',
    'GET /admin/v1/integrators',
    'GET /admin/v1/integrators/{integratorId}',
    'GET /admin/v1/merchants',
    'GET /admin/v1/stores',
    'PATCH /admin/v1/integrators/{integratorId}',
    'POST /admin/v1/callbacks/notifications/{notificationId}/resend',
    'POST /admin/v1/certificates',
    'POST /admin/v1/clients/{clientId}/disable',
    'POST /admin/v1/clients/{clientId}/enable',
    'POST /admin/v1/clients/{clientId}/rotate-secret',
    'POST /admin/v1/integrators',
    'POST /admin/v1/integrators/{integratorId}/callbacks',
    'POST /admin/v1/integrators/{integratorId}/clients',
    'POST /admin/v1/merchants',
    'POST /admin/v1/merchants/{vat}/stores',
    'PUT /admin/v1/callbacks/{alias}',
    'PUT /admin/v1/merchants/{vat}/grants/{integratorId}',
  ]);
});

test('describes requests and responses from the route schemas', async () => {
  const doc = await document();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) assert.ok(op.summary !== undefined && op.summary !== '', `${method} ${path} has no summary`);
  }
  const create = doc.paths['/admin/v1/integrators']!.post!;
  assert.ok(create.requestBody!.content['application/json']!.schema.properties!.phone);
  assert.deepEqual(Object.keys(create.responses).sort(), ['201', '400', '401', '404', '409', '502']);
  // Error answers are described from the registry, the 401 with its challenge.
  assert.equal(create.responses['401']!.description, `\`unauthorized\`: ${ADMIN_ERRORS.unauthorized.message}`);
  assert.ok(create.responses['401']!.headers!['www-authenticate']);
});
