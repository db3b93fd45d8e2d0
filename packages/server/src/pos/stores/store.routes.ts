/** GET /pos/v10/stores, /stores/detailed and /stores/{storeid}. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PosArea } from '../pos.area.ts';
import { toStoreResponse } from './store.service.ts';
import { getDetailedStoresSchema, getStoreIdsSchema, getStoreSchema } from './store.schemas.ts';

export const storeRoutes: FastifyPluginAsyncTypebox<{ pos: PosArea }> = async (app, { pos: { stores } }) => {
  app.get('/stores', { schema: getStoreIdsSchema }, async (request) => {
    const found = await stores.findForCaller(request.caller, request.query);
    return { storeIds: found.map((s) => s.id) };
  });

  app.get('/stores/detailed', { schema: getDetailedStoresSchema }, async (request) =>
    (await stores.findForCaller(request.caller, request.query)).map(toStoreResponse),
  );

  app.get('/stores/:storeid', { schema: getStoreSchema }, async (request) =>
    toStoreResponse(await stores.getForCaller(request.caller, request.params.storeid)),
  );
};
