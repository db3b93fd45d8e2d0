/** /pos/v10/pointofsales: create (idempotent), get, filter, delete, and the check-in at a PoS. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { createPos, deletePos, findPosIdsForCaller, getCheckinForCaller, getPosForCaller, toPosResponse } from './pos.service.ts';
import { answerInTransaction } from '../idempotency/idempotency.hooks.ts';
import { createPosSchema, deletePosSchema, getCheckInSchema, getPosSchema, listPosSchema } from './pos.schemas.ts';

export const pointOfSaleRoutes: FastifyPluginAsyncTypebox<{ db: Db; clock: Clock }> = async (app, { db, clock }) => {
  app.post('/pointofsales', { schema: createPosSchema, config: { idempotent: true } }, async (request, reply) => {
    const pos = await createPos(db, clock, request.caller, request.body, answerInTransaction(request, reply, (posId) => ({ posId })));
    return { posId: pos.id };
  });

  app.get('/pointofsales', { schema: listPosSchema }, async (request) => ({ posIds: await findPosIdsForCaller(db, request.caller, request.query) }));

  app.get('/pointofsales/:posid', { schema: getPosSchema }, async (request) => toPosResponse(await getPosForCaller(db, request.caller, request.params.posid, 'query')));

  app.delete('/pointofsales/:posid', { schema: deletePosSchema }, async (request, reply) => {
    await deletePos(db, clock, request.caller, request.params.posid);
    return reply.code(200).send(undefined);
  });

  app.get('/pointofsales/:posid/checkin', { schema: getCheckInSchema }, async (request) => getCheckinForCaller(db, request.caller, request.params.posid));
};
