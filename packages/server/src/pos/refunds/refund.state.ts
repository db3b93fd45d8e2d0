/**
 * A refund's life and the rules for creating one. `startRefund` gives a new refund its first
 * state and `transition` is the only function that moves it on; no other code assigns `status`.
 *
 * ```
 * Initiated ─reserve─► Reserved ─capture─► Captured
 *     │                   ├─cancel─► CancelledByClient
 *     │                   └─expire─► ExpiredAndCaptured   (an unclaimed refund still reaches the customer)
 *     ├─cancel─► CancelledByClient
 *     └─expire─► CancelledByMobilePay
 * ```
 *
 * @see reference/pos-v10.openapi.yaml, components.schemas.RefundState
 */
import type { Currency, MinorUnits } from '../../shared/money.ts';
import { PosError, type PosErrorName } from '../pos.errors.ts';
import type { Payment, PaymentId } from '../payments/payment.state.ts';
import { addSeconds, isDue, type ElapseEvent, type Transition, type TransitionContext } from '../state-change/transition.ts';

export type RefundId = string & { readonly __brand: 'RefundId' };

/** The contract's RefundState, in its order. */
export const REFUND_STATUSES = ['Initiated', 'Reserved', 'Captured', 'CancelledByClient', 'CancelledByMobilePay', 'ExpiredAndCaptured'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const FINAL_REFUND_STATUSES = ['Captured', 'CancelledByClient', 'CancelledByMobilePay', 'ExpiredAndCaptured'] as const satisfies readonly RefundStatus[];

/** Refunds whose amount counts against the captured amount: every one not cancelled. */
export const COUNTED_REFUND_STATUSES = ['Initiated', 'Reserved', 'Captured', 'ExpiredAndCaptured'] as const satisfies readonly RefundStatus[];

/** How long a refund may stay Initiated before MobilePay gives up on it. */
export const REFUND_INITIATED_LIFETIME_SECONDS = 15 * 60;
/** How long a reserved refund waits for capture or cancel; then it is captured anyway (ExpiredAndCaptured). */
export const REFUND_RESERVATION_LIFETIME_SECONDS = 24 * 3600;
/**
 * A payment can be refunded until this long after its capture (1366).
 * @see mobilepay-docs-pos/payment-flows/refunds.md "up to 90 days after the payment was captured"
 */
export const REFUND_WINDOW_SECONDS = 90 * 24 * 3600;

export interface RefundIdentity {
  readonly id: RefundId;
  readonly paymentId: PaymentId;
  readonly integratorId: string;
  readonly merchantId: string;
  readonly refundOrderId: string;
  readonly amount: MinorUnits;
  readonly currency: Currency;
  readonly createdAt: string;
}

export type RefundState =
  | { readonly status: 'Initiated' }
  | { readonly status: 'Reserved'; readonly reservedAt: string }
  | { readonly status: 'Captured' | 'ExpiredAndCaptured'; readonly reservedAt: string; readonly capturedAt: string }
  | { readonly status: 'CancelledByClient' | 'CancelledByMobilePay'; readonly cancelledAt: string };

/** A refund: identity, state, its deadline, and a `version` that rises with every change. */
export type Refund = RefundIdentity & RefundState & { readonly expiresAt: string; readonly updatedAt: string; readonly version: number };

export type RefundEvent =
  /** MobilePay has reserved the money for the customer (the sandbox does so at once). */
  | { readonly type: 'reserve' }
  /** POST /refunds/{id}/capture. */
  | { readonly type: 'capture' }
  /** POST /refunds/{id}/cancel. */
  | { readonly type: 'cancel' }
  /** Time passed: acts only at or after `expiresAt`. */
  | { readonly type: 'expire' }
  /** Sandbox time: the refund's deadline comes `seconds` nearer, or is now when null; `expire` then acts. */
  | ElapseEvent;

export type RefundEventType = RefundEvent['type'];
export const REFUND_EVENT_TYPES = ['reserve', 'capture', 'cancel', 'expire', 'elapse'] as const satisfies readonly RefundEventType[];

/** A new refund, Initiated. Check `refundRuleViolation` first (inside the payment's lock). */
export function startRefund(identity: Omit<RefundIdentity, 'createdAt'>, ctx: TransitionContext): Refund {
  const at = ctx.now.toISOString();
  return { ...identity, createdAt: at, status: 'Initiated', expiresAt: addSeconds(ctx.now, REFUND_INITIATED_LIFETIME_SECONDS), updatedAt: at, version: 1 };
}

/**
 * Applies `event` to `refund`; throws `PosError` 1351 (capture of a refund that is not reserved)
 * or 1352 (cancel of a refund already paid out), and 1099 for a reserve it cannot take.
 */
export function transition(refund: Refund, event: RefundEvent, ctx: TransitionContext): Transition<Refund> {
  const at = ctx.now.toISOString();
  const identity: RefundIdentity = {
    id: refund.id,
    paymentId: refund.paymentId,
    integratorId: refund.integratorId,
    merchantId: refund.merchantId,
    refundOrderId: refund.refundOrderId,
    amount: refund.amount,
    currency: refund.currency,
    createdAt: refund.createdAt,
  };
  const moved = (state: RefundState, expiresAt: string = refund.expiresAt): Transition<Refund> => ({
    next: { ...identity, ...state, expiresAt, updatedAt: at, version: refund.version + 1 },
    changed: true,
  });
  const same: Transition<Refund> = { next: refund, changed: false };

  switch (event.type) {
    case 'reserve':
      if (refund.status === 'Initiated') return moved({ status: 'Reserved', reservedAt: at }, addSeconds(ctx.now, REFUND_RESERVATION_LIFETIME_SECONDS));
      if (refund.status === 'Reserved') return same;
      throw new PosError('bad_request', `A refund that is ${refund.status} cannot be reserved`);

    case 'capture':
      if (refund.status === 'Reserved') return moved({ status: 'Captured', reservedAt: refund.reservedAt, capturedAt: at });
      // Already paid out: a retried capture succeeds.
      if (refund.status === 'Captured' || refund.status === 'ExpiredAndCaptured') return same;
      throw new PosError('refund_not_reserved');

    case 'cancel':
      if (refund.status === 'Initiated' || refund.status === 'Reserved') return moved({ status: 'CancelledByClient', cancelledAt: at });
      if (refund.status === 'CancelledByClient' || refund.status === 'CancelledByMobilePay') return same;
      throw new PosError('refund_cannot_be_cancelled');

    case 'expire':
      if (!isDue(refund.expiresAt, ctx.now)) return same;
      if (refund.status === 'Initiated') return moved({ status: 'CancelledByMobilePay', cancelledAt: at });
      if (refund.status === 'Reserved') return moved({ status: 'ExpiredAndCaptured', reservedAt: refund.reservedAt, capturedAt: at });
      return same;

    case 'elapse':
      // A finished refund has no lifetime left: 1352, the refund's "its life is over" code.
      if (refund.status !== 'Initiated' && refund.status !== 'Reserved') {
        throw new PosError('refund_cannot_be_cancelled', `The refund is ${refund.status}: there is no lifetime left to elapse`);
      }
      return moved(refund, event.seconds === null ? at : addSeconds(new Date(refund.expiresAt), -event.seconds));
  }
}

export type RefundRuleError = Extract<
  PosErrorName,
  'payment_not_captured' | 'refund_currency_differs' | 'payment_too_old_to_refund' | 'refund_amount_too_high'
>;

/**
 * Why a refund of `request` on `payment` is not allowed, or undefined when it is. `refundedSoFar`
 * is the sum of the payment's counted refunds (see `COUNTED_REFUND_STATUSES`); read it under the
 * payment's lock so two refunds cannot both fit (`insertRefundWithinCaptured`).
 * Checked in the order a client would fix them: 1354, 1365, 1366, 1367.
 */
export function refundRuleViolation(
  payment: Payment,
  refundedSoFar: number,
  request: { readonly amount: MinorUnits; readonly currency: Currency },
  now: Date,
): RefundRuleError | undefined {
  if (payment.status !== 'Captured') return 'payment_not_captured';
  if (payment.terms.currency !== request.currency) return 'refund_currency_differs';
  if (now.getTime() - Date.parse(payment.capturedAt) > REFUND_WINDOW_SECONDS * 1000) return 'payment_too_old_to_refund';
  if (refundedSoFar + request.amount > payment.capturedAmount) return 'refund_amount_too_high';
  return undefined;
}
