/**
 * A payment's life, in one place. `startPayment` gives a new payment its first state and
 * `transition` is the only function that moves it on; no other code assigns `status`. Both are
 * pure: they read the time from `ctx.now` and return a new payment (the state-change engine stores
 * it with a state check, see `state-change/state-change.engine.ts`).
 *
 * ```
 * prepare ─► Prepared ─checkIn─► Paired ─ready─► IssuedToUser ─accept─► Reserved ─capture─► Captured
 *               └──────ready──────► Initiated ─checkIn─┘   └─accept (card restricted)─► CancelledByMobilePay
 * initiate ─► Initiated, or IssuedToUser when a customer is checked in
 * any unfinished state ─clientCancel─► CancelledByClient
 * Paired, IssuedToUser ─userCancel─► CancelledByUser
 * Prepared, Paired, Initiated, IssuedToUser ─expire (inactive 15 min)─► CancelledByMobilePay
 * Reserved ─expire (7 days)─► ExpiredAndCancelled   (the only way into ExpiredAndCancelled)
 * ```
 *
 * @see reference/pos-v10.openapi.yaml, description "Payment flows", QueryPaymentResponse.status
 * @see mobilepay-docs-pos/payment-flows/payment-flow.md "Payment States", cancel-flows.md
 */
import type { Currency, MinorUnits } from '../../shared/money.ts';
import type { CardType, Customer } from '../customer.ts';
import { PosError } from '../pos.errors.ts';
import { addSeconds, isDue, type ElapseEvent, type Transition, type TransitionContext } from '../state-change/transition.ts';

export type PaymentId = string & { readonly __brand: 'PaymentId' };

