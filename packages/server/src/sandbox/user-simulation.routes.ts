/**
 * /pos/app/usersimulation (sandbox mode only; app.ts does not register it in production, so the
 * paths answer 404 there). Bearer-authenticated with the PoS API's token verification; the
 * contract lists no PoS headers for these paths, so none are required. Errors have the PoS shape.
 */
import swagger from '@fastify/swagger';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { PosArea } from '../pos/pos.area.ts';
import { bearerToken } from '../pos/pos.guard.ts';
import { installPosSurface } from '../pos/pos.surface.ts';
import { EmptyOk, ErrorResponse } from '../pos/pos.schemas.ts';
import { AcceptPaymentRequest, CancelPaymentByUserRequest, ExpireRequest, UserCheckInRequest } from './user-simulation.schemas.ts';
import { simulateAccept, simulateCheckin, simulateExpire, simulateUserCancel } from './user-simulation.service.ts';

const RESPONSES = { 200: EmptyOk, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 500: ErrorResponse } as const;
const tags = ['User Simulation'];

export const userSimulationRoutes: FastifyPluginAsyncTypebox<{ pos: PosArea; publicUrl?: string }> = async (app, { pos, publicUrl }) => {
  installPosSurface(app, () => 'No user simulation endpoint here');
  // The route schemas below, published (without a token) at /pos/app/usersimulation/openapi.json.
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'posv10 sandbox user simulation',
        version: '1',
        description: "The sandbox's simulated customer. Errors are {code, message, correlationId}.",
      },
      ...(publicUrl === undefined ? {} : { servers: [{ url: publicUrl }] }),
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // The integrator each request's token names, for the calls that act on its own payments.
  const integrators = new WeakMap<FastifyRequest, string>();
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url?.endsWith('/openapi.json') === true) return;
    integrators.set(request, (await pos.verifier.verify(bearerToken(request))).integratorId);
  });

  app.post('/checkin', { schema: { tags, operationId: 'UserSimulationCheckin', body: UserCheckInRequest, response: RESPONSES } }, async (request, reply) => {
    await simulateCheckin(pos, request.body.beaconId, request.body.phoneNumber);
    return reply.code(200).send(undefined);
  });

  app.post(
    '/acceptpayment',
    { schema: { tags, operationId: 'UserSimulationAcceptPayment', body: AcceptPaymentRequest, response: RESPONSES } },
    async (request, reply) => {
      await simulateAccept(pos, request.body.beaconId, request.body.phoneNumber);
      return reply.code(200).send(undefined);
    },
  );

  app.post(
    '/cancelpaymentbyuser',
    { schema: { tags, operationId: 'UserSimulationCancelPayment', body: CancelPaymentByUserRequest, response: RESPONSES } },
    async (request, reply) => {
      await simulateUserCancel(pos, request.body.beaconId);
      return reply.code(200).send(undefined);
    },
  );

  // Sandbox time (posv10's own): the payment's or refund's lifetime elapses; the next read shows its end.
  app.post('/expire', { schema: { tags, operationId: 'UserSimulationExpire', body: ExpireRequest, response: RESPONSES } }, async (request, reply) => {
    await simulateExpire(pos, integrators.get(request)!, request.body);
    return reply.code(200).send(undefined);
  });
};
