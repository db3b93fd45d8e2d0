/**
 * The operator's HTTP API under /admin/v1: the CLI's operations over JSON, through the same
 * OperatorService, behind a bearer token. Its own error handler answers `{error, message}` from
 * ADMIN_ERRORS; @fastify/swagger publishes the route schemas at /admin/v1/openapi.json.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import type { OperatorService } from '../operator/operator.service.ts';
import { bearerToken } from '../shared/bearer.ts';
import type { AdminTokenVerifier } from './admin-token.service.ts';
import { AdminError } from './admin.errors.ts';
import { adminErrorHandler, sendAdminError } from './admin.error-handler.ts';
import * as S from './admin.schemas.ts';
import type { CallbackService } from '../notifications/callback.service.ts';
import { callbackAdminRoutes } from '../notifications/callback.admin-routes.ts';
import type { CertificateService } from '../certificates/certificate.service.ts';
import { certificateAdminRoutes } from '../certificates/certificate.admin-routes.ts';

export interface AdminRouteDeps {
  readonly operator: OperatorService;
  readonly adminTokens: AdminTokenVerifier;
  readonly callbacks: CallbackService;
  readonly certificates: CertificateService;
}

/** The audit log's actor for everything done through this API. */
const ACTOR = 'admin-api';
const OPENAPI_PATH = '/openapi.json';

