/**
 * Names for the contract's types, as the SDK's calls take and return them. Everything here is an
 * alias of src/generated/pos-v10.ts (generated from the published PoS V10 contract), so the SDK
 * cannot drift from the contract without a type error.
 */
import type { components } from './generated/pos-v10.js';

type Schemas = components['schemas'];

/** A payment as `GET /pos/v10/payments/{paymentid}` answers it, with `pollDelayInMs`. */
export type Payment = Schemas['QueryPaymentResponse'];
/** Where a payment is in its life: `Initiated` → `IssuedToUser` → `Reserved` → `Captured`, or one of the cancelled states. */
export type PaymentStatus = Payment['status'];
/** The body of `POST /pos/v10/payments`. */
export type InitiatePaymentRequest = Schemas['InitiatePaymentRequest'];
/** The body of `POST /pos/v10/payments/prepare`. */
export type PreparePaymentRequest = Schemas['PreparePaymentRequest'];
/** The body of `POST /pos/v10/payments/{paymentid}/ready`. */
export type PaymentReadyRequest = Schemas['PaymentReadyRequest'];
/** Card restrictions of a payment. */
export type PaymentRestrictions = Schemas['PaymentRestrictions'];
/** `DKK` or `EUR`. */
export type CurrencyCode = Schemas['CurrencyCode'];
/** When the merchant plans to capture: `None`, `LessThan24Hours` or `LessThan14Days`. */
export type PlannedCaptureDelay = InitiatePaymentRequest['plannedCaptureDelay'];

/** A refund as `GET /pos/v10/refunds/{refundid}` answers it, with `pollDelayInMs`. */
export type Refund = Schemas['GetRefundResponse'];
/** Where a refund is in its life. */
export type RefundStatus = Schemas['RefundState'];
/** The body of `POST /pos/v10/refunds`. */
export type CreateRefundRequest = Schemas['CreateRefundRequest'];

/** A point of sale as `GET /pos/v10/pointofsales/{posid}` answers it. */
export type PointOfSale = Schemas['PosResponse'];
/** The body of `POST /pos/v10/pointofsales`. */
export type CreatePointOfSaleRequest = Schemas['CreatePosRequest'];
/** `QR`, `NFC` or `Bluetooth`. */
export type BeaconType = NonNullable<CreatePointOfSaleRequest['supportedBeaconTypes']>[number];
/** Who is checked in at a point of sale, with `pollDelayInMs`. */
export type CheckIn = Schemas['GetCheckInResponse'];

/** A store of the merchant. */
export type Store = Schemas['StoreResponse'];

/** The body of every PoS V10 error answer. */
export type ErrorBody = Schemas['ErrorResponse'];
