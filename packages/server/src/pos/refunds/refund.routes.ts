/** /pos/v10/refunds: create (idempotent), get, list, capture and cancel. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PosArea } from '../pos.area.ts';
import { POLL_DELAY_MS } from '../payments/payment.service.ts';
import { answerInTransaction } from '../idempotency/idempotency.hooks.ts';
import { cancelRefundSchema, captureRefundSchema, createRefundSchema, getRefundSchema, queryRefundIdsSchema, toGetRefundResponse } from './refund.schemas.ts';

export const refundRoutes: FastifyPluginAsyncTypebox<{ pos: PosArea }> = async (app, { pos: { refunds } }) => {
  app.post('/refunds', { schema: createRefundSchema, config: { idempotent: true } }, async (request, reply) => {
    const refund = await refunds.create(
      request.caller,
      request.body,
      answerInTransaction(request, reply, (refundId) => ({ refundId })),
    );
    return { refundId: refund.id };
  });

  app.get('/refunds', { schema: queryRefundIdsSchema }, async (request) => ({ refundIds: await refunds.listIdsForCaller(request.caller, request.query) }));

  app.get('/refunds/:refundid', { schema: getRefundSchema }, async (request) =>
    toGetRefundResponse(await refunds.getForCaller(request.caller, request.params.refundid), POLL_DELAY_MS),
  );

  app.post('/refunds/:refundid/capture', { schema: captureRefundSchema }, async (request, reply) => {
    await refunds.capture(request.caller, request.params.refundid);
    return reply.code(200).send(undefined);
  });

  app.post('/refunds/:refundid/cancel', { schema: cancelRefundSchema }, async (request, reply) => {
    await refunds.cancel(request.caller, request.params.refundid);
    return reply.code(200).send(undefined);
  });
};
