/**
 * Helpers for payment and refund tests over HTTP (app.inject): every JSON body they receive is
 * checked against the published contract, and the sandbox user simulation stands in for the app.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { assertMatchesContract } from './contract.ts';
import { newIdempotencyKey, type PosFixture } from './platform.ts';
import { createPos, posCall, type CreatePosInput } from './pos.ts';

/** The test users of the SPEC, by feature. */
export const USERS = {
  credit: '+4520031801',
  debit: '+4520031802',
  loyalty: '+4520031804',
  partial: '+4520031805',
  fiCredit: '+358200318001',
} as const;

export interface Till {
  readonly posId: string;
  readonly beaconId: string;
}

/** A PoS with a known beacon id. */
export async function createTill(app: FastifyInstance, f: PosFixture, overrides: CreatePosInput = {}): Promise<Till> {
  const posId = await createPos(app, f, overrides);
  const res = await posCall(app, f.headers, 'GET', `/pos/v10/pointofsales/${posId}`);
  return { posId, beaconId: res.json<{ beaconId: string }>().beaconId };
}

/** Checks a response against the contract for `method path`, whatever its status. */
export function checked(res: LightMyRequestResponse, method: string, path: string): LightMyRequestResponse {
  assertMatchesContract(method, path, res.statusCode, res.body === '' ? undefined : res.json());
  return res;
}

export interface Terms {
  amount?: number | string;
  currencyCode?: 'DKK' | 'EUR';
  restrictions?: { debitCardDisallowed?: boolean | null; creditCardDisallowed?: boolean | null } | null;
  merchantPaymentLabel?: string | null;
  plannedCaptureDelay?: 'None' | 'LessThan24Hours' | 'LessThan14Days';
}

export const terms = (t: Terms = {}) => ({ amount: 12.5, currencyCode: 'DKK', plannedCaptureDelay: 'None', merchantPaymentLabel: 'Coffee', ...t });

export async function initiate(app: FastifyInstance, f: PosFixture, posId: string, t: Terms = {}, orderId = 'ORDER-1', key = newIdempotencyKey()) {
  return checked(
    await posCall(app, f.headers, 'POST', '/pos/v10/payments', { posId, orderId, ...terms(t) }, { 'x-mobilepay-idempotency-key': key }),
    'POST',
    '/pos/v10/payments',
  );
}

/** Initiates and returns the payment id (asserting 200). */
export async function initiateOk(app: FastifyInstance, f: PosFixture, posId: string, t: Terms = {}, orderId = 'ORDER-1'): Promise<string> {
  const res = await initiate(app, f, posId, t, orderId);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ paymentId: string }>().paymentId;
}

export async function prepare(app: FastifyInstance, f: PosFixture, posId: string, orderId = 'ORDER-1') {
  return checked(
    await posCall(app, f.headers, 'POST', '/pos/v10/payments/prepare', { posId, orderId }, { 'x-mobilepay-idempotency-key': newIdempotencyKey() }),
    'POST',
    '/pos/v10/payments/prepare',
  );
}

export async function ready(app: FastifyInstance, f: PosFixture, paymentId: string, t: Terms = {}) {
  return checked(await posCall(app, f.headers, 'POST', `/pos/v10/payments/${paymentId}/ready`, terms(t)), 'POST', '/pos/v10/payments/{paymentid}/ready');
}

export async function capture(app: FastifyInstance, f: PosFixture, paymentId: string, amount: number | string) {
  return checked(await posCall(app, f.headers, 'POST', `/pos/v10/payments/${paymentId}/capture`, { amount }), 'POST', '/pos/v10/payments/{paymentid}/capture');
}

export async function cancel(app: FastifyInstance, f: PosFixture, paymentId: string) {
  return checked(await posCall(app, f.headers, 'POST', `/pos/v10/payments/${paymentId}/cancel`), 'POST', '/pos/v10/payments/{paymentid}/cancel');
}

