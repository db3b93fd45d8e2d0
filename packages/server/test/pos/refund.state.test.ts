import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MinorUnits } from '../../src/shared/money.ts';
import { PosError } from '../../src/pos/pos.errors.ts';
import { startPayment, transition as paymentTransition, type Payment, type PaymentId } from '../../src/pos/payments/payment.state.ts';
import {
  COUNTED_REFUND_STATUSES,
  FINAL_REFUND_STATUSES,
  REFUND_EVENT_TYPES,
  REFUND_RESERVATION_LIFETIME_SECONDS,
  REFUND_STATUSES,
  REFUND_WINDOW_SECONDS,
  assertRefundAllowed,
  refundRuleViolation,
  startRefund,
  transition,
  type Refund,
  type RefundEventType,
  type RefundId,
  type RefundStatus,
} from '../../src/pos/refunds/refund.state.ts';

const T0 = new Date('2026-01-01T12:00:00.000Z');
const at = (seconds: number) => ({ now: new Date(T0.getTime() + seconds * 1000) });
const minor = (n: number) => n as MinorUnits;

const identity = {
  id: 'r-1' as RefundId,
  paymentId: 'p-1' as PaymentId,
  integratorId: 'i-1',
  merchantId: 'm-1',
  refundOrderId: 'REFUND-1',
  amount: minor(500),
  currency: 'DKK' as const,
};

function refundIn(status: RefundStatus): Refund {
  const initiated = startRefund(identity, at(0));
  const reserved = transition(initiated, { type: 'reserve' }, at(1)).refund;
  switch (status) {
    case 'Initiated':
      return initiated;
    case 'Reserved':
      return reserved;
    case 'Captured':
      return transition(reserved, { type: 'capture' }, at(2)).refund;
    case 'CancelledByClient':
      return transition(reserved, { type: 'cancel' }, at(2)).refund;
    case 'CancelledByMobilePay':
      return transition(initiated, { type: 'expire' }, { now: new Date(initiated.expiresAt) }).refund;
    case 'ExpiredAndCaptured':
      return transition(reserved, { type: 'expire' }, { now: new Date(reserved.expiresAt) }).refund;
  }
}

type Outcome = RefundStatus | 'same' | `${number}`;
const TABLE: Record<RefundStatus, Record<RefundEventType, Outcome>> = {
  Initiated: { reserve: 'Reserved', capture: '1351', cancel: 'CancelledByClient', expire: 'CancelledByMobilePay' },
  Reserved: { reserve: 'same', capture: 'Captured', cancel: 'CancelledByClient', expire: 'ExpiredAndCaptured' },
  Captured: { reserve: '1099', capture: 'same', cancel: '1352', expire: 'same' },
  CancelledByClient: { reserve: '1099', capture: '1351', cancel: 'same', expire: 'same' },
  CancelledByMobilePay: { reserve: '1099', capture: '1351', cancel: 'same', expire: 'same' },
  ExpiredAndCaptured: { reserve: '1099', capture: 'same', cancel: '1352', expire: 'same' },
};

for (const status of REFUND_STATUSES) {
  for (const type of REFUND_EVENT_TYPES) {
    const expected = TABLE[status][type];
    test(`refund ${status} + ${type} → ${expected}`, () => {
      const refund = refundIn(status);
      assert.equal(refund.status, status);
      // Events other than expire run before any deadline; expire runs well after every deadline.
      const ctx = type === 'expire' ? at(REFUND_RESERVATION_LIFETIME_SECONDS * 2) : at(3);
      if (/^\d+$/.test(expected)) {
        assert.throws(() => transition(refund, { type }, ctx), (err: unknown) => err instanceof PosError && err.code === expected);
        return;
      }
      const result = transition(refund, { type }, ctx);
      if (expected === 'same') {
        assert.equal(result.changed, false);
        assert.equal(result.refund, refund);
      } else {
        assert.equal(result.changed, true);
        assert.equal(result.refund.status, expected);
        assert.equal(result.refund.version, refund.version + 1);
        assert.equal(result.refund.amount, refund.amount);
      }
    });
  }
}

