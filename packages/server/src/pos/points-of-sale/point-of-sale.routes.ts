/** /pos/v10/pointofsales: create (idempotent), get, filter, delete, and the check-in at a point of sale. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PosArea } from '../pos.area.ts';
import { toPointOfSaleResponse } from './point-of-sale.service.ts';
import { answerInTransaction } from '../idempotency/idempotency.hooks.ts';
import { createPointOfSaleSchema, deletePointOfSaleSchema, getCheckInSchema, getPointOfSaleSchema, listPointsOfSaleSchema } from './point-of-sale.schemas.ts';

export const pointOfSaleRoutes: FastifyPluginAsyncTypebox<{ pos: PosArea }> = async (app, { pos: { pointsOfSale } }) => {
  app.post('/pointofsales', { schema: createPointOfSaleSchema, config: { idempotent: true } }, async (request, reply) => {
    const created = await pointsOfSale.create(
      request.caller,
      request.body,
      answerInTransaction(request, reply, (posId) => ({ posId })),
    );
    return { posId: created.id };
  });

  app.get('/pointofsales', { schema: listPointsOfSaleSchema }, async (request) => ({
    posIds: await pointsOfSale.findIdsForCaller(request.caller, request.query),
  }));

  app.get('/pointofsales/:posid', { schema: getPointOfSaleSchema }, async (request) =>
    toPointOfSaleResponse(await pointsOfSale.getForCaller(request.caller, request.params.posid, 'query')),
  );

  app.delete('/pointofsales/:posid', { schema: deletePointOfSaleSchema }, async (request, reply) => {
    await pointsOfSale.delete(request.caller, request.params.posid);
    return reply.code(200).send(undefined);
  });

  app.get('/pointofsales/:posid/checkin', { schema: getCheckInSchema }, async (request) => pointsOfSale.checkinForCaller(request.caller, request.params.posid));
};
