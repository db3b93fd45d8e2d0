/**
 * The wire shapes of the payment endpoints, field for field from the contract
 * (reference/pos-v10.openapi.yaml, components.schemas), as TypeBox schemas for
 * `@fastify/type-provider-typebox`, plus the one mapping from a `Payment` to its response.
 *
 * One deliberate liberty, and one strictness where SPEC.md and the contract disagree:
 * - `amount` is a JSON number, as the contract says (SPEC.md §3 would also take `"12.50"`; the
 *   contract ranks above it): a string is 400 1102, and so is a number `parseAmount` refuses.
 * - text fields (`orderId`, `merchantPaymentLabel`) carry no length or pattern here, so that the
 *   route can answer their specific codes (1113, 1117) with the PoS text validation.
 */
import { Type, type Static } from 'typebox';
import { toAmountNumber } from '../../shared/money.ts';
import { PAYMENT_STATUSES, PLANNED_CAPTURE_DELAYS, type Payment } from './payment.state.ts';
import { CurrencyCode, EmptyOk, ERROR_RESPONSES, IdempotentPosHeaders, JSON_TYPES, PosHeaders, RequestAmount, Uuid, nullable } from '../pos.schemas.ts';
export const PlannedCaptureDelaySchema = Type.Enum([...PLANNED_CAPTURE_DELAYS]);
export const PaymentStatusSchema = Type.Enum([...PAYMENT_STATUSES]);

export const PaymentRestrictions = Type.Object(
  {
    debitCardDisallowed: Type.Optional(nullable(Type.Boolean())),
    creditCardDisallowed: Type.Optional(nullable(Type.Boolean())),
  },
  { additionalProperties: false },
);

/** The terms of a payment, which initiate and ready share. */
const termsFields = {
  amount: RequestAmount,
  currencyCode: CurrencyCode,
  restrictions: Type.Optional(nullable(PaymentRestrictions)),
  merchantPaymentLabel: Type.Optional(nullable(Type.String())),
  plannedCaptureDelay: PlannedCaptureDelaySchema,
};

/** POST /pos/v10/payments. */
export const InitiatePaymentRequest = Type.Object({ posId: Uuid(), orderId: Type.String(), ...termsFields }, { additionalProperties: false });
export type InitiatePaymentRequest = Static<typeof InitiatePaymentRequest>;

/** POST /pos/v10/payments/prepare. */
export const PreparePaymentRequest = Type.Object({ posId: Uuid(), orderId: Type.String() }, { additionalProperties: false });
export type PreparePaymentRequest = Static<typeof PreparePaymentRequest>;

/** POST /pos/v10/payments/{paymentid}/ready. */
export const PaymentReadyRequest = Type.Object(termsFields, { additionalProperties: false });
export type PaymentReadyRequest = Static<typeof PaymentReadyRequest>;

/** POST /pos/v10/payments/{paymentid}/capture. */
export const PaymentCaptureRequest = Type.Object({ amount: RequestAmount }, { additionalProperties: false });
export type PaymentCaptureRequest = Static<typeof PaymentCaptureRequest>;

/** 200 of POST /payments and POST /payments/prepare. */
export const PaymentInitiatedResponse = Type.Object({ paymentId: Uuid() }, { additionalProperties: false });
export type PaymentInitiatedResponse = Static<typeof PaymentInitiatedResponse>;

/** Path of /payments/{paymentid}/… (the contract spells the parameter in lower case). */
export const PaymentIdParams = Type.Object({ paymentid: Uuid() });
export type PaymentIdParams = Static<typeof PaymentIdParams>;

/** Query of GET /pos/v10/payments; with neither posId nor orderId the route answers 400 1109. */
export const QueryPaymentIdsQuery = Type.Object({
  posId: Type.Optional(nullable(Uuid())),
  orderId: Type.Optional(nullable(Type.String())),
  state: Type.Optional(nullable(Type.Enum(['Captured']))),
});
export type QueryPaymentIdsQuery = Static<typeof QueryPaymentIdsQuery>;

export const QueryPaymentIdsResponse = Type.Object({ paymentIds: Type.Array(Uuid()) }, { additionalProperties: false });
export type QueryPaymentIdsResponse = Static<typeof QueryPaymentIdsResponse>;

