/** /pos/v10/refunds: create (idempotent), get, list, capture and cancel. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { POLL_DELAY_MS } from '../payments/payment.service.ts';
import { cancelRefund, captureRefund, createRefund, getRefundForCaller, listRefundIdsForCaller } from './refund.service.ts';
import { answerInTransaction } from '../idempotency/idempotency.hooks.ts';
import { cancelRefundSchema, captureRefundSchema, createRefundSchema, getRefundSchema, queryRefundIdsSchema, toGetRefundResponse } from './refund.schemas.ts';

export const refundRoutes: FastifyPluginAsyncTypebox<{ db: Db; clock: Clock }> = async (app, { db, clock }) => {
  app.post('/refunds', { schema: createRefundSchema, config: { idempotent: true } }, async (request, reply) => {
    const refund = await createRefund(db, clock, request.caller, request.body, answerInTransaction(request, reply, (refundId) => ({ refundId })));
    return { refundId: refund.id };
  });

  app.get('/refunds', { schema: queryRefundIdsSchema }, async (request) => ({ refundIds: await listRefundIdsForCaller(db, request.caller, request.query) }));

  app.get('/refunds/:refundid', { schema: getRefundSchema }, async (request) =>
    toGetRefundResponse(await getRefundForCaller(db, clock, request.caller, request.params.refundid, 'query'), POLL_DELAY_MS),
  );

  app.post('/refunds/:refundid/capture', { schema: captureRefundSchema }, async (request, reply) => {
    await captureRefund(db, clock, request.caller, request.params.refundid);
    return reply.code(200).send(undefined);
  });

  app.post('/refunds/:refundid/cancel', { schema: cancelRefundSchema }, async (request, reply) => {
    await cancelRefund(db, clock, request.caller, request.params.refundid);
    return reply.code(200).send(undefined);
  });
};
