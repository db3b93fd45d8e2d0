/**
 * The rules of payments: who may act on one, which event a request is, and storing the outcome
 * race-safely. Every change goes `load → expire if due → transition() → updatePaymentState`; a lost
 * race reloads and decides again, so two requests on one payment can never both win.
 *
 * To drive a full flow without HTTP (a benchmark, a multi-instance test):
 * `initiatePayment` → `checkInAtBeacon` → `acceptPaymentAtBeacon` → `capturePayment`.
 */
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { isGuid } from '../../shared/ids.ts';
import { parseAmount, type Currency, type MinorUnits } from '../../shared/money.ts';
import { newId } from '../../shared/random.ts';
import type { CardType } from '../../sandbox/test-users.ts';
import type { PosCaller } from '../pos.context.ts';
import { PosError } from '../pos.errors.ts';
import type { AnswerWriter } from '../idempotency/idempotency.service.ts';
import { isValidPosText } from '../pos.text.ts';
import { findActivePosByBeacon, getPosForCaller } from '../points-of-sale/pos.service.ts';
import { deleteCheckin, findActiveCheckin, insertCheckin, type CheckinRow } from '../points-of-sale/checkin.repository.ts';
import * as repo from './payment.repository.ts';
import {
  isActiveStatus,
  startPayment,
  transition,
  type Payment,
  type PaymentCustomer,
  type PaymentEvent,
  type PaymentId,
  type PaymentRestrictions,
  type PaymentTerms,
  type PlannedCaptureDelay,
} from './payment.state.ts';

/** How long a client should wait between polls of a payment or refund (the contract's `pollDelayInMs`). */
export const POLL_DELAY_MS = 1000;

/** How often a lost race is re-decided before giving up (each retry means another request won). */
const MAX_ATTEMPTS = 8;

/** What a request says a payment should cost, as sent (amount still a number or string). */
export interface TermsInput {
  readonly amount: string | number;
  readonly currencyCode: Currency;
  readonly restrictions?: { readonly debitCardDisallowed?: boolean | null; readonly creditCardDisallowed?: boolean | null } | null;
  readonly merchantPaymentLabel?: string | null;
  readonly plannedCaptureDelay: PlannedCaptureDelay;
}

/** Why a payment is loaded: the 403 for another merchant's payment differs per action (1406–1408, 1411). */
export type PaymentPurpose = 'query' | 'ready' | 'capture' | 'cancel';

const OTHER_MERCHANT = {
  query: 'query_payment_of_other_merchant',
  ready: 'ready_payment_of_other_merchant',
  capture: 'capture_payment_of_other_merchant',
  cancel: 'cancel_payment_of_other_merchant',
} as const;

/** An amount from the wire in minor units, or 400 1102. */
export function amountOf(value: string | number): MinorUnits {
  const parsed = parseAmount(value);
  if (!parsed.ok) throw new PosError('invalid_amount', `Invalid amount: ${parsed.reason}`);
  return parsed.minor;
}

function orderIdOf(value: string): string {
  if (!isValidPosText(value)) throw new PosError('invalid_order_id');
  return value;
}

/** The terms of initiate or ready: amount 1102, label 1117. */
export function termsOf(input: TermsInput): PaymentTerms {
  const label = input.merchantPaymentLabel ?? null;
  if (label !== null && !isValidPosText(label)) throw new PosError('invalid_merchant_payment_label');
  const r = input.restrictions ?? null;
  const restrictions: PaymentRestrictions | null =
    r === null ? null : { debitCardDisallowed: r.debitCardDisallowed ?? null, creditCardDisallowed: r.creditCardDisallowed ?? null };
  return { amount: amountOf(input.amount), currency: input.currencyCode, restrictions, merchantPaymentLabel: label, plannedCaptureDelay: input.plannedCaptureDelay };
}

function customerOf(checkin: CheckinRow | undefined): PaymentCustomer | null {
  if (checkin === undefined) return null;
  return {
    phoneNumber: checkin.phone_number,
    customerToken: checkin.customer_token,
    customerReceiptToken: checkin.customer_receipt_token,
    loyaltyIds: checkin.loyalty_ids === null ? null : (JSON.parse(checkin.loyalty_ids) as string[]),
  };
}