/** 200 of GET /pos/v10/payments/{paymentid}. */
export const QueryPaymentResponse = Type.Object(
  {
    paymentId: Uuid(),
    posId: Uuid(),
    orderId: Type.String(),
    amount: Type.Optional(nullable(Type.Number())),
    currencyCode: Type.Optional(nullable(CurrencyCode)),
    restrictions: Type.Optional(nullable(PaymentRestrictions)),
    merchantPaymentLabel: Type.Optional(nullable(Type.String())),
    plannedCaptureDelay: Type.Optional(nullable(PlannedCaptureDelaySchema)),
    status: PaymentStatusSchema,
    customerToken: Type.Optional(nullable(Type.String())),
    customerReceiptToken: Type.Optional(nullable(Type.String())),
    loyaltyIds: Type.Optional(nullable(Type.Array(Type.String()))),
    paymentExpiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    partialCapturePossible: Type.Optional(nullable(Type.Boolean())),
    pollDelayInMs: Type.Integer(),
  },
  { additionalProperties: false },
);
export type QueryPaymentResponse = Static<typeof QueryPaymentResponse>;

/**
 * The contract's QueryPaymentResponse for `payment`. Amounts become JSON decimals; fields the
 * payment does not have yet are null (a Prepared payment's amount, the customer of a payment no
 * one checked in to); `partialCapturePossible` appears only while Reserved, as the contract says.
 */
export function toQueryPaymentResponse(payment: Payment, pollDelayInMs: number): QueryPaymentResponse {
  const { terms, customer } = payment;
  return {
    paymentId: payment.id,
    posId: payment.posId,
    orderId: payment.orderId,
    amount: terms === null ? null : toAmountNumber(terms.amount),
    currencyCode: terms?.currency ?? null,
    restrictions: terms?.restrictions ?? null,
    merchantPaymentLabel: terms?.merchantPaymentLabel ?? null,
    plannedCaptureDelay: terms?.plannedCaptureDelay ?? null,
    status: payment.status,
    customerToken: customer?.customerToken ?? null,
    customerReceiptToken: customer?.customerReceiptToken ?? null,
    loyaltyIds: customer?.loyaltyIds ? [...customer.loyaltyIds] : null,
    paymentExpiresAt: payment.expiresAt,
    ...(payment.status === 'Reserved' ? { partialCapturePossible: payment.partialCapturePossible } : {}),
    pollDelayInMs,
  };
}

export const initiatePaymentSchema = {
  tags: ['Payments'],
  summary: 'Initiates a new payment',
  operationId: 'InitiatePayment',
  headers: IdempotentPosHeaders,
  consumes: JSON_TYPES,
  body: InitiatePaymentRequest,
  response: { 200: PaymentInitiatedResponse, ...ERROR_RESPONSES },
} as const;

export const preparePaymentSchema = {
  tags: ['Payments'],
  summary: 'Prepares a new payment that is not yet ready for user approval',
  operationId: 'PreparePayment',
  headers: IdempotentPosHeaders,
  consumes: JSON_TYPES,
  body: PreparePaymentRequest,
  response: { 200: PaymentInitiatedResponse, ...ERROR_RESPONSES },
} as const;

export const paymentReadySchema = {
  tags: ['Payments'],
  summary: 'Marks a prepared payment as ready for approval by the user',
  operationId: 'PaymentReady',
  headers: PosHeaders,
  consumes: JSON_TYPES,
  params: PaymentIdParams,
  body: PaymentReadyRequest,
  response: { 200: EmptyOk, ...ERROR_RESPONSES },
} as const;

export const capturePaymentSchema = {
  tags: ['Payments'],
  summary: 'Captures a reserved payment, in full or (where possible) in part',
  operationId: 'CapturePayment',
  headers: PosHeaders,
  consumes: JSON_TYPES,
  params: PaymentIdParams,
  body: PaymentCaptureRequest,
  response: { 200: EmptyOk, ...ERROR_RESPONSES },
} as const;

export const cancelPaymentSchema = {
  tags: ['Payments'],
  summary: 'Cancels a payment; a captured payment cannot be cancelled',
  operationId: 'CancelPayment',
  headers: PosHeaders,
  params: PaymentIdParams,
  response: { 200: EmptyOk, ...ERROR_RESPONSES },
} as const;

export const queryPaymentSchema = {
  tags: ['Payments'],
  summary: 'Gets a single payment by its id',
  operationId: 'QueryPayment',
  headers: PosHeaders,
  params: PaymentIdParams,
  response: { 200: QueryPaymentResponse, ...ERROR_RESPONSES },
} as const;

export const queryPaymentIdsSchema = {
  tags: ['Payments'],
  summary: 'The ids of the active and reserved payments of a PoS and/or order, or the captured ones with state=Captured',
  operationId: 'QueryPaymentIds',
  headers: PosHeaders,
  querystring: QueryPaymentIdsQuery,
  response: { 200: QueryPaymentIdsResponse, ...ERROR_RESPONSES },
} as const;
