/** /pos/v10/payments: initiate and prepare (idempotent), ready, capture, cancel, query and list. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PosArea } from '../pos.area.ts';
import { answerInTransaction } from '../idempotency/idempotency.hooks.ts';
import { POLL_DELAY_MS } from './payment.service.ts';
import {
  cancelPaymentSchema,
  capturePaymentSchema,
  initiatePaymentSchema,
  paymentReadySchema,
  preparePaymentSchema,
  queryPaymentIdsSchema,
  queryPaymentSchema,
  toQueryPaymentResponse,
} from './payment.schemas.ts';

export const paymentRoutes: FastifyPluginAsyncTypebox<{ pos: PosArea }> = async (app, { pos: { payments } }) => {
  app.post('/payments', { schema: initiatePaymentSchema, config: { idempotent: true } }, async (request, reply) => {
    const payment = await payments.initiate(
      request.caller,
      request.body,
      answerInTransaction(request, reply, (paymentId) => ({ paymentId })),
    );
    return { paymentId: payment.id };
  });

  app.post('/payments/prepare', { schema: preparePaymentSchema, config: { idempotent: true } }, async (request, reply) => {
    const payment = await payments.prepare(
      request.caller,
      request.body,
      answerInTransaction(request, reply, (paymentId) => ({ paymentId })),
    );
    return { paymentId: payment.id };
  });

  app.post('/payments/:paymentid/ready', { schema: paymentReadySchema }, async (request, reply) => {
    await payments.ready(request.caller, request.params.paymentid, request.body);
    return reply.code(200).send(undefined);
  });

  app.post('/payments/:paymentid/capture', { schema: capturePaymentSchema }, async (request, reply) => {
    await payments.capture(request.caller, request.params.paymentid, request.body.amount);
    return reply.code(200).send(undefined);
  });

  app.post('/payments/:paymentid/cancel', { schema: cancelPaymentSchema }, async (request, reply) => {
    await payments.cancel(request.caller, request.params.paymentid);
    return reply.code(200).send(undefined);
  });

  app.get('/payments/:paymentid', { schema: queryPaymentSchema }, async (request) =>
    toQueryPaymentResponse(await payments.getForCaller(request.caller, request.params.paymentid), POLL_DELAY_MS),
  );

  app.get('/payments', { schema: queryPaymentIdsSchema }, async (request) => ({ paymentIds: await payments.listIdsForCaller(request.caller, request.query) }));
};
