import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PosError } from '../../src/pos/pos.errors.ts';
import {
  COUNTED_REFUND_STATUSES,
  FINAL_REFUND_STATUSES,
  REFUND_EVENT_TYPES,
  REFUND_RESERVATION_LIFETIME_SECONDS,
  REFUND_STATUSES,
  REFUND_WINDOW_SECONDS,
  refundRuleViolation,
  transition,
  type RefundEventType,
  type RefundStatus,
} from '../../src/pos/refunds/refund.state.ts';
import { at, capturedPayment, minor, newIdentity, newRefund, paymentIn, refundIn as refundInFixture } from './payment.fixtures.ts';

/** The API code of the refund rule a request breaks, if any. */
function violationCode(...args: Parameters<typeof refundRuleViolation>): string | null | undefined {
  const violation = refundRuleViolation(...args);
  return violation === undefined ? undefined : new PosError(violation).code;
}

const refundIn = (status: RefundStatus) => refundInFixture(status, newRefund(newIdentity().id));

// 'same-status': stored with the status kept (sandbox time moves only the deadline).
type Outcome = RefundStatus | 'same' | 'same-status' | `${number}`;
const TABLE: Record<RefundStatus, Record<RefundEventType, Outcome>> = {
  Initiated: { reserve: 'Reserved', capture: '1351', cancel: 'CancelledByClient', expire: 'CancelledByMobilePay', elapse: 'same-status' },
  Reserved: { reserve: 'same', capture: 'Captured', cancel: 'CancelledByClient', expire: 'ExpiredAndCaptured', elapse: 'same-status' },
  Captured: { reserve: '1099', capture: 'same', cancel: '1352', expire: 'same', elapse: '1352' },
  CancelledByClient: { reserve: '1099', capture: '1351', cancel: 'same', expire: 'same', elapse: '1352' },
  CancelledByMobilePay: { reserve: '1099', capture: '1351', cancel: 'same', expire: 'same', elapse: '1352' },
  ExpiredAndCaptured: { reserve: '1099', capture: 'same', cancel: '1352', expire: 'same', elapse: '1352' },
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
        assert.throws(
          () => transition(refund, type === 'elapse' ? { type, seconds: null } : { type }, ctx),
          (err: unknown) => err instanceof PosError && err.code === expected,
        );
        return;
      }
      const result = transition(refund, type === 'elapse' ? { type, seconds: null } : { type }, ctx);
      if (expected === 'same') {
        assert.equal(result.changed, false);
        assert.equal(result.next, refund);
      } else {
        assert.equal(result.changed, true);
        assert.equal(result.next.status, expected === 'same-status' ? status : expected);
        assert.equal(result.next.version, refund.version + 1);
        assert.equal(result.next.amount, refund.amount);
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

test('allows refunds up to the captured amount, not the reserved one', () => {
  const payment = capturedPayment();
  const dkk = (amount: number) => ({ amount: minor(amount), currency: 'DKK' as const });
  assert.equal(refundRuleViolation(payment, 0, dkk(1000), at(20).now), undefined);
  assert.equal(refundRuleViolation(payment, 600, dkk(400), at(20).now), undefined);
  assert.equal(refundRuleViolation(payment, 600, dkk(401), at(20).now), 'refund_amount_too_high');
  assert.equal(refundRuleViolation(payment, 0, dkk(1001), at(20).now), 'refund_amount_too_high');
});

test('refuses a refund of a payment that is not captured (1354)', () => {
  assert.equal(violationCode(paymentIn('Reserved'), 0, { amount: minor(1), currency: 'DKK' }, at(1).now), '1354');
});

test('refuses a refund in another currency (1365)', () => {
  assert.equal(violationCode(capturedPayment(), 0, { amount: minor(100), currency: 'EUR' }, at(20).now), '1365');
});

// payment-flows/refunds.md: "A payment can be refunded up to 90 days after the payment was captured."
test('allows a refund exactly 90 days after capture and refuses one a second later (1366)', () => {
  assert.equal(REFUND_WINDOW_SECONDS, 90 * 24 * 3600);
  const payment = capturedPayment();
  const request = { amount: minor(100), currency: 'DKK' as const };
  assert.equal(refundRuleViolation(payment, 0, request, at(10 + REFUND_WINDOW_SECONDS).now), undefined);
  assert.equal(violationCode(payment, 0, request, at(11 + REFUND_WINDOW_SECONDS).now), '1366');
});

test('refuses a refund that would take the total above the captured amount (1367)', () => {
  assert.equal(violationCode(capturedPayment(), 900, { amount: minor(101), currency: 'DKK' }, at(20).now), '1367');
});