export interface PaymentView {
  paymentId: string;
  status: string;
  amount: number | null;
  customerToken?: string | null;
  customerReceiptToken?: string | null;
  loyaltyIds?: string[] | null;
  partialCapturePossible?: boolean | null;
  paymentExpiresAt?: string;
  pollDelayInMs: number;
}

export async function getPayment(app: FastifyInstance, f: PosFixture, paymentId: string): Promise<PaymentView> {
  const res = checked(await posCall(app, f.headers, 'GET', `/pos/v10/payments/${paymentId}`), 'GET', '/pos/v10/payments/{paymentid}');
  assert.equal(res.statusCode, 200, res.body);
  return res.json<PaymentView>();
}

export async function statusOf(app: FastifyInstance, f: PosFixture, paymentId: string): Promise<string> {
  return (await getPayment(app, f, paymentId)).status;
}

/** POST /pos/app/usersimulation/<action> with the fixture's bearer token only. */
export function simulate(app: FastifyInstance, f: PosFixture, action: 'checkin' | 'acceptpayment' | 'cancelpaymentbyuser', body: object) {
  return app.inject({ method: 'POST', url: `/pos/app/usersimulation/${action}`, headers: { authorization: `Bearer ${f.token}` }, payload: body });
}

/** POST /pos/app/usersimulation/expire (sandbox time, posv10's own call: not in the contract). */
export function expire(app: FastifyInstance, f: PosFixture, body: { paymentId?: string; refundId?: string; advanceBy?: string }) {
  return app.inject({ method: 'POST', url: '/pos/app/usersimulation/expire', headers: { authorization: `Bearer ${f.token}` }, payload: body });
}

export async function simulateOk(
  app: FastifyInstance,
  f: PosFixture,
  action: 'checkin' | 'acceptpayment' | 'cancelpaymentbyuser',
  body: object,
): Promise<void> {
  const res = await simulate(app, f, action, body);
  assert.equal(res.statusCode, 200, res.body);
  assertMatchesContract('POST', `/pos/app/usersimulation/${action}`, 200, res.body === '' ? undefined : res.json());
}

/** A payment on a new till, accepted by `phoneNumber`: Reserved. */
export async function reservedPayment(
  app: FastifyInstance,
  f: PosFixture,
  t: Terms = {},
  phoneNumber: string = USERS.credit,
  orderId?: string,
): Promise<{ till: Till; paymentId: string }> {
  const till = await createTill(app, f);
  const paymentId = await initiateOk(app, f, till.posId, t, orderId);
  await simulateOk(app, f, 'checkin', { beaconId: till.beaconId, phoneNumber });
  await simulateOk(app, f, 'acceptpayment', { beaconId: till.beaconId, phoneNumber });
  return { till, paymentId };
}

/** A payment captured for its full amount. */
export async function capturedPayment(app: FastifyInstance, f: PosFixture, t: Terms = {}): Promise<string> {
  const { paymentId } = await reservedPayment(app, f, t);
  const res = await capture(app, f, paymentId, t.amount ?? 12.5);
  assert.equal(res.statusCode, 200, res.body);
  return paymentId;
}

export async function createRefund(
  app: FastifyInstance,
  f: PosFixture,
  paymentId: string,
  amount: number | string,
  currencyCode = 'DKK',
  refundOrderId = 'REFUND-1',
) {
  return checked(
    await posCall(
      app,
      f.headers,
      'POST',
      '/pos/v10/refunds',
      { paymentId, refundOrderId, amount, currencyCode },
      { 'x-mobilepay-idempotency-key': newIdempotencyKey() },
    ),
    'POST',
    '/pos/v10/refunds',
  );
}

export async function getRefund(app: FastifyInstance, f: PosFixture, refundId: string) {
  return checked(await posCall(app, f.headers, 'GET', `/pos/v10/refunds/${refundId}`), 'GET', '/pos/v10/refunds/{refundid}');
}
