import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PosError } from '../../src/pos/pos.errors.ts';
import {
  ACTIVE_PAYMENT_STATUSES,
  FINAL_PAYMENT_STATUSES,
  LISTED_PAYMENT_STATUSES,
  PAYMENT_EVENT_TYPES,
  PAYMENT_STATUSES,
  RESERVATION_LIFETIME_SECONDS,
  UNRESERVED_LIFETIME_SECONDS,
  startPayment,
  transition,
  type PaymentEvent,
  type PaymentEventType,
  type PaymentStatus,
} from '../../src/pos/payments/payment.state.ts';
import { CUSTOMER, TERMS, acceptBy, at, minor, newIdentity, paymentIn } from './payment.fixtures.ts';

const identity = newIdentity();
const terms = TERMS;
const customer = CUSTOMER;
const acceptCredit = acceptBy(CUSTOMER);

const EVENTS: Record<PaymentEventType, PaymentEvent> = {
  checkIn: { type: 'checkIn', customer },
  ready: { type: 'ready', terms },
  accept: acceptCredit,
  userCancel: { type: 'userCancel' },
  clientCancel: { type: 'clientCancel' },
  capture: { type: 'capture', amount: terms.amount },
  expire: { type: 'expire' },
  elapse: { type: 'elapse', seconds: null },
};

// Expected outcome of every event in every status: the next status, 'same' (accepted, nothing
// changes), 'same-status' (stored, status kept: sandbox time moves only the deadline) or the API
// error code thrown. `expire` is applied after the payment's deadline.
// Pages followed: payment-flows/payment-flow.md "Payment States" (unaccepted payments inactive too
// long end CancelledByMobilePay; only a reservation expires), cancel-flows.md (the customer
// cancels only in Paired or IssuedToUser; the client until Captured or ExpiredAndCancelled).
type Outcome = PaymentStatus | 'same' | 'same-status' | `${number}`;
const TABLE: Record<PaymentStatus, Record<PaymentEventType, Outcome>> = {
  Prepared: {
    checkIn: 'Paired',
    ready: 'Initiated',
    accept: '1099',
    userCancel: '1099',
    clientCancel: 'CancelledByClient',
    capture: '1304',
    expire: 'CancelledByMobilePay',
    elapse: 'same-status',
  },
  Paired: {
    checkIn: 'same',
    ready: 'IssuedToUser',
    accept: '1099',
    userCancel: 'CancelledByUser',
    clientCancel: 'CancelledByClient',
    capture: '1304',
    expire: 'CancelledByMobilePay',
    elapse: 'same-status',
  },
  Initiated: {
    checkIn: 'IssuedToUser',
    ready: '1303',
    accept: '1099',
    userCancel: '1099',
    clientCancel: 'CancelledByClient',
    capture: '1304',
    expire: 'CancelledByMobilePay',
    elapse: 'same-status',
  },
  IssuedToUser: {
    checkIn: 'same',
    ready: '1303',
    accept: 'Reserved',
    userCancel: 'CancelledByUser',
    clientCancel: 'CancelledByClient',
    capture: '1304',
    expire: 'CancelledByMobilePay',
    elapse: 'same-status',
  },
  Reserved: {
    checkIn: '1099',
    ready: '1303',
    accept: '1099',
    userCancel: '1099',
    clientCancel: 'CancelledByClient',
    capture: 'Captured',
    expire: 'ExpiredAndCancelled',
    elapse: 'same-status',
  },
  Captured: { checkIn: '1099', ready: '1303', accept: '1099', userCancel: '1099', clientCancel: '1300', capture: 'same', expire: 'same', elapse: '1300' },
  CancelledByClient: {
    checkIn: '1099',
    ready: '1303',
    accept: '1099',
    userCancel: '1099',
    clientCancel: 'same',
    capture: '1304',
    expire: 'same',
    elapse: '1300',
  },
  CancelledByUser: {
    checkIn: '1099',
    ready: '1303',
    accept: '1099',
    userCancel: '1099',
    clientCancel: 'same',
    capture: '1304',
    expire: 'same',
    elapse: '1300',
  },
  CancelledByMobilePay: {
    checkIn: '1099',
    ready: '1303',
    accept: '1099',
    userCancel: '1099',
    clientCancel: 'same',
    capture: '1304',
    expire: 'same',
    elapse: '1300',
  },
  // cancel-flows.md: cancellable by the client "until the state has changed to Captured or ExpiredAndCancelled".
  ExpiredAndCancelled: {
    checkIn: '1099',
    ready: '1303',
    accept: '1099',
    userCancel: '1099',
    clientCancel: '1300',
    capture: '1304',
    expire: 'same',
    elapse: '1300',
  },
};

