/**
 * The rules of payments: who may act on one, which event a request is, and storing the outcome
 * race-safely through the state-change engine (load once → expire if due → transition() →
 * state-checked update), so two requests on one payment can never both win.
 *
 * The client's side is the PoS V10 API (initiate, prepare, ready, capture, cancel, query, list);
 * the customer's side is the app at a beacon (check in, accept, cancel). To drive a full flow
 * without HTTP (a benchmark, a race test): `initiate` → `checkInAtBeacon` → `acceptAtBeacon` → `capture`.
 */
import { parseAmount, type Currency, type MinorUnits } from '../../shared/money.ts';
import { newId } from '../../shared/random.ts';
import { isPostgres } from '../../db/lock.ts';
import { grantsAccess } from '../../merchants/merchant.service.ts';
import type { CheckinPos, CheckinService } from '../checkins/checkin.service.ts';
import type { CheckinCustomer, PayerCard } from '../customer.ts';
import type { PosCaller } from '../pos.context.ts';
import { PosError } from '../pos.errors.ts';
import type { PosPorts } from '../pos.ports.ts';
import type { AnswerWriter } from '../idempotency/idempotency.service.ts';
import { isValidPosText, normalizeBeaconId } from '../pos.text.ts';
import type { PointOfSaleRow, PointOfSaleService } from '../points-of-sale/point-of-sale.service.ts';
import { StateChangeEngine, type CallerErrors } from '../state-change/state-change.engine.ts';
import * as repo from './payment.repository.ts';
import {
  LISTED_PAYMENT_STATUSES,
  isActiveStatus,
  startPayment,
  transition,
  type Payment,
  type PaymentEvent,
  type PaymentId,
  type PaymentRestrictions,
  type PaymentStatus,
  type PaymentTerms,
  type PlannedCaptureDelay,
} from './payment.state.ts';

export { cardAllowed, type Payment, type PaymentStatus } from './payment.state.ts';

/** How long a client should wait between polls of a payment or refund (the contract's `pollDelayInMs`). */
export const POLL_DELAY_MS = 1000;

/** What a request says a payment should cost, as sent (amount still a number or string). */
export interface TermsInput {
  readonly amount: string | number;
  readonly currencyCode: Currency;
  readonly restrictions?: { readonly debitCardDisallowed?: boolean | null; readonly creditCardDisallowed?: boolean | null } | null;
  readonly merchantPaymentLabel?: string | null;
  readonly plannedCaptureDelay: PlannedCaptureDelay;
}

/** Why a payment is loaded: the 403 for another merchant's payment differs per action (1406–1408, 1411). */
type PaymentPurpose = 'query' | 'ready' | 'capture' | 'cancel';

const OTHER_MERCHANT = {
  query: 'query_payment_of_other_merchant',
  ready: 'ready_payment_of_other_merchant',
  capture: 'capture_payment_of_other_merchant',
  cancel: 'cancel_payment_of_other_merchant',
} as const;

/** A payment addressed in the path: unknown 404 (the contract's "Payment not found"), another integrator's 403 1401. */
function callerErrors(purpose: PaymentPurpose): CallerErrors {
  return {
    notFound: () => new PosError('not_found', 'Payment not found'),
    otherIntegrator: 'payment_of_other_integrator',
    otherMerchant: () => new PosError(OTHER_MERCHANT[purpose]),
  };
}

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
function termsOf(input: TermsInput): PaymentTerms {
  const label = input.merchantPaymentLabel ?? null;
  if (label !== null && !isValidPosText(label)) throw new PosError('invalid_merchant_payment_label');
  const r = input.restrictions ?? null;
  const restrictions: PaymentRestrictions | null =
    r === null ? null : { debitCardDisallowed: r.debitCardDisallowed ?? null, creditCardDisallowed: r.creditCardDisallowed ?? null };
  return {
    amount: amountOf(input.amount),
    currency: input.currencyCode,
    restrictions,
    merchantPaymentLabel: label,
    plannedCaptureDelay: input.plannedCaptureDelay,
  };
}

/** Thrown inside an initiate's transaction to roll it back when the PoS already has an active payment. */
class TillOccupied extends Error {}

export class PaymentService {
  readonly #engine: StateChangeEngine<Payment, PaymentEvent>;

