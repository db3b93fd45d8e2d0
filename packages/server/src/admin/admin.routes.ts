/**
 * The operator's HTTP API under /admin/v1: the CLI's operations over JSON, through the same
 * OnboardingService, behind a bearer token. Its own error handler answers `{error, message}`; the
 * OpenAPI document at /admin/v1/openapi.json is built from the route schemas themselves.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DomainError, type DomainErrorKind } from '../shared/errors.ts';
import type { OnboardingService } from '../onboarding/onboarding.service.ts';
import type { AdminTokenVerifier } from './admin-token.service.ts';
import * as S from './admin.schemas.ts';

export interface AdminRouteDeps {
  readonly onboarding: OnboardingService;
  readonly adminTokens: AdminTokenVerifier;
}

/** The audit log's actor for everything done through this API. */
const ACTOR = 'admin-api';
const OPENAPI_PATH = '/openapi.json';

const STATUS: Record<DomainErrorKind, { status: number; error: string }> = {
  invalid: { status: 400, error: 'invalid_request' },
  not_found: { status: 404, error: 'not_found' },
  conflict: { status: 409, error: 'conflict' },
  // A delivery failure is an upstream (SMTP or SMS provider) failure, already rolled back.
  failed: { status: 502, error: 'delivery_failed' },
};

function adminErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    const { status, error: code } = STATUS[error.kind];
    return reply.code(status).send({ error: code, message: error.message });
  }
  if (error.validation !== undefined) return reply.code(400).send({ error: 'invalid_request', message: error.message });
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(error.statusCode).send({ error: 'invalid_request', message: error.message });
  }
  request.log.error({ err: error }, 'admin API failure');
  return reply.code(500).send({ error: 'internal_error', message: 'Internal error' });
}

const errors = { 400: S.ErrorBody, 401: S.ErrorBody, 404: S.ErrorBody, 409: S.ErrorBody, 502: S.ErrorBody };

