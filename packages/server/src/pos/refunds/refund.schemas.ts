/**
 * The wire shapes of the refund endpoints, field for field from the contract
 * (components.schemas CreateRefundRequest, CreateRefundResponse, GetRefundResponse,
 * QueryRefundIdsResponse, RefundState), plus the mapping from a `Refund` to its response.
 * `amount` and `refundOrderId` are as lenient as in payment.schemas.ts, for the same reasons
 * (400 1102 and 1114 come from the route).
 */
import { Type, type Static } from 'typebox';
import { toAmountNumber } from '../../shared/money.ts';
import { CurrencyCode, EmptyOk, ERROR_RESPONSES, IdempotentPosHeaders, JSON_TYPES, PosHeaders, RequestAmount, Uuid, nullable } from '../pos.schemas.ts';
import { REFUND_STATUSES, type Refund } from './refund.state.ts';

export const RefundStateSchema = Type.Enum([...REFUND_STATUSES]);

/** POST /pos/v10/refunds. */
export const CreateRefundRequest = Type.Object(
  { paymentId: Uuid(), refundOrderId: Type.String(), amount: RequestAmount, currencyCode: CurrencyCode },
  { additionalProperties: false },
);
export type CreateRefundRequest = Static<typeof CreateRefundRequest>;

export const CreateRefundResponse = Type.Object({ refundId: Uuid() }, { additionalProperties: false });
export type CreateRefundResponse = Static<typeof CreateRefundResponse>;

/** Path of /refunds/{refundid}/… (lower case, as in the contract). */
export const RefundIdParams = Type.Object({ refundid: Uuid() });
export type RefundIdParams = Static<typeof RefundIdParams>;

/** Query of GET /pos/v10/refunds; without a paymentId the route answers 400 1110. */
export const QueryRefundIdsQuery = Type.Object({ paymentId: Type.Optional(nullable(Uuid())) });
export type QueryRefundIdsQuery = Static<typeof QueryRefundIdsQuery>;

export const QueryRefundIdsResponse = Type.Object({ refundIds: Type.Array(Uuid()) }, { additionalProperties: false });
export type QueryRefundIdsResponse = Static<typeof QueryRefundIdsResponse>;

/** 200 of GET /pos/v10/refunds/{refundid}. */
export const GetRefundResponse = Type.Object(
  {
    refundId: Uuid(),
    paymentId: Uuid(),
    refundOrderId: Type.String(),
    amount: Type.Number(),
    currencyCode: CurrencyCode,
    status: RefundStateSchema,
    pollDelayInMs: Type.Integer(),
  },
  { additionalProperties: false },
);
export type GetRefundResponse = Static<typeof GetRefundResponse>;

/** The contract's GetRefundResponse for `refund`. */
export function toGetRefundResponse(refund: Refund, pollDelayInMs: number): GetRefundResponse {
  return {
    refundId: refund.id,
    paymentId: refund.paymentId,
    refundOrderId: refund.refundOrderId,
    amount: toAmountNumber(refund.amount),
    currencyCode: refund.currency,
    status: refund.status,
    pollDelayInMs,
  };
}

const RefundTag = ['Refunds'];

export const createRefundSchema = {
  tags: RefundTag,
  summary: 'Creates a refund of a captured payment (several are allowed; their sum cannot exceed the captured amount)',
  operationId: 'CreateRefund',
  headers: IdempotentPosHeaders,
  consumes: JSON_TYPES,
  body: CreateRefundRequest,
  response: { 200: CreateRefundResponse, ...ERROR_RESPONSES },
} as const;

export const getRefundSchema = {
  tags: RefundTag,
  summary: 'Looks up a refund',
  operationId: 'GetRefund',
  headers: PosHeaders,
  params: RefundIdParams,
  response: { 200: GetRefundResponse, ...ERROR_RESPONSES },
} as const;

export const queryRefundIdsSchema = {
  tags: RefundTag,
  summary: 'The ids of the refunds of a payment',
  operationId: 'QueryRefundIds',
  headers: PosHeaders,
  querystring: QueryRefundIdsQuery,
  response: { 200: QueryRefundIdsResponse, ...ERROR_RESPONSES },
} as const;

export const captureRefundSchema = {
  tags: RefundTag,
  summary: 'Captures a reserved refund',
  operationId: 'CaptureRefund',
  headers: PosHeaders,
  params: RefundIdParams,
  response: { 200: EmptyOk, ...ERROR_RESPONSES },
} as const;

export const cancelRefundSchema = {
  tags: RefundTag,
  summary: 'Cancels a refund that is not paid out yet',
  operationId: 'CancelRefund',
  headers: PosHeaders,
  params: RefundIdParams,
  response: { 200: EmptyOk, ...ERROR_RESPONSES },
} as const;