/**
 * Stores `next` over `current` with the state check; when the payment stops occupying its PoS
 * with a customer on it (reserved, cancelled, expired) the customer's check-in ends too, in the
 * same transaction: the app leaves the till once the payment is decided.
 */
async function store(db: Db, current: Payment, next: Payment): Promise<boolean> {
  const endsCheckin = isActiveStatus(current.status) && !isActiveStatus(next.status) && current.customer !== null;
  if (!endsCheckin) return repo.updatePaymentState(db, current, next);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.updatePaymentState(trx, current, next))) return false;
    await deleteCheckin(trx, current.posId);
    return true;
  });
}

/**
 * Applies `event` to the stored payment `id`, expiring it first when its deadline has passed
 * (so an expired reservation can never be captured). Returns the payment as stored afterwards.
 * On a lost race it reloads and decides again: the event may then be a harmless repeat or a 409.
 */
export async function applyPaymentEvent(db: Db, clock: Clock, id: PaymentId, event: PaymentEvent): Promise<Payment> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const loaded = await repo.findPayment(db, id);
    if (loaded === undefined) throw new PosError('payment_not_found');
    const ctx = { now: clock.now() };
    const expired = transition(loaded, { type: 'expire' }, ctx);
    if (expired.changed) {
      if (!(await store(db, loaded, expired.payment))) continue;
      if (event.type === 'expire') return expired.payment;
    }
    const current = expired.payment;
    const { payment: next, changed } = transition(current, event, ctx);
    if (!changed) return current;
    if (await store(db, current, next)) return next;
  }
  throw new Error(`payment ${id}: state kept changing under ${event.type}`);
}

/** The payment if it is past its deadline and unfinished, expired and stored; else as it is. */
function expireIfDue(db: Db, clock: Clock, payment: Payment): Promise<Payment> {
  if (Date.parse(payment.expiresAt) > clock.now().getTime()) return Promise.resolve(payment);
  return applyPaymentEvent(db, clock, payment.id, { type: 'expire' });
}

/**
 * A payment addressed in the path that the caller may act on: unknown 404 (the contract's
 * "Payment not found"), another integrator's 403 1401, another merchant's 1406/1407/1408/1411.
 * Expired on read when its deadline has passed.
 */
export async function getPaymentForCaller(db: Db, clock: Clock, caller: PosCaller, id: string, purpose: PaymentPurpose): Promise<Payment> {
  const payment = isGuid(id) ? await repo.findPayment(db, id.toLowerCase()) : undefined;
  if (payment === undefined) throw new PosError('not_found', 'Payment not found');
  if (payment.integratorId !== caller.integratorId) throw new PosError('payment_of_other_integrator');
  if (payment.merchantId !== caller.merchantId) throw new PosError(OTHER_MERCHANT[purpose]);
  return expireIfDue(db, clock, payment);
}

/** The PoS's active payment, expired first if due; undefined when none is active any more. */
async function activePaymentAt(db: Db, clock: Clock, posId: string): Promise<Payment | undefined> {
  const active = await repo.findActivePaymentByPos(db, posId);
  if (active === undefined) return undefined;
  const current = await expireIfDue(db, clock, active);
  return isActiveStatus(current.status) ? current : undefined;
}

/**
 * Starts a payment on the caller's PoS (409 1000 unknown PoS, 403 1400/1410 not the caller's),
 * issued or paired at once to a customer checked in there; 409 1301 while another payment is active.
 */
