/**
 * The wire shapes of the point-of-sale endpoints. The request and response schemas keep the
 * contract's names (CreatePosRequest, PosResponse, GetCheckInResponse): there "Pos" is the point of sale.
 */
import { Type, type Static } from 'typebox';
import { BEACON_ID_PATTERN, POS_TEXT_PATTERN } from '../pos.text.ts';
import { ERROR_RESPONSES, IdempotentPosHeaders, JSON_TYPES, PosHeaders, Uuid } from '../pos.schemas.ts';

const PosText = (description: string) => Type.String({ pattern: POS_TEXT_PATTERN, maxLength: 36, description: `${description}. At most 36 valid characters` });
const BeaconId = Type.String({ pattern: BEACON_ID_PATTERN, description: 'A GUID or a 15-digit number' });
const BeaconTypes = Type.Array(Type.Union([Type.Literal('QR'), Type.Literal('NFC'), Type.Literal('Bluetooth')]), {
  uniqueItems: true,
  description: 'Beacon types this PoS supports for check-in',
});

export const CreatePosRequest = Type.Object(
  {
    merchantPosId: PosText('Merchant-defined id, unique for the integrator and merchant among active points of sale'),
    storeId: Uuid('The store to create this point of sale for'),
    name: PosText('Shown to the customer after check-in'),
    beaconId: Type.Optional(Type.Union([BeaconId, Type.Null()], { description: 'A GUID or 15 digits; generated (a GUID) when missing or null' })),
    callbackAlias: Type.Optional(Type.Union([PosText('Callback alias for the notification service'), Type.Null()])),
    supportedBeaconTypes: BeaconTypes,
    requirePaymentBeforeCheckin: Type.Optional(Type.Boolean({ description: 'When true, a customer may check in only once a payment exists' })),
  },
  { additionalProperties: false },
);
export type CreatePosRequest = Static<typeof CreatePosRequest>;

export const PosResponse = Type.Object(
  {
    posId: Uuid('The id of this point of sale'),
    merchantPosId: Type.String(),
    storeId: Uuid('The store of this point of sale'),
    name: Type.String(),
    beaconId: Type.String(),
    callbackAlias: Type.Union([Type.String(), Type.Null()]),
    supportedBeaconTypes: BeaconTypes,
    requirePaymentBeforeCheckin: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PosResponse = Static<typeof PosResponse>;

export const GetCheckInResponse = Type.Object(
  {
    isUserCheckedIn: Type.Boolean(),
    loyaltyIds: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
    pollDelayInMs: Type.Integer(),
    customerToken: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    customerReceiptToken: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);
export type GetCheckInResponse = Static<typeof GetCheckInResponse>;

const PointOfSaleIdParams = Type.Object({ posid: Uuid('The id of the point of sale') });

const PointOfSaleFilterQuery = Type.Object({
  storeId: Type.Optional(Uuid('Only points of sale of this store')),
  beaconId: Type.Optional(BeaconId),
  merchantPosId: Type.Optional(Type.String({ pattern: POS_TEXT_PATTERN, maxLength: 36 })),
});
export type PointOfSaleFilterQuery = Static<typeof PointOfSaleFilterQuery>;

export const createPointOfSaleSchema = {
  tags: ['Point Of Sales'],
  summary: 'Creates a point of sale',
  operationId: 'CreatePos',
  headers: IdempotentPosHeaders,
  consumes: JSON_TYPES,
  body: CreatePosRequest,
  response: { 200: Type.Object({ posId: Uuid('The id of the point of sale created') }, { additionalProperties: false }), ...ERROR_RESPONSES },
} as const;

export const getPointOfSaleSchema = {
  tags: ['Point Of Sales'],
  summary: 'Gets a point of sale by its id',
  operationId: 'GetPos',
  headers: PosHeaders,
  params: PointOfSaleIdParams,
  response: { 200: PosResponse, ...ERROR_RESPONSES },
} as const;

export const listPointsOfSaleSchema = {
  tags: ['Point Of Sales'],
  summary: 'The ids of the points of sale matching every filter given (at least one of storeId, beaconId, merchantPosId)',
  operationId: 'GetPosWithFilter',
  headers: PosHeaders,
  querystring: PointOfSaleFilterQuery,
  response: { 200: Type.Object({ posIds: Type.Array(Uuid('A point of sale id')) }, { additionalProperties: false }), ...ERROR_RESPONSES },
} as const;

export const deletePointOfSaleSchema = {
  tags: ['Point Of Sales'],
  summary: 'Deletes a point of sale',
  operationId: 'DeletePos',
  headers: PosHeaders,
  params: PointOfSaleIdParams,
  // 200 with an empty body, as the contract has it.
  response: { 200: Type.Unsafe<undefined>({ type: 'null', description: 'Point of sale deleted' }), ...ERROR_RESPONSES },
} as const;

export const getCheckInSchema = {
  tags: ['Point Of Sales'],
  summary: 'The customer currently checked in at a point of sale, if any',
  operationId: 'GetCheckIn',
  headers: PosHeaders,
  params: PointOfSaleIdParams,
  response: { 200: GetCheckInResponse, ...ERROR_RESPONSES },
} as const;