for (const status of PAYMENT_STATUSES) {
  for (const eventType of PAYMENT_EVENT_TYPES) {
    const expected = TABLE[status][eventType];
    test(`${status} + ${eventType} → ${expected}`, () => {
      const payment = paymentIn(status);
      assert.equal(payment.status, status);
      const ctx = eventType === 'expire' ? { now: new Date(Date.parse(payment.expiresAt)) } : at(2);
      if (/^\d+$/.test(expected)) {
        assert.throws(
          () => transition(payment, EVENTS[eventType], ctx),
          (err: unknown) => err instanceof PosError && err.code === expected,
        );
        return;
      }
      const result = transition(payment, EVENTS[eventType], ctx);
      if (expected === 'same') {
        assert.equal(result.changed, false);
        assert.equal(result.next, payment);
      } else {
        assert.equal(result.changed, true);
        assert.equal(result.next.status, expected === 'same-status' ? status : expected);
        assert.equal(result.next.version, payment.version + 1);
        assert.equal(result.next.updatedAt, ctx.now.toISOString());
        assert.equal(result.next.id, payment.id);
        assert.equal(result.next.createdAt, payment.createdAt);
      }
    });
  }
}

test('initiate without a checked-in customer starts Initiated, with one IssuedToUser', () => {
  assert.equal(startPayment(identity, { type: 'initiate', terms, customer: null }, at(0)).status, 'Initiated');
  const issued = startPayment(identity, { type: 'initiate', terms, customer }, at(0));
  assert.equal(issued.status, 'IssuedToUser');
  assert.equal(issued.customer, customer);
  assert.equal(issued.version, 1);
  assert.equal(issued.expiresAt, at(UNRESERVED_LIFETIME_SECONDS).now.toISOString());
});

test('prepare without a checked-in customer starts Prepared, with one Paired', () => {
  assert.equal(startPayment(identity, { type: 'prepare', customer: null }, at(0)).status, 'Prepared');
  assert.equal(startPayment(identity, { type: 'prepare', customer }, at(0)).status, 'Paired');
});

test('ready gives a prepared payment its terms and a fresh time to be accepted', () => {
  const { next: payment } = transition(paymentIn('Paired'), { type: 'ready', terms }, at(600));
  assert.equal(payment.status, 'IssuedToUser');
  assert.deepEqual(payment.terms, terms);
  assert.equal(payment.expiresAt, at(600 + UNRESERVED_LIFETIME_SECONDS).now.toISOString());
});

for (const [cardType, restrictions, expected] of [
  ['debit', { debitCardDisallowed: true, creditCardDisallowed: false }, 'CancelledByMobilePay'],
  ['debit', { debitCardDisallowed: false, creditCardDisallowed: true }, 'Reserved'],
  ['credit', { debitCardDisallowed: false, creditCardDisallowed: true }, 'CancelledByMobilePay'],
  ['credit', { debitCardDisallowed: true, creditCardDisallowed: false }, 'Reserved'],
  ['debit', null, 'Reserved'],
  ['credit', { debitCardDisallowed: null, creditCardDisallowed: null }, 'Reserved'],
] as const) {
  test(`a ${cardType} card under ${JSON.stringify(restrictions)} ends ${expected}`, () => {
    const issued = startPayment(identity, { type: 'initiate', terms: { ...terms, restrictions }, customer }, at(0));
    const { next: payment } = transition(issued, { type: 'accept', phoneNumber: customer.phoneNumber, cardType, partialCapturePossible: false }, at(1));
    assert.equal(payment.status, expected);
  });
}

test('a second customer cannot check in to a payment paired with or issued to another', () => {
  const other = { ...customer, phoneNumber: '+4520031803' };
  assert.throws(() => transition(paymentIn('Paired'), { type: 'checkIn', customer: other }, at(1)), { code: '1099' });
  assert.throws(() => transition(paymentIn('IssuedToUser'), { type: 'checkIn', customer: other }, at(1)), { code: '1099' });
});

test('an accept by another user than the one the payment was issued to is refused', () => {
  assert.throws(() => transition(paymentIn('IssuedToUser'), { ...acceptCredit, phoneNumber: '+4520031803' }, at(1)), { code: '1099' });
});

// payment-flows/payment-flow.md: "the lifetime of the reservation which is 7 days"; the planned
// capture delay only tells MobilePay Support what to expect (best-practices.md).
for (const delay of ['None', 'LessThan24Hours', 'LessThan14Days'] as const) {
  test(`a reservation with plannedCaptureDelay ${delay} lives 7 days, then ExpiredAndCancelled`, () => {
    assert.equal(RESERVATION_LIFETIME_SECONDS, 7 * 24 * 3600);
    const issued = startPayment(identity, { type: 'initiate', terms: { ...terms, plannedCaptureDelay: delay }, customer }, at(0));
    const reserved = transition(issued, acceptCredit, at(10)).next;
    assert.equal(reserved.expiresAt, at(10 + RESERVATION_LIFETIME_SECONDS).now.toISOString());
    assert.equal(transition(reserved, { type: 'expire' }, at(9 + RESERVATION_LIFETIME_SECONDS)).changed, false);
    assert.equal(transition(reserved, { type: 'expire' }, at(10 + RESERVATION_LIFETIME_SECONDS)).next.status, 'ExpiredAndCancelled');
  });
}