  constructor(private readonly deps: PosPorts & { readonly pointsOfSale: PointOfSaleService; readonly checkins: CheckinService }) {
    const { db, clock } = deps;
    this.#engine = new StateChangeEngine(
      clock,
      {
        kind: 'payment',
        find: (id) => repo.findPayment(db, id),
        transition,
        update: (from, to) => this.#store(from, to),
        listDue: (nowIso, limit) => repo.listExpiredPayments(db, nowIso, limit),
      },
      deps.observer,
    );
  }

  /** The stored payment `id` if `caller` may act on it, not expired on read; `errors` say how the lookup fails. */
  findForCaller(caller: PosCaller, id: string, errors: CallerErrors): Promise<Payment> {
    return this.#engine.loadForCaller(caller, id, errors);
  }

  /** POST /payments: a payment ready for the customer at once. */
  async initiate(caller: PosCaller, input: { posId: string; orderId: string } & TermsInput, answer?: AnswerWriter): Promise<Payment> {
    const orderId = orderIdOf(input.orderId);
    return this.#startOnPos(caller, input.posId, orderId, termsOf(input), answer);
  }

  /** POST /payments/prepare: a payment whose terms come later, with ready. */
  async prepare(caller: PosCaller, input: { posId: string; orderId: string }, answer?: AnswerWriter): Promise<Payment> {
    return this.#startOnPos(caller, input.posId, orderIdOf(input.orderId), null, answer);
  }

  /** POST /payments/{id}/ready: 409 1303 unless Prepared or Paired. */
  async ready(caller: PosCaller, id: string, input: TermsInput): Promise<Payment> {
    const terms = termsOf(input);
    return this.#engine.apply(await this.#engine.loadForCaller(caller, id, callerErrors('ready')), { type: 'ready', terms });
  }

  /** POST /payments/{id}/capture: full or (where possible) partial; a retry of the same amount is 200. */
  async capture(caller: PosCaller, id: string, amount: string | number): Promise<Payment> {
    const minor = amountOf(amount);
    return this.#engine.apply(await this.#engine.loadForCaller(caller, id, callerErrors('capture')), { type: 'capture', amount: minor });
  }

  /** POST /payments/{id}/cancel: 409 1300 once captured or expired; a payment already cancelled stays as it is. */
  async cancel(caller: PosCaller, id: string): Promise<Payment> {
    return this.#engine.apply(await this.#engine.loadForCaller(caller, id, callerErrors('cancel')), { type: 'clientCancel' });
  }

  /**
   * GET /payments/{id}: a payment the caller may see: unknown 404, another integrator's 403 1401,
   * another merchant's 403 1411. Expired on read when its deadline has passed.
   */
  async getForCaller(caller: PosCaller, id: string): Promise<Payment> {
    return this.#engine.expireIfDue(await this.#engine.loadForCaller(caller, id, callerErrors('query')));
  }

  /**
   * GET /payments: the caller's payments of a PoS and/or order; 400 1109 with neither filter.
   * Without `state`, the active and reserved ones; with `state=Captured`, the captured ones. An
   * orderId finds only its latest payment: a reused orderId's mapping is overwritten
   * (best-practices.md "Handling lost paymentIds"), so an older payment never answers for it.
   */
  async listIdsForCaller(caller: PosCaller, query: { posId?: string | null; orderId?: string | null; state?: 'Captured' | null }): Promise<PaymentId[]> {
    const posId = query.posId ?? undefined;
    const orderId = query.orderId ?? undefined;
    if (posId === undefined && orderId === undefined) throw new PosError('payment_filter_not_specific');
    const scope = { merchantId: caller.merchantId, integratorId: caller.integratorId, ...(posId !== undefined ? { posId: posId.toLowerCase() } : {}) };
    const statuses: readonly PaymentStatus[] = query.state === 'Captured' ? ['Captured'] : LISTED_PAYMENT_STATUSES;
    const found =
      orderId === undefined
        ? await repo.listPayments(this.deps.db, { ...scope, statuses })
        : [await repo.findLatestPaymentByOrderId(this.deps.db, { ...scope, orderId })].filter((p) => p !== undefined);
    // Listed payments whose deadline passed are expired first, so the list never shows a dead one.
    const live: PaymentId[] = [];
    for (const listed of found) {
      const current = await this.#engine.expireIfDue(listed);
      if (statuses.includes(current.status)) live.push(current.id);
    }
    return live;
  }

  /**
   * A customer checks in at the PoS behind `beaconId`: recorded as the PoS's check-in, and joined
   * to its active payment (Prepared → Paired, Initiated → IssuedToUser). A PoS that requires a
   * payment before check-in refuses a customer while it has no active payment (409 1001).
   */
  async checkInAtBeacon(beaconId: string, customer: CheckinCustomer): Promise<Payment | undefined> {
    const found = await this.#activeAtBeacon(beaconId);
    let pos: CheckinPos;
    if (found !== undefined) pos = { id: found.payment.posId, callbackAlias: found.posCallbackAlias };
    else {
      // Only without an active payment is the PoS itself looked up: 409 1000 when none, and its rule on check-ins.
      const row = await this.#posAtBeacon(beaconId);
      if (row.require_payment_before_checkin === 1) throw new PosError('payment_not_found', 'This point of sale requires a payment before check-in');
      pos = { id: row.id, callbackAlias: row.callback_alias };
    }
    const active = found?.payment;
    const { phoneNumber, customerToken, customerReceiptToken, loyaltyIds } = customer;
    const joined =
      active === undefined
        ? undefined
        : await this.#engine.apply(active, { type: 'checkIn', customer: { phoneNumber, customerToken, customerReceiptToken, loyaltyIds } });
    // Recorded after the payment took the customer, so a refused check-in leaves no trace.
    await this.deps.checkins.record(pos, customer);
    return joined;
  }

  /**
   * The customer accepts the payment issued to them at the PoS behind `beaconId`: Reserved, or
   * CancelledByMobilePay when their card breaks the payment's restrictions. 409 1001 when the PoS
   * has no active payment.
   */
  async acceptAtBeacon(beaconId: string, card: PayerCard): Promise<Payment> {
    const { phoneNumber, cardType, partialCapturePossible } = card;
    return this.#engine.apply(await this.#activePaymentAtBeacon(beaconId), { type: 'accept', phoneNumber, cardType, partialCapturePossible });
  }

  /** The customer cancels the active payment at the PoS behind `beaconId` (CancelledByUser); 409 1001 when none. */
  async userCancelAtBeacon(beaconId: string): Promise<Payment> {
    return this.#engine.apply(await this.#activePaymentAtBeacon(beaconId), { type: 'userCancel' });
  }

  /** The payment occupying point of sale `posId` (expired first if due), if any: what a customer at its beacon is offered. */
  activeAt(posId: string): Promise<Payment | undefined> {
    return this.#activePaymentAt(posId);
  }

  /**
   * The integrator's latest `limit` payments issued to the customer with `phoneNumber`, newest
   * first, each expired first if due (so the list shows the state a read would).
   */
  async latestOfCustomer(integratorId: string, phoneNumber: string, limit: number): Promise<Payment[]> {
    const found = await repo.listLatestPaymentsOfCustomer(this.deps.db, integratorId, phoneNumber, limit);
    const current: Payment[] = [];
    for (const payment of found) current.push(await this.#engine.expireIfDue(payment));
    return current;
  }

  /**
   * Sandbox time: the payment's clock runs `seconds` on (to its deadline when null), through the
   * state machine's `elapse`; the next read expires it as real time would. 404 unless `integratorId`
   * made it for a merchant still granting it access; 409 1300 once it is finished (see `elapse`).
   */
  elapseForIntegrator(integratorId: string, id: string, seconds: number | null): Promise<Payment> {
    return this.#engine.elapse(integratorId, id, seconds, (merchantId) => grantsAccess(this.deps.db, merchantId, integratorId));
  }

  /** One pass of the expiry sweep: expires up to `limit` payments past their deadline; returns how many. */
  expireDue(limit: number): Promise<number> {
    return this.#engine.expireDue(limit);
  }

  /**
   * Starts a payment on the caller's PoS (409 1000 unknown PoS, 403 1400/1410 not the caller's),
   * issued or paired at once to a customer checked in there; 409 1301 while another payment is active.
   */
  async #startOnPos(caller: PosCaller, posId: string, orderId: string, terms: PaymentTerms | null, answer?: AnswerWriter): Promise<Payment> {
    const { clock, pointsOfSale, checkins } = this.deps;
    const { pos, checkin } = await pointsOfSale.getForCallerWithCheckin(caller, posId, 'payment');
    for (let attempt = 1; ; attempt += 1) {
      const customer = (attempt === 1 ? checkin : await checkins.find(pos.id))?.customer ?? null;
      const identity = { id: newId() as PaymentId, integratorId: caller.integratorId, merchantId: caller.merchantId, posId: pos.id, orderId };
      const payment = startPayment(identity, terms === null ? { type: 'prepare', customer } : { type: 'initiate', terms, customer }, { now: clock.now() });
      if (await this.#insertStarted(payment, answer)) {
        if (customer !== null) return payment;
        // A customer who checked in between our look and our insert found no payment to join: join now.
        const late = (await checkins.find(pos.id))?.customer;
        return late === undefined ? payment : this.#engine.apply(payment, { type: 'checkIn', customer: late });
      }
      // The till is occupied. An overdue active payment must not block it (expiry on read), so it
      // is looked at only now, not before every initiate: expired, it frees the till (and ends its
      // customer's check-in), and the payment is made again from a fresh look at the check-in.
      if (attempt === 2 || (await this.#activePaymentAt(pos.id)) !== undefined) throw new PosError('payment_already_active');
    }
  }

  /**
   * Inserts a new payment with its idempotent answer; false, with nothing stored, when its PoS
   * already has an active payment (the partial unique index decides between racing initiates).
   */
  async #insertStarted(payment: Payment, answer?: AnswerWriter): Promise<boolean> {
    const { db } = this.deps;
    // A lone INSERT needs no transaction; on PostgreSQL the answer joins it in one statement,
    // sparing the BEGIN and COMMIT round trips.
    if (answer === undefined) return repo.insertPayment(db, payment);
    if (isPostgres(db)) return repo.insertPayment(db, payment, (insert) => answer.together(db, insert, payment.id));
    try {
      await db.transaction().execute(async (trx) => {
        if (!(await repo.insertPayment(trx, payment))) throw new TillOccupied();
        await answer(trx, payment.id);
      });
      return true;
    } catch (err) {
      if (err instanceof TillOccupied) return false;
      throw err;
    }
  }

  /** The PoS's active payment, expired first if due; undefined when none is active any more. */
  async #activePaymentAt(posId: string): Promise<Payment | undefined> {
    const active = await repo.findActivePaymentByPos(this.deps.db, posId);
    if (active === undefined) return undefined;
    const current = await this.#engine.expireIfDue(active);
    return isActiveStatus(current.status) ? current : undefined;
  }

  /** The active point of sale a beacon names (the app scans it), or 409 1000. */
  async #posAtBeacon(beaconId: string): Promise<PointOfSaleRow> {
    const pos = await this.deps.pointsOfSale.findActiveByBeacon(beaconId);
    if (pos === undefined) throw new PosError('pos_not_found', 'No active point of sale has this beaconId');
    return pos;
  }

  async #activePaymentAtBeacon(beaconId: string): Promise<Payment> {
    const found = await this.#activeAtBeacon(beaconId);
    if (found !== undefined) return found.payment;
    // No active payment: 409 1000 when the beacon names no active PoS either, else 409 1001.
    await this.#posAtBeacon(beaconId);
    throw new PosError('payment_not_found', 'The point of sale has no active payment');
  }

  /**
   * The active payment at the active PoS behind `beaconId`, expired first if due; undefined when
   * none is active (or no PoS is there). One query for the PoS and its payment: the PoS alone is
   * read only when there is no payment, to tell which error to give.
   */
  async #activeAtBeacon(beaconId: string): Promise<repo.PaymentAtBeacon | undefined> {
    const found = await repo.findActivePaymentByBeacon(this.deps.db, normalizeBeaconId(beaconId));
    if (found === undefined) return undefined;
    const current = await this.#engine.expireIfDue(found.payment);
    return isActiveStatus(current.status) ? { ...found, payment: current } : undefined;
  }

  /**
   * Stores `next` over `current` with the state check; when the payment stops occupying its PoS
   * with a customer on it (reserved, cancelled, expired) the customer's check-in ends too, in the
   * same atomic step (see `updatePaymentStateEndingCheckin`): the app leaves the till once the
   * payment is decided.
   */
  #store(current: Payment, next: Payment): Promise<boolean> {
    const endsCheckin = isActiveStatus(current.status) && !isActiveStatus(next.status) && current.customer !== null;
    return endsCheckin ? repo.updatePaymentStateEndingCheckin(this.deps.db, current, next) : repo.updatePaymentState(this.deps.db, current, next);
  }
}