export async function adminRoutes(plain: FastifyInstance, deps: AdminRouteDeps): Promise<void> {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const { operator } = deps;
  app.setErrorHandler(adminErrorHandler);
  app.setNotFoundHandler((_request, reply) => sendAdminError(reply, new AdminError('not_found', 'No such admin route')));

  await app.register(swagger, {
    // OpenAPI 3.1 schemas are JSON Schema: `const` stays `const`.
    convertConstToEnum: false,
    openapi: {
      openapi: '3.1.0',
      info: { title: 'posv10 admin API', version: '1' },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
      security: [{ adminToken: [] }],
    },
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url?.endsWith(OPENAPI_PATH) === true) return;
    const token = bearerToken(request.headers.authorization);
    if (token === undefined || !(await deps.adminTokens.verify(token))) throw new AdminError('unauthorized');
  });

  app.post(
    '/integrators',
    { schema: { summary: 'Register an integrator', body: S.NewIntegratorBody, response: { 201: S.IntegratorView, ...S.ErrorResponses } } },
    async (request, reply) => reply.code(201).send(await operator.addIntegrator(ACTOR, request.body)),
  );
  app.get(
    '/integrators',
    { schema: { summary: 'List integrators', response: { 200: S.Type.Object({ integrators: S.Type.Array(S.IntegratorView) }) } } },
    async () => ({
      integrators: await operator.listIntegrators(),
    }),
  );
  app.get(
    '/integrators/:integratorId',
    { schema: { summary: 'An integrator and its clients', params: S.IntegratorParams, response: { 200: S.IntegratorDetail, ...S.ErrorResponses } } },
    async (request) => operator.showIntegrator(request.params.integratorId),
  );
  app.patch(
    '/integrators/:integratorId',
    {
      schema: {
        summary: "Change an integrator's name, e-mail or phone (audited when a value changes)",
        params: S.IntegratorParams,
        body: S.UpdateIntegratorBody,
        response: { 200: S.IntegratorView, ...S.ErrorResponses },
      },
    },
    async (request) => operator.updateIntegrator(ACTOR, request.params.integratorId, request.body),
  );
  app.delete(
    '/integrators/:integratorId',
    {
      schema: {
        summary: 'Remove an integrator with its grants; 409 while it has clients or has created points of sale',
        params: S.IntegratorParams,
        response: { 204: S.Type.Null({ description: 'Removed' }), ...S.ErrorResponses },
      },
    },
    async (request, reply) => {
      await operator.removeIntegrator(ACTOR, request.params.integratorId);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/integrators/:integratorId/clients',
    {
      schema: {
        summary: 'Create a client and deliver its credentials (zip by e-mail, password by SMS)',
        params: S.IntegratorParams,
        response: { 201: S.IssuedCredentials, ...S.ErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await operator.addClient(ACTOR, request.params.integratorId)),
  );
  app.get(
    '/clients',
    {
      schema: {
        summary: 'List clients',
        querystring: S.ClientsQuery,
        response: { 200: S.Type.Object({ clients: S.Type.Array(S.ClientView) }), ...S.ErrorResponses },
      },
    },
    async (request) => ({
      clients: await operator.listClients(request.query.integratorId),
    }),
  );
  app.post(
    '/clients/:clientId/rotate-secret',
    {
      schema: {
        summary: 'Issue and deliver a new secret; the old one stays valid for overlapDays',
        params: S.ClientParams,
        body: S.RotateSecretBody,
        response: { 200: S.IssuedCredentials, ...S.ErrorResponses },
      },
      // No body at all means the defaults, as `posv10 client rotate-secret` without options.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => operator.rotateSecret(ACTOR, request.params.clientId, request.body.overlapDays),
  );
  app.post(
    '/clients/:clientId/disable',
    {
      schema: {
        summary: 'Disable a client (already disabled: answered as is, not audited)',
        params: S.ClientParams,
        response: { 200: S.ClientView, ...S.ErrorResponses },
      },
    },
    async (request) => operator.setClientEnabled(ACTOR, request.params.clientId, false),
  );
  app.post(
    '/clients/:clientId/enable',
    {
      schema: {
        summary: 'Enable a client (already enabled: answered as is, not audited; 409 when its delivery failed)',
        params: S.ClientParams,
        response: { 200: S.ClientView, ...S.ErrorResponses },
      },
    },
    async (request) => operator.setClientEnabled(ACTOR, request.params.clientId, true),
  );
  app.delete(
    '/clients/:clientId',
    {
      schema: {
        summary: 'Delete a client with its secrets: its credentials and tokens stop working',
        params: S.ClientParams,
        response: { 204: S.Type.Null({ description: 'Deleted' }), ...S.ErrorResponses },
      },
    },
    async (request, reply) => {
      await operator.deleteClient(ACTOR, request.params.clientId);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/merchants',
    { schema: { summary: 'Register a merchant', body: S.NewMerchantBody, response: { 201: S.MerchantView, ...S.ErrorResponses } } },
    async (request, reply) => reply.code(201).send(await operator.addMerchant(ACTOR, request.body)),
  );
  app.get(
    '/merchants',
    { schema: { summary: 'List merchants and their grants', response: { 200: S.Type.Object({ merchants: S.Type.Array(S.MerchantView) }) } } },
    async () => ({
      merchants: await operator.listMerchants(),
    }),
  );
  app.delete(
    '/merchants/:vat',
    {
      schema: {
        summary: 'Remove a merchant with its grants; 409 while it has stores',
        params: S.VatParams,
        response: { 204: S.Type.Null({ description: 'Removed' }), ...S.ErrorResponses },
      },
    },
    async (request, reply) => {
      await operator.removeMerchant(ACTOR, request.params.vat);
      return reply.code(204).send(null);
    },
  );
  app.put(
    '/merchants/:vat/grants/:integratorId',
    {
      schema: {
        summary: 'Let an integrator act for a merchant',
        params: S.GrantParams,
        response: { 204: S.Type.Null({ description: 'Done' }), ...S.ErrorResponses },
      },
    },
    async (request, reply) => {
      await operator.grant(ACTOR, request.params.vat, request.params.integratorId);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/merchants/:vat/grants/:integratorId',
    {
      schema: {
        summary: "Withdraw an integrator's access; 404 when it has no grant",
        params: S.GrantParams,
        response: { 204: S.Type.Null({ description: 'Done' }), ...S.ErrorResponses },
      },
    },
    async (request, reply) => {
      await operator.revoke(ACTOR, request.params.vat, request.params.integratorId);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/merchants/:vat/stores',
    { schema: { summary: 'Add a store', params: S.VatParams, body: S.NewStoreBody, response: { 201: S.StoreView, ...S.ErrorResponses } } },
    async (request, reply) => reply.code(201).send(await operator.addStore(ACTOR, { vat: request.params.vat, ...request.body })),
  );
  app.get(
    '/stores',
    {
      schema: {
        summary: 'List stores',
        querystring: S.StoresQuery,
        response: { 200: S.Type.Object({ stores: S.Type.Array(S.StoreView) }), ...S.ErrorResponses },
      },
    },
    async (request) => ({
      stores: await operator.listStores(request.query.vat),
    }),
  );
  await app.register(callbackAdminRoutes, { callbacks: deps.callbacks, actor: ACTOR });
  app.delete(
    '/stores/:storeId',
    {
      schema: {
        summary: 'Remove a store; 409 while it has or had points of sale',
        params: S.StoreParams,
        response: { 204: S.Type.Null({ description: 'Removed' }), ...S.ErrorResponses },
      },
    },
    async (request, reply) => {
      await operator.removeStore(ACTOR, request.params.storeId);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/audit',
    {
      schema: {
        summary: 'Operator actions, newest first',
        querystring: S.AuditQuery,
        response: { 200: S.Type.Object({ events: S.Type.Array(S.AuditEvent) }), ...S.ErrorResponses },
      },
    },
    async (request) => ({
      events: await operator.listAudit({ subject: request.query.subject, limit: request.query.limit }),
    }),
  );
  await app.register(certificateAdminRoutes, { certificates: deps.certificates, actor: ACTOR });
}