test('sandbox time: elapse moves the deadline to now (or nearer by advanceBy) and expire then acts', () => {
  const initiated = paymentIn('Initiated');
  const lapsed = transition(initiated, { type: 'elapse', seconds: null }, at(60)).next;
  assert.equal(lapsed.status, 'Initiated');
  assert.equal(lapsed.expiresAt, at(60).now.toISOString());
  assert.equal(transition(lapsed, { type: 'expire' }, at(60)).next.status, 'CancelledByMobilePay');
  const nearer = transition(initiated, { type: 'elapse', seconds: 60 }, at(1)).next;
  assert.equal(Date.parse(initiated.expiresAt) - Date.parse(nearer.expiresAt), 60_000);
});

test("sandbox time: advanceBy moves a captured payment's capture into the past", () => {
  const captured = paymentIn('Captured');
  const moved = transition(captured, { type: 'elapse', seconds: 91 * 86400 }, at(20)).next;
  assert.ok(captured.status === 'Captured' && moved.status === 'Captured');
  assert.equal(Date.parse(captured.capturedAt) - Date.parse(moved.capturedAt), 91 * 86400_000);
});

test('an unaccepted payment does not expire before its deadline', () => {
  const initiated = paymentIn('Initiated');
  const result = transition(initiated, { type: 'expire' }, at(UNRESERVED_LIFETIME_SECONDS - 1));
  assert.equal(result.changed, false);
  assert.equal(result.next.status, 'Initiated');
});

test('captures the full reserved amount and records it', () => {
  const { next: payment } = transition(paymentIn('Reserved'), { type: 'capture', amount: minor(1250) }, at(5));
  assert.equal(payment.status, 'Captured');
  assert.ok(payment.status === 'Captured' && payment.capturedAmount === 1250 && payment.capturedAt === at(5).now.toISOString());
});

test('refuses a capture above the reserved amount (1305)', () => {
  assert.throws(() => transition(paymentIn('Reserved', { partialCapturePossible: true }), { type: 'capture', amount: minor(1251) }, at(5)), { code: '1305' });
});

test('refuses a partial capture where the card does not allow it (1308)', () => {
  assert.throws(() => transition(paymentIn('Reserved', { partialCapturePossible: false }), { type: 'capture', amount: minor(1000) }, at(5)), { code: '1308' });
});

test('captures part of the amount where partial capture is possible', () => {
  const { next: payment } = transition(paymentIn('Reserved', { partialCapturePossible: true }), { type: 'capture', amount: minor(1000) }, at(5));
  assert.ok(payment.status === 'Captured' && payment.capturedAmount === 1000);
});

test('a retried capture of the same amount succeeds without change; another amount is 1307', () => {
  const captured = transition(paymentIn('Reserved', { partialCapturePossible: true }), { type: 'capture', amount: minor(1000) }, at(5)).next;
  assert.equal(transition(captured, { type: 'capture', amount: minor(1000) }, at(6)).changed, false);
  assert.throws(() => transition(captured, { type: 'capture', amount: minor(1250) }, at(6)), { code: '1307' });
});

test('reports partial capture only on a reserved payment', () => {
  const reserved = paymentIn('Reserved', { partialCapturePossible: true });
  assert.ok(reserved.status === 'Reserved' && reserved.partialCapturePossible);
  assert.equal('partialCapturePossible' in paymentIn('Captured'), false);
});

test('active, listed and final statuses partition the statuses as the contract describes', () => {
  assert.deepEqual([...ACTIVE_PAYMENT_STATUSES].sort(), ['Initiated', 'IssuedToUser', 'Paired', 'Prepared']);
  assert.deepEqual([...LISTED_PAYMENT_STATUSES].sort(), ['Initiated', 'IssuedToUser', 'Paired', 'Prepared', 'Reserved']);
  const all = new Set<string>([...LISTED_PAYMENT_STATUSES, ...FINAL_PAYMENT_STATUSES]);
  assert.equal(all.size, PAYMENT_STATUSES.length);
  for (const status of FINAL_PAYMENT_STATUSES) {
    for (const eventType of PAYMENT_EVENT_TYPES) {
      const outcome = TABLE[status][eventType];
      assert.ok(outcome === 'same' || /^\d+$/.test(outcome), `${status} must not move on ${eventType}`);
    }
  }
});