async function startOnPos(db: Db, clock: Clock, caller: PosCaller, posId: string, orderId: string, terms: PaymentTerms | null, answer?: AnswerWriter): Promise<Payment> {
  const pos = await getPosForCaller(db, caller, posId, 'query');
  // An overdue active payment must not block the till (expiry on read).
  await activePaymentAt(db, clock, pos.id);
  const customer = customerOf(await findActiveCheckin(db, pos.id));
  const identity = { id: newId() as PaymentId, integratorId: caller.integratorId, merchantId: caller.merchantId, posId: pos.id, orderId };
  const ctx = { now: clock.now() };
  const payment = startPayment(identity, terms === null ? { type: 'prepare', customer } : { type: 'initiate', terms, customer }, ctx);
  // The partial unique index decides between racing initiates; the idempotent answer commits with the insert.
  await db.transaction().execute(async (trx) => {
    if (!(await repo.insertPayment(trx, payment))) throw new PosError('payment_already_active');
    await answer?.(trx, payment.id);
  });
  if (customer !== null) return payment;
  // A customer who checked in between our look and our insert found no payment to join: join now.
  const late = customerOf(await findActiveCheckin(db, pos.id));
  return late === null ? payment : applyPaymentEvent(db, clock, payment.id, { type: 'checkIn', customer: late });
}

/** POST /payments: a payment ready for the customer at once. */
export function initiatePayment(db: Db, clock: Clock, caller: PosCaller, input: { posId: string; orderId: string } & TermsInput, answer?: AnswerWriter): Promise<Payment> {
  const orderId = orderIdOf(input.orderId);
  return startOnPos(db, clock, caller, input.posId, orderId, termsOf(input), answer);
}

/** POST /payments/prepare: a payment whose terms come later, with ready. */
export function preparePayment(db: Db, clock: Clock, caller: PosCaller, input: { posId: string; orderId: string }, answer?: AnswerWriter): Promise<Payment> {
  return startOnPos(db, clock, caller, input.posId, orderIdOf(input.orderId), null, answer);
}

/** POST /payments/{id}/ready: 409 1303 unless Prepared or Paired. */
export async function readyPayment(db: Db, clock: Clock, caller: PosCaller, id: string, input: TermsInput): Promise<Payment> {
  const terms = termsOf(input);
  const payment = await getPaymentForCaller(db, clock, caller, id, 'ready');
  return applyPaymentEvent(db, clock, payment.id, { type: 'ready', terms });
}

/** POST /payments/{id}/capture: full or (where possible) partial; a retry of the same amount is 200. */
export async function capturePayment(db: Db, clock: Clock, caller: PosCaller, id: string, amount: string | number): Promise<Payment> {
  const minor = amountOf(amount);
  const payment = await getPaymentForCaller(db, clock, caller, id, 'capture');
  return applyPaymentEvent(db, clock, payment.id, { type: 'capture', amount: minor });
}

/** POST /payments/{id}/cancel: 409 1300 once captured; a payment already ended stays as it is. */
export async function cancelPayment(db: Db, clock: Clock, caller: PosCaller, id: string): Promise<Payment> {
  const payment = await getPaymentForCaller(db, clock, caller, id, 'cancel');
  return applyPaymentEvent(db, clock, payment.id, { type: 'clientCancel' });
}

/** GET /payments: the caller's payments of a PoS and/or order; 400 1109 with neither filter. */
export async function listPaymentIdsForCaller(
  db: Db,
  clock: Clock,
  caller: PosCaller,
  query: { posId?: string | null; orderId?: string | null; state?: 'Captured' | null },
): Promise<PaymentId[]> {
  const posId = query.posId ?? undefined;
  const orderId = query.orderId ?? undefined;
  if (posId === undefined && orderId === undefined) throw new PosError('payment_filter_not_specific');
  const filter = {
    merchantId: caller.merchantId,
    integratorId: caller.integratorId,
    ...(posId !== undefined ? { posId: posId.toLowerCase() } : {}),
    ...(orderId !== undefined ? { orderId } : {}),
  };
  if (query.state === 'Captured') return repo.listPaymentIds(db, { ...filter, statuses: ['Captured'] });
  // Listed payments whose deadline passed are expired first, so the list never shows a dead one.
  const ids = await repo.listPaymentIds(db, filter);
  const live: PaymentId[] = [];
  for (const id of ids) {
    const payment = await repo.findPayment(db, id);
    if (payment === undefined) continue;
    const current = await expireIfDue(db, clock, payment);
    if (current.status !== 'ExpiredAndCancelled') live.push(id);
  }
  return live;
}

