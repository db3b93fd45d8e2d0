/** /pos/v10/payments: initiate and prepare (idempotent), ready, capture, cancel, query and list. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { answerInTransaction } from '../idempotency/idempotency.hooks.ts';
import {
  POLL_DELAY_MS,
  cancelPayment,
  capturePayment,
  getPaymentForCaller,
  initiatePayment,
  listPaymentIdsForCaller,
  preparePayment,
  readyPayment,
} from './payment.service.ts';
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

export const paymentRoutes: FastifyPluginAsyncTypebox<{ db: Db; clock: Clock }> = async (app, { db, clock }) => {
  app.post('/payments', { schema: initiatePaymentSchema, config: { idempotent: true } }, async (request, reply) => {
    const payment = await initiatePayment(db, clock, request.caller, request.body, answerInTransaction(request, reply, (paymentId) => ({ paymentId })));
    return { paymentId: payment.id };
  });

  app.post('/payments/prepare', { schema: preparePaymentSchema, config: { idempotent: true } }, async (request, reply) => {
    const payment = await preparePayment(db, clock, request.caller, request.body, answerInTransaction(request, reply, (paymentId) => ({ paymentId })));
    return { paymentId: payment.id };
  });

  app.post('/payments/:paymentid/ready', { schema: paymentReadySchema }, async (request, reply) => {
    await readyPayment(db, clock, request.caller, request.params.paymentid, request.body);
    return reply.code(200).send(undefined);
  });

  app.post('/payments/:paymentid/capture', { schema: capturePaymentSchema }, async (request, reply) => {
    await capturePayment(db, clock, request.caller, request.params.paymentid, request.body.amount);
    return reply.code(200).send(undefined);
  });

  app.post('/payments/:paymentid/cancel', { schema: cancelPaymentSchema }, async (request, reply) => {
    await cancelPayment(db, clock, request.caller, request.params.paymentid);
    return reply.code(200).send(undefined);
  });

  app.get('/payments/:paymentid', { schema: queryPaymentSchema }, async (request) =>
    toQueryPaymentResponse(await getPaymentForCaller(db, clock, request.caller, request.params.paymentid, 'query'), POLL_DELAY_MS),
  );

  app.get('/payments', { schema: queryPaymentIdsSchema }, async (request) => ({ paymentIds: await listPaymentIdsForCaller(db, clock, request.caller, request.query) }));
};