test('a reserved refund does not expire before its deadline', () => {
  const reserved = refundIn('Reserved');
  assert.equal(transition(reserved, { type: 'expire' }, { now: new Date(Date.parse(reserved.expiresAt) - 1) }).changed, false);
});

test('counted statuses are exactly the ones not cancelled', () => {
  assert.deepEqual([...COUNTED_REFUND_STATUSES].sort(), REFUND_STATUSES.filter((s) => !s.startsWith('Cancelled')).sort());
  assert.deepEqual([...FINAL_REFUND_STATUSES].sort(), ['CancelledByClient', 'CancelledByMobilePay', 'Captured', 'ExpiredAndCaptured']);
});

// A payment captured at T0 + 10 s for 10.00 of 12.50 DKK.
function capturedPayment(): Payment {
  const terms = { amount: minor(1250), currency: 'DKK' as const, restrictions: null, merchantPaymentLabel: null, plannedCaptureDelay: 'None' as const };
  const customer = { phoneNumber: '+4520031805', customerToken: 'c', customerReceiptToken: 'r', loyaltyIds: [] };
  const issued = startPayment({ id: 'p-1' as PaymentId, integratorId: 'i-1', merchantId: 'm-1', posId: 'pos-1', orderId: 'O' }, { type: 'initiate', terms, customer }, at(0));
  const reserved = paymentTransition(issued, { type: 'accept', phoneNumber: customer.phoneNumber, cardType: 'credit', partialCapturePossible: true }, at(5)).payment;
  return paymentTransition(reserved, { type: 'capture', amount: minor(1000) }, at(10)).payment;
}

test('allows refunds up to the captured amount, not the reserved one', () => {
  const payment = capturedPayment();
  const dkk = (amount: number) => ({ amount: minor(amount), currency: 'DKK' as const });
  assert.equal(refundRuleViolation(payment, 0, dkk(1000), at(20).now), undefined);
  assert.equal(refundRuleViolation(payment, 600, dkk(400), at(20).now), undefined);
  assert.equal(refundRuleViolation(payment, 600, dkk(401), at(20).now), 'refund_amount_too_high');
  assert.equal(refundRuleViolation(payment, 0, dkk(1001), at(20).now), 'refund_amount_too_high');
});

test('refuses a refund of a payment that is not captured (1354)', () => {
  const terms = { amount: minor(1250), currency: 'DKK' as const, restrictions: null, merchantPaymentLabel: null, plannedCaptureDelay: 'None' as const };
  const initiated = startPayment({ id: 'p-2' as PaymentId, integratorId: 'i', merchantId: 'm', posId: 'pos', orderId: 'O' }, { type: 'initiate', terms, customer: null }, at(0));
  assert.throws(() => assertRefundAllowed(initiated, 0, { amount: minor(1), currency: 'DKK' }, at(1).now), { code: '1354' });
});

test('refuses a refund in another currency (1365)', () => {
  assert.throws(() => assertRefundAllowed(capturedPayment(), 0, { amount: minor(100), currency: 'EUR' }, at(20).now), { code: '1365' });
});

test('allows a refund exactly 30 days after capture and refuses one a second later (1366)', () => {
  const payment = capturedPayment();
  const request = { amount: minor(100), currency: 'DKK' as const };
  assert.equal(refundRuleViolation(payment, 0, request, at(10 + REFUND_WINDOW_SECONDS).now), undefined);
  assert.throws(() => assertRefundAllowed(payment, 0, request, at(11 + REFUND_WINDOW_SECONDS).now), { code: '1366' });
});

test('refuses a refund that would take the total above the captured amount (1367)', () => {
  assert.throws(() => assertRefundAllowed(capturedPayment(), 900, { amount: minor(101), currency: 'DKK' }, at(20).now), { code: '1367' });
});