export async function adminRoutes(plain: FastifyInstance, deps: AdminRouteDeps): Promise<void> {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const { onboarding } = deps;
  const documented: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.endsWith(OPENAPI_PATH)) documented.push(route);
  });
  app.setErrorHandler(adminErrorHandler);
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found', message: 'No such admin route' }));

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url?.endsWith(OPENAPI_PATH) === true) return;
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer [^\s]+$/i.test(header) ? header.slice('Bearer '.length) : undefined;
    if (token === undefined || !(await deps.adminTokens.verify(token))) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="posv10-admin"')
        .send({ error: 'unauthorized', message: 'A valid admin bearer token is required (POSV10_ADMIN_TOKEN)' });
    }
  });

  app.post('/integrators', { schema: { summary: 'Register an integrator', body: S.NewIntegratorBody, response: { 201: S.IntegratorView, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await onboarding.addIntegrator(ACTOR, request.body)),
  );
  app.get('/integrators', { schema: { summary: 'List integrators', response: { 200: S.Type.Object({ integrators: S.Type.Array(S.IntegratorView) }) } } }, async () => ({
    integrators: await onboarding.listIntegrators(),
  }));
  app.get('/integrators/:integratorId', { schema: { summary: 'An integrator and its clients', params: S.IntegratorParams, response: { 200: S.IntegratorDetail, ...errors } } }, async (request) =>
    onboarding.showIntegrator(request.params.integratorId),
  );
  app.post(
    '/integrators/:integratorId/clients',
    { schema: { summary: 'Create a client and deliver its credentials (zip by e-mail, password by SMS)', params: S.IntegratorParams, response: { 201: S.IssuedCredentials, ...errors } } },
    async (request, reply) => reply.code(201).send(await onboarding.addClient(ACTOR, request.params.integratorId)),
  );
  app.get('/clients', { schema: { summary: 'List clients', querystring: S.ClientsQuery, response: { 200: S.Type.Object({ clients: S.Type.Array(S.ClientView) }), ...errors } } }, async (request) => ({
    clients: await onboarding.listClients(request.query.integratorId),
  }));
  app.post(
    '/clients/:clientId/rotate-secret',
    {
      schema: { summary: 'Issue and deliver a new secret; the old one stays valid for overlapDays', params: S.ClientParams, body: S.RotateSecretBody, response: { 200: S.IssuedCredentials, ...errors } },
      // No body at all means the defaults, as `posv10 client rotate-secret` without options.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => onboarding.rotateSecret(ACTOR, request.params.clientId, request.body.overlapDays),
  );
  app.post('/clients/:clientId/disable', { schema: { summary: 'Disable a client', params: S.ClientParams, response: { 200: S.ClientView, ...errors } } }, async (request) =>
    onboarding.setClientEnabled(ACTOR, request.params.clientId, false),
  );
  app.post('/clients/:clientId/enable', { schema: { summary: 'Enable a client', params: S.ClientParams, response: { 200: S.ClientView, ...errors } } }, async (request) =>
    onboarding.setClientEnabled(ACTOR, request.params.clientId, true),
  );
  app.post('/merchants', { schema: { summary: 'Register a merchant', body: S.NewMerchantBody, response: { 201: S.MerchantView, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await onboarding.addMerchant(ACTOR, request.body)),
  );
  app.get('/merchants', { schema: { summary: 'List merchants and their grants', response: { 200: S.Type.Object({ merchants: S.Type.Array(S.MerchantView) }) } } }, async () => ({
    merchants: await onboarding.listMerchants(),
  }));
  app.put('/merchants/:vat/grants/:integratorId', { schema: { summary: 'Let an integrator act for a merchant', params: S.GrantParams, response: { 204: S.Type.Null({ description: 'Done' }), ...errors } } }, async (request, reply) => {
    await onboarding.grant(ACTOR, request.params.vat, request.params.integratorId);
    return reply.code(204).send(null);
  });
  app.delete('/merchants/:vat/grants/:integratorId', { schema: { summary: "Withdraw an integrator's access", params: S.GrantParams, response: { 204: S.Type.Null({ description: 'Done' }), ...errors } } }, async (request, reply) => {
    await onboarding.revoke(ACTOR, request.params.vat, request.params.integratorId);
    return reply.code(204).send(null);
  });
  app.post('/merchants/:vat/stores', { schema: { summary: 'Add a store', params: S.VatParams, body: S.NewStoreBody, response: { 201: S.StoreView, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await onboarding.addStore(ACTOR, { vat: request.params.vat, ...request.body })),
  );
  app.get('/stores', { schema: { summary: 'List stores', querystring: S.StoresQuery, response: { 200: S.Type.Object({ stores: S.Type.Array(S.StoreView) }), ...errors } } }, async (request) => ({
    stores: await onboarding.listStores(request.query.vat),
  }));
  app.get('/audit', { schema: { summary: 'Operator actions, newest first', querystring: S.AuditQuery, response: { 200: S.Type.Object({ events: S.Type.Array(S.AuditEvent) }), ...errors } } }, async (request) => ({
    events: await onboarding.listAudit({ subject: request.query.subject, limit: request.query.limit }),
  }));

  app.get(OPENAPI_PATH, async () => openApiDocument(documented));
}

/** A small OpenAPI 3.1 document from the registered routes' own schemas. */
function openApiDocument(routes: readonly RouteOptions[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const schema = (route.schema ?? {}) as { summary?: string; body?: unknown; params?: { properties?: Record<string, unknown> }; querystring?: { properties?: Record<string, unknown> }; response?: Record<string, unknown> };
    const parameters = [
      ...Object.entries(schema.params?.properties ?? {}).map(([name, s]) => ({ name, in: 'path', required: true, schema: s })),
      ...Object.entries(schema.querystring?.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: false, schema: s })),
    ];
    const responses = Object.fromEntries(
      Object.entries(schema.response ?? {}).map(([status, s]) => [status, status === '204' ? { description: 'No content' } : { description: status, content: { 'application/json': { schema: s } } }]),
    );
    for (const method of methods) {
      (paths[path] ??= {})[method.toLowerCase()] = {
        summary: schema.summary,
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(schema.body !== undefined ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } } : {}),
        responses,
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'posv10 admin API', version: '1' },
    components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    security: [{ adminToken: [] }],
    paths,
  };
}
