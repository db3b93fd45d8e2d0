/**
 * Payments and refunds in any status, reached through the real state machines, for the tests of
 * the payment domain. Time starts at T0 and moves only as the caller says.
 */
import type { Currency, MinorUnits } from '../../src/shared/money.ts';
import { newId } from '../../src/shared/random.ts';
import { TEST_USERS } from '../../src/sandbox/test-users.ts';
import {
  startPayment,
  transition,
  type Payment,
  type PaymentCustomer,
  type PaymentEvent,
  type PaymentId,
  type PaymentIdentity,
  type PaymentStatus,
  type PaymentTerms,
} from '../../src/pos/payments/payment.state.ts';
import { startRefund, transition as refundTransition, type Refund, type RefundId, type RefundStatus } from '../../src/pos/refunds/refund.state.ts';

export const T0 = new Date('2026-01-01T12:00:00.000Z');
/** A transition context `seconds` after T0. */
export const at = (seconds: number) => ({ now: new Date(T0.getTime() + seconds * 1000) });
export const minor = (n: number) => n as MinorUnits;

export const INTEGRATOR = 'integrator-1';
export const MERCHANT = 'merchant-1';

export const TERMS: PaymentTerms = {
  amount: minor(1250),
  currency: 'DKK',
  restrictions: { debitCardDisallowed: false, creditCardDisallowed: false },
  merchantPaymentLabel: 'Label',
  plannedCaptureDelay: 'None',
};

/** The customer of test user 5 (credit card, partial capture). */
const user = TEST_USERS[4]!;
export const CUSTOMER: PaymentCustomer = {
  phoneNumber: user.phoneNumber,
  customerToken: user.customerToken,
  customerReceiptToken: user.customerReceiptToken,
  loyaltyIds: user.loyaltyIds,
};

export function acceptBy(customer: PaymentCustomer, options: { cardType?: 'credit' | 'debit'; partialCapturePossible?: boolean } = {}) {
  return {
    type: 'accept',
    phoneNumber: customer.phoneNumber,
    cardType: options.cardType ?? 'credit',
    partialCapturePossible: options.partialCapturePossible ?? false,
  } as const satisfies PaymentEvent;
}

/** Fresh GUIDs for a payment on a point of sale of its own. */
export function newIdentity(overrides: Partial<Omit<PaymentIdentity, 'createdAt'>> = {}): Omit<PaymentIdentity, 'createdAt'> {
  return { id: newId() as PaymentId, integratorId: INTEGRATOR, merchantId: MERCHANT, posId: newId(), orderId: 'ORDER-1', ...overrides };
}

export interface PaymentOptions {
  identity?: Omit<PaymentIdentity, 'createdAt'>;
  terms?: PaymentTerms;
  /** Whether the accepting card allows partial capture (default false). */
  partialCapturePossible?: boolean;
}

/** A payment in `status`: started at T0, every later event one second apart. Captured for the full amount. */
export function paymentIn(status: PaymentStatus, options: PaymentOptions = {}): Payment {
  const identity = options.identity ?? newIdentity();
  const terms = options.terms ?? TERMS;
  const step = (p: Payment, e: PaymentEvent) => transition(p, e, at(1)).next;
  const prepared = () => startPayment(identity, { type: 'prepare', customer: null }, at(0));
  const initiated = () => startPayment(identity, { type: 'initiate', terms, customer: null }, at(0));
  const issued = () => startPayment(identity, { type: 'initiate', terms, customer: CUSTOMER }, at(0));
  const reserved = () => step(issued(), acceptBy(CUSTOMER, { partialCapturePossible: options.partialCapturePossible ?? false }));
  const restricted = { ...terms, restrictions: { debitCardDisallowed: false, creditCardDisallowed: true } };
  const byStatus: Record<PaymentStatus, () => Payment> = {
    Prepared: prepared,
    Paired: () => step(prepared(), { type: 'checkIn', customer: CUSTOMER }),
    Initiated: initiated,
    IssuedToUser: issued,
    Reserved: reserved,
    Captured: () => step(reserved(), { type: 'capture', amount: terms.amount }),
    CancelledByClient: () => step(prepared(), { type: 'clientCancel' }),
    CancelledByUser: () => step(issued(), { type: 'userCancel' }),
    CancelledByMobilePay: () => step(startPayment(identity, { type: 'initiate', terms: restricted, customer: CUSTOMER }, at(0)), acceptBy(CUSTOMER)),
    ExpiredAndCancelled: () => {
      const p = reserved();
      return transition(p, { type: 'expire' }, { now: new Date(p.expiresAt) }).next;
    },
  };
  return byStatus[status]();
}

/** A payment reserved for 12.50 DKK at T0 + 5 s and captured for `capturedAmount` at T0 + 10 s. */
export function capturedPayment(capturedAmount = 1000, identity: Omit<PaymentIdentity, 'createdAt'> = newIdentity()): Payment {
  const issued = startPayment(identity, { type: 'initiate', terms: TERMS, customer: CUSTOMER }, at(0));
  const reserved = transition(issued, acceptBy(CUSTOMER, { partialCapturePossible: true }), at(5)).next;
  return transition(reserved, { type: 'capture', amount: minor(capturedAmount) }, at(10)).next;
}

export function newRefund(paymentId: PaymentId, options: { amount?: number; currency?: Currency; refundOrderId?: string; id?: RefundId } = {}): Refund {
  return startRefund(
    {
      id: options.id ?? (newId() as RefundId),
      paymentId,
      integratorId: INTEGRATOR,
      merchantId: MERCHANT,
      refundOrderId: options.refundOrderId ?? 'REFUND-1',
      amount: minor(options.amount ?? 500),
      currency: options.currency ?? 'DKK',
    },
    at(20),
  );
}

/** A refund in `status`, started at T0 + 20 s. */
export function refundIn(status: RefundStatus, initiated: Refund): Refund {
  const reserved = () => refundTransition(initiated, { type: 'reserve' }, at(21)).next;
  const byStatus: Record<RefundStatus, () => Refund> = {
    Initiated: () => initiated,
    Reserved: reserved,
    Captured: () => refundTransition(reserved(), { type: 'capture' }, at(22)).next,
    CancelledByClient: () => refundTransition(reserved(), { type: 'cancel' }, at(22)).next,
    CancelledByMobilePay: () => refundTransition(initiated, { type: 'expire' }, { now: new Date(initiated.expiresAt) }).next,
    ExpiredAndCaptured: () => {
      const r = reserved();
      return refundTransition(r, { type: 'expire' }, { now: new Date(r.expiresAt) }).next;
    },
  };
  return byStatus[status]();
}
