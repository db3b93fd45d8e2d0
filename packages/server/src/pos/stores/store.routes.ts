/** GET /pos/v10/stores, /stores/detailed and /stores/{storeid}. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database.ts';
import { findStoresForCaller, getStoreForCaller, toStoreResponse } from './store.service.ts';
import { getDetailedStoresSchema, getStoreIdsSchema, getStoreSchema } from './store.schemas.ts';

export const storeRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/stores', { schema: getStoreIdsSchema }, async (request) => {
    const stores = await findStoresForCaller(db, request.caller, request.query);
    return { storeIds: stores.map((s) => s.id) };
  });

  app.get('/stores/detailed', { schema: getDetailedStoresSchema }, async (request) => {
    const stores = await findStoresForCaller(db, request.caller, request.query);
    return stores.map(toStoreResponse);
  });

  app.get('/stores/:storeid', { schema: getStoreSchema }, async (request) => toStoreResponse(await getStoreForCaller(db, request.caller, request.params.storeid)));
};