/** Every status of the contract's QueryPaymentResponse.status, in its order. */
export const PAYMENT_STATUSES = [
  'Prepared',
  'Initiated',
  'Paired',
  'IssuedToUser',
  'Reserved',
  'CancelledByUser',
  'CancelledByClient',
  'CancelledByMobilePay',
  'ExpiredAndCancelled',
  'Captured',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * Statuses that occupy the point of sale: at most one payment per PoS may be in one of them
 * (409 1301; `payments_active_pos_uq` enforces it in the database too). A Reserved payment no
 * longer occupies the PoS: a reservation lives 7 days, and a till must take new payments while
 * earlier reservations wait for capture.
 */
export const ACTIVE_PAYMENT_STATUSES = ['Prepared', 'Paired', 'Initiated', 'IssuedToUser'] as const satisfies readonly PaymentStatus[];
export type ActivePaymentStatus = (typeof ACTIVE_PAYMENT_STATUSES)[number];

/** What `GET /payments` lists when no state is given: "active and reserved payments". */
export const LISTED_PAYMENT_STATUSES = [...ACTIVE_PAYMENT_STATUSES, 'Reserved'] as const satisfies readonly PaymentStatus[];

/** Statuses no event changes any more. */
export const FINAL_PAYMENT_STATUSES = [
  'Captured',
  'CancelledByClient',
  'CancelledByUser',
  'CancelledByMobilePay',
  'ExpiredAndCancelled',
] as const satisfies readonly PaymentStatus[];
export type FinalPaymentStatus = (typeof FINAL_PAYMENT_STATUSES)[number];

export function isActiveStatus(status: PaymentStatus): status is ActivePaymentStatus {
  return (ACTIVE_PAYMENT_STATUSES as readonly PaymentStatus[]).includes(status);
}

export function isFinalStatus(status: PaymentStatus): status is FinalPaymentStatus {
  return (FINAL_PAYMENT_STATUSES as readonly PaymentStatus[]).includes(status);
}

export const PLANNED_CAPTURE_DELAYS = ['None', 'LessThan24Hours', 'LessThan14Days'] as const;
export type PlannedCaptureDelay = (typeof PLANNED_CAPTURE_DELAYS)[number];

/**
 * How long a payment that no customer has accepted yet may stay inactive before MobilePay cancels
 * it (CancelledByMobilePay): from prepare/initiate, and again from ready. The pages say only
 * "inactive for too long"; 15 minutes covers a customer at a till or a table without leaving a PoS
 * blocked for long.
 */
export const UNRESERVED_LIFETIME_SECONDS = 15 * 60;

/**
 * How long a reservation waits for capture or cancel before it ends ExpiredAndCancelled: 7 days,
 * whatever `plannedCaptureDelay` says (the docs use the delay only to tell MobilePay Support what
 * to expect; best-practices.md "Specify planned capture delay").
 * @see mobilepay-docs-pos/payment-flows/payment-flow.md "the lifetime of the reservation which is 7 days"
 */
export const RESERVATION_LIFETIME_SECONDS = 7 * 24 * 3600;

/** The contract's PaymentRestrictions; a null field means "no restriction". */
export interface PaymentRestrictions {
  readonly debitCardDisallowed: boolean | null;
  readonly creditCardDisallowed: boolean | null;
}

/** What a payment asks for: given at initiate, or at ready for a prepared payment. */
export interface PaymentTerms {
  readonly amount: MinorUnits;
  readonly currency: Currency;
  readonly restrictions: PaymentRestrictions | null;
  readonly merchantPaymentLabel: string | null;
  readonly plannedCaptureDelay: PlannedCaptureDelay;
}

/** The customer a payment is paired with or issued to: a checked-in app user, as the check-in recorded them. */
export type PaymentCustomer = Customer;

/** What never changes after creation. */
export interface PaymentIdentity {
  readonly id: PaymentId;
  readonly integratorId: string;
  readonly merchantId: string;
  readonly posId: string;
  readonly orderId: string;
  readonly createdAt: string;
}

/** Each status with exactly the data it has: a Prepared payment has no amount, a Reserved one has a customer. */
export type PaymentState =
  | { readonly status: 'Prepared'; readonly terms: null; readonly customer: null }
  | { readonly status: 'Paired'; readonly terms: null; readonly customer: PaymentCustomer }
  | { readonly status: 'Initiated'; readonly terms: PaymentTerms; readonly customer: null }
  | { readonly status: 'IssuedToUser'; readonly terms: PaymentTerms; readonly customer: PaymentCustomer }
  | {
      readonly status: 'Reserved';
      readonly terms: PaymentTerms;
      readonly customer: PaymentCustomer;
      readonly partialCapturePossible: boolean;
      readonly reservedAt: string;
    }
  | {
      readonly status: 'Captured';
      readonly terms: PaymentTerms;
      readonly customer: PaymentCustomer;
      readonly reservedAt: string;
      readonly capturedAmount: MinorUnits;
      readonly capturedAt: string;
    }
  | {
      readonly status: 'CancelledByClient' | 'CancelledByUser' | 'CancelledByMobilePay' | 'ExpiredAndCancelled';
      readonly terms: PaymentTerms | null;
      readonly customer: PaymentCustomer | null;
      readonly cancelledAt: string;
    };

/**
 * A payment: identity, its current state, when it expires (the contract's `paymentExpiresAt`,
 * kept as it was once the payment is final), and `version`, which rises by one with every change
 * so that a stored update can check it has not been overtaken.
 */
export type Payment = PaymentIdentity & PaymentState & { readonly expiresAt: string; readonly updatedAt: string; readonly version: number };

/** How a new payment starts (POST /payments or POST /payments/prepare). */
export type StartEvent =
  | { readonly type: 'initiate'; readonly terms: PaymentTerms; readonly customer: PaymentCustomer | null }
  | { readonly type: 'prepare'; readonly customer: PaymentCustomer | null };

export type PaymentEvent =
  /** A customer checked in at the PoS: pairs a Prepared payment, issues an Initiated one. */
  | { readonly type: 'checkIn'; readonly customer: PaymentCustomer }
  /** POST /payments/{id}/ready: a Prepared or Paired payment gets its terms. */
  | { readonly type: 'ready'; readonly terms: PaymentTerms }
  /** The customer accepts in the app; their card decides whether the reservation succeeds. */
  | { readonly type: 'accept'; readonly phoneNumber: string; readonly cardType: CardType; readonly partialCapturePossible: boolean }
  /** The customer cancels in the app. */
  | { readonly type: 'userCancel' }
  /** POST /payments/{id}/cancel. */
  | { readonly type: 'clientCancel' }
  /** POST /payments/{id}/capture. */
  | { readonly type: 'capture'; readonly amount: MinorUnits }
  /** Time passed: ends the payment if `ctx.now` is at or after `expiresAt`, else changes nothing. */
  | { readonly type: 'expire' }
  /** Sandbox time: timestamps move, nothing else (see `elapse` below). */
  | ElapseEvent;

export type PaymentEventType = PaymentEvent['type'];
export const PAYMENT_EVENT_TYPES = [
  'checkIn',
  'ready',
  'accept',
  'userCancel',
  'clientCancel',
  'capture',
  'expire',
  'elapse',
] as const satisfies readonly PaymentEventType[];

/**
 * The first state of a new payment: `initiate` gives Initiated, or IssuedToUser when a customer
 * is already checked in at the PoS; `prepare` gives Prepared, or Paired likewise.
 *
 * @example startPayment({ id, integratorId, merchantId, posId, orderId }, { type: 'initiate', terms, customer: null }, { now })
 */
export function startPayment(identity: Omit<PaymentIdentity, 'createdAt'>, event: StartEvent, ctx: TransitionContext): Payment {
  const at = ctx.now.toISOString();
  const base = { ...identity, createdAt: at, updatedAt: at, version: 1, expiresAt: addSeconds(ctx.now, UNRESERVED_LIFETIME_SECONDS) };
  if (event.type === 'prepare') {
    return event.customer === null
      ? { ...base, status: 'Prepared', terms: null, customer: null }
      : { ...base, status: 'Paired', terms: null, customer: event.customer };
  }
  return event.customer === null
    ? { ...base, status: 'Initiated', terms: event.terms, customer: null }
    : { ...base, status: 'IssuedToUser', terms: event.terms, customer: event.customer };
}

/** Whether a card of this type may pay under these restrictions. */
export function cardAllowed(restrictions: PaymentRestrictions | null, cardType: CardType): boolean {
  if (restrictions === null) return true;
  return cardType === 'debit' ? restrictions.debitCardDisallowed !== true : restrictions.creditCardDisallowed !== true;
}

/**
 * Applies `event` to `payment`. Throws `PosError` when the event is not allowed in the payment's
 * status (the contract's 409 codes; user-simulation events the app could not send get 1099).
 *
 * @example
 * const { next, changed } = transition(payment, { type: 'capture', amount: 1250 as MinorUnits }, { now: clock.now() });
 * // changed: store `next` only if `payment` is still what is stored (StateChangeEngine does so)
 */
export function transition(payment: Payment, event: PaymentEvent, ctx: TransitionContext): Transition<Payment> {
  const at = ctx.now.toISOString();
  const moved = (state: PaymentState, expiresAt: string = payment.expiresAt): Transition<Payment> => ({
    next: { ...identityOf(payment), ...state, expiresAt, updatedAt: at, version: payment.version + 1 },
    changed: true,
  });
  const same: Transition<Payment> = { next: payment, changed: false };

  switch (event.type) {
    case 'checkIn':
      if (payment.status === 'Prepared') return moved({ status: 'Paired', terms: null, customer: event.customer });
      if (payment.status === 'Initiated') return moved({ status: 'IssuedToUser', terms: payment.terms, customer: event.customer });
      // The app retrying a check-in that already took effect changes nothing.
      if ((payment.status === 'Paired' || payment.status === 'IssuedToUser') && payment.customer.phoneNumber === event.customer.phoneNumber) return same;
      throw new PosError('bad_request', `A customer cannot check in to a payment that is ${payment.status}`);

    case 'ready':
      // Ready starts the customer's time to accept afresh: the payment is only now payable.
      if (payment.status === 'Prepared') {
        return moved({ status: 'Initiated', terms: event.terms, customer: null }, addSeconds(ctx.now, UNRESERVED_LIFETIME_SECONDS));
      }
      if (payment.status === 'Paired') {
        return moved({ status: 'IssuedToUser', terms: event.terms, customer: payment.customer }, addSeconds(ctx.now, UNRESERVED_LIFETIME_SECONDS));
      }
      throw new PosError('payment_not_prepared');

    case 'accept': {
      if (payment.status !== 'IssuedToUser') throw new PosError('bad_request', `There is no payment issued to the user (it is ${payment.status})`);
      if (payment.customer.phoneNumber !== event.phoneNumber) throw new PosError('bad_request', 'The payment was issued to another user');
      if (!cardAllowed(payment.terms.restrictions, event.cardType)) {
        return moved({ status: 'CancelledByMobilePay', terms: payment.terms, customer: payment.customer, cancelledAt: at });
      }
      return moved(
        { status: 'Reserved', terms: payment.terms, customer: payment.customer, partialCapturePossible: event.partialCapturePossible, reservedAt: at },
        addSeconds(ctx.now, RESERVATION_LIFETIME_SECONDS),
      );
    }

    // Only a customer the payment was paired with or issued to can cancel it (cancel-flows.md).
    case 'userCancel':
      if (payment.status === 'Paired' || payment.status === 'IssuedToUser') {
        return moved({ status: 'CancelledByUser', terms: payment.terms, customer: payment.customer, cancelledAt: at });
      }
      throw new PosError('bad_request', `The user cannot cancel a payment that is ${payment.status}`);

    case 'clientCancel':
      switch (payment.status) {
        // "Cancellable by the client until the state has changed to Captured or ExpiredAndCancelled" (cancel-flows.md).
        case 'Captured':
        case 'ExpiredAndCancelled':
          throw new PosError('payment_cannot_be_cancelled');
        // Cancelled by someone: the client's intent holds, so a cancel succeeds and changes
        // nothing (a retried cancel must not turn into an error). The pages are silent here.
        case 'CancelledByClient':
        case 'CancelledByUser':
        case 'CancelledByMobilePay':
          return same;
        default:
          return moved({ status: 'CancelledByClient', terms: payment.terms, customer: payment.customer, cancelledAt: at });
      }

    case 'capture':
      if (payment.status === 'Captured') {
        if (payment.capturedAmount === event.amount) return same;
        throw new PosError('captured_with_other_amount');
      }
      if (payment.status !== 'Reserved') throw new PosError('payment_not_reserved');
      if (event.amount > payment.terms.amount) throw new PosError('capture_above_reserved');
      if (event.amount < payment.terms.amount && !payment.partialCapturePossible) throw new PosError('partial_capture_not_possible');
      return moved({
        status: 'Captured',
        terms: payment.terms,
        customer: payment.customer,
        reservedAt: payment.reservedAt,
        capturedAmount: event.amount,
        capturedAt: at,
      });

    case 'expire':
      if (isFinalStatus(payment.status) || !isDue(payment.expiresAt, ctx.now)) return same;
      // An unaccepted payment inactive too long is cancelled by MobilePay; only a reservation expires.
      if (payment.status !== 'Reserved') return moved({ status: 'CancelledByMobilePay', terms: payment.terms, customer: payment.customer, cancelledAt: at });
      return moved({ status: 'ExpiredAndCancelled', terms: payment.terms, customer: payment.customer, cancelledAt: at });

    case 'elapse':
      return elapse(payment, event.seconds, ctx, moved);
  }
}

/**
 * Sandbox time for one payment: an unfinished one's deadline comes `seconds` nearer (or is now);
 * a captured one's capture moves `seconds` into the past, for the refund window. Anything else
 * finished has no clock left: 409 1300, the code for "this payment's life is over" that the client's
 * cancel of a captured or expired payment gets too.
 */
function elapse(payment: Payment, seconds: number | null, ctx: TransitionContext, moved: (s: PaymentState, expiresAt?: string) => Transition<Payment>) {
  if (!isFinalStatus(payment.status)) {
    const deadline = seconds === null ? ctx.now.toISOString() : addSeconds(new Date(payment.expiresAt), -seconds);
    return moved(payment, deadline);
  }
  if (payment.status === 'Captured' && seconds !== null) {
    return moved({
      ...payment,
      reservedAt: addSeconds(new Date(payment.reservedAt), -seconds),
      capturedAt: addSeconds(new Date(payment.capturedAt), -seconds),
    });
  }
  throw new PosError('payment_cannot_be_cancelled', `The payment is ${payment.status}: there is no lifetime left to elapse`);
}

function identityOf(p: Payment): PaymentIdentity {
  return { id: p.id, integratorId: p.integratorId, merchantId: p.merchantId, posId: p.posId, orderId: p.orderId, createdAt: p.createdAt };
}
