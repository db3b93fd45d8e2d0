import { Type, type Static } from 'typebox';
import { ERROR_RESPONSES, PosHeaders, Uuid } from '../pos.schemas.ts';

export const StoreResponse = Type.Object(
  {
    storeName: Type.String(),
    storeId: Uuid('The id of the store'),
    storeStreet: Type.String(),
    storeZipCode: Type.String(),
    storeCity: Type.String(),
    brandName: Type.String(),
    merchantBrandId: Type.String({ examples: ['POSDK12345'] }),
    merchantLocationId: Type.String({ examples: ['10001'] }),
  },
  { additionalProperties: false },
);
export type StoreResponse = Static<typeof StoreResponse>;

const StoreFilter = Type.Object({
  merchantBrandId: Type.Optional(Type.String({ description: 'MPPOSXXXXX, POSDKXXXXX or POSFIXXXXX; requires merchantLocationId' })),
  merchantLocationId: Type.Optional(Type.String({ description: '5 characters; requires merchantBrandId' })),
});
export type StoreFilter = Static<typeof StoreFilter>;

export const getStoreIdsSchema = {
  tags: ['Stores'],
  summary: "The ids of the merchant's stores, optionally the one with a brand and location id",
  operationId: 'GetStores',
  headers: PosHeaders,
  querystring: StoreFilter,
  response: { 200: Type.Object({ storeIds: Type.Array(Uuid('A store id')) }, { additionalProperties: false }), ...ERROR_RESPONSES },
} as const;

export const getDetailedStoresSchema = {
  tags: ['Stores'],
  summary: "The merchant's stores with their details, optionally filtered by brand and location id",
  operationId: 'GetDetailedStores',
  headers: PosHeaders,
  querystring: StoreFilter,
  response: { 200: Type.Array(StoreResponse), ...ERROR_RESPONSES },
} as const;

export const getStoreSchema = {
  tags: ['Stores'],
  summary: 'A store by its id',
  operationId: 'GetStore',
  headers: PosHeaders,
  params: Type.Object({ storeid: Uuid('The store id') }),
  response: { 200: StoreResponse, ...ERROR_RESPONSES },
} as const;