/** The active point of sale a beacon names (the app scans it), or 409 1000. */
async function posAtBeacon(db: Db, beaconId: string) {
  const pos = await findActivePosByBeacon(db, beaconId);
  if (pos === undefined) throw new PosError('pos_not_found', 'No active point of sale has this beaconId');
  return pos;
}

/** The customer a check-in records, as the app knows them. */
export interface CheckinCustomer {
  readonly phoneNumber: string;
  readonly customerToken: string;
  readonly customerReceiptToken: string;
  readonly loyaltyIds: readonly string[];
}

/**
 * A customer checks in at the PoS behind `beaconId`: recorded as the PoS's check-in, and joined
 * to its active payment (Prepared → Paired, Initiated → IssuedToUser). A PoS that requires a
 * payment before check-in refuses a customer while it has no active payment (409 1001).
 */
export async function checkInAtBeacon(db: Db, clock: Clock, beaconId: string, customer: CheckinCustomer): Promise<Payment | undefined> {
  const pos = await posAtBeacon(db, beaconId);
  const active = await activePaymentAt(db, clock, pos.id);
  if (active === undefined && pos.require_payment_before_checkin === 1) {
    throw new PosError('payment_not_found', 'This point of sale requires a payment before check-in');
  }
  const joined =
    active === undefined
      ? undefined
      : await applyPaymentEvent(db, clock, active.id, {
          type: 'checkIn',
          customer: { phoneNumber: customer.phoneNumber, customerToken: customer.customerToken, customerReceiptToken: customer.customerReceiptToken, loyaltyIds: customer.loyaltyIds },
        });
  // Recorded after the payment took the customer, so a refused check-in leaves no trace.
  await insertCheckin(db, {
    pos_id: pos.id,
    phone_number: customer.phoneNumber,
    customer_token: customer.customerToken,
    customer_receipt_token: customer.customerReceiptToken,
    loyalty_ids: JSON.stringify(customer.loyaltyIds),
    checked_in_at: clock.now().toISOString(),
  });
  return joined;
}

/** The payer's card, as the app knows it. */
export interface PayerCard {
  readonly phoneNumber: string;
  readonly cardType: CardType;
  readonly partialCapturePossible: boolean;
}

/**
 * The customer accepts the payment issued to them at the PoS behind `beaconId`: Reserved, or
 * CancelledByMobilePay when their card breaks the payment's restrictions. 409 1001 when the PoS
 * has no active payment.
 */
export async function acceptPaymentAtBeacon(db: Db, clock: Clock, beaconId: string, card: PayerCard): Promise<Payment> {
  const pos = await posAtBeacon(db, beaconId);
  const active = await activePaymentAt(db, clock, pos.id);
  if (active === undefined) throw new PosError('payment_not_found', 'The point of sale has no active payment');
  return applyPaymentEvent(db, clock, active.id, { type: 'accept', ...card });
}

/** The customer cancels the active payment at the PoS behind `beaconId` (CancelledByUser); 409 1001 when none. */
export async function userCancelAtBeacon(db: Db, clock: Clock, beaconId: string): Promise<Payment> {
  const pos = await posAtBeacon(db, beaconId);
  const active = await activePaymentAt(db, clock, pos.id);
  if (active === undefined) throw new PosError('payment_not_found', 'The point of sale has no active payment');
  return applyPaymentEvent(db, clock, active.id, { type: 'userCancel' });
}

/**
 * One pass of the expiry sweep: ends up to `limit` payments whose deadline has passed. Returns how
 * many it expired; run it again while that equals `limit`.
 */
export async function expireDuePayments(db: Db, clock: Clock, limit = 100): Promise<number> {
  const due = await repo.listExpiredPayments(db, clock.now().toISOString(), limit);
  let expired = 0;
  for (const payment of due) {
    const after = await applyPaymentEvent(db, clock, payment.id, { type: 'expire' });
    if (after.status === 'ExpiredAndCancelled' && after.version !== payment.version) expired += 1;
  }
  return expired;
}
