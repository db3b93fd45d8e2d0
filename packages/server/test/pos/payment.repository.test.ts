import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { insertIntegrator } from '../../src/integrators/integrator.repository.ts';
import { insertMerchant } from '../../src/merchants/merchant.repository.ts';
import type { MinorUnits } from '../../src/shared/money.ts';
import { newId } from '../../src/shared/random.ts';
import {
  findActivePaymentByPos,
  findPayment,
  insertPayment,
  listExpiredPayments,
  listPaymentIds,
  updatePaymentState,
} from '../../src/pos/payments/payment.repository.ts';
import {
  PAYMENT_STATUSES,
  UNRESERVED_LIFETIME_SECONDS,
  startPayment,
  transition,
  type Payment,
  type PaymentCustomer,
  type PaymentEvent,
  type PaymentId,
  type PaymentStatus,
  type PaymentTerms,
} from '../../src/pos/payments/payment.state.ts';
import { DIALECTS, openTestDb, type TestDb } from '../helpers/test-databases.ts';

const T0 = new Date('2026-01-01T12:00:00.000Z');
const at = (seconds: number) => ({ now: new Date(T0.getTime() + seconds * 1000) });
const terms: PaymentTerms = {
  amount: 1250 as MinorUnits,
  currency: 'DKK',
  restrictions: { debitCardDisallowed: true, creditCardDisallowed: null },
  merchantPaymentLabel: 'Label',
  plannedCaptureDelay: 'LessThan24Hours',
};
const customer: PaymentCustomer = { phoneNumber: '+4520031804', customerToken: 'c'.repeat(40), customerReceiptToken: 'r'.repeat(32), loyaltyIds: ['450004'] };
const accept = { type: 'accept', phoneNumber: customer.phoneNumber, cardType: 'credit', partialCapturePossible: true } as const satisfies PaymentEvent;

const INTEGRATOR = 'integrator-1';
const OTHER_INTEGRATOR = 'integrator-2';
const MERCHANT = 'merchant-1';

function newPayment(posId: string, options: { orderId?: string; integratorId?: string; customer?: PaymentCustomer | null } = {}): Payment {
  return startPayment(
    { id: newId() as PaymentId, integratorId: options.integratorId ?? INTEGRATOR, merchantId: MERCHANT, posId, orderId: options.orderId ?? 'ORDER-1' },
    { type: 'initiate', terms, customer: options.customer ?? null },
    at(0),
  );
}

function step(p: Payment, event: PaymentEvent, seconds = 1): Payment {
  return transition(p, event, at(seconds)).payment;
}

/** A payment in `status`, reached through the state machine, on its own PoS. */
function paymentIn(status: PaymentStatus): Payment {
  const posId = newId();
  const ids = { id: newId() as PaymentId, integratorId: INTEGRATOR, merchantId: MERCHANT, posId, orderId: `ORDER-${status}` };
  const prepared = startPayment(ids, { type: 'prepare', customer: null }, at(0));
  const issued = newPayment(posId, { customer });
  const reserved = step(issued, accept);
  switch (status) {
    case 'Prepared':
      return prepared;
    case 'Paired':
      return step(prepared, { type: 'checkIn', customer });
    case 'Initiated':
      return newPayment(posId);
    case 'IssuedToUser':
      return issued;
    case 'Reserved':
      return reserved;
    case 'Captured':
      return step(reserved, { type: 'capture', amount: 1000 as MinorUnits }, 2);
    case 'CancelledByClient':
      return step(prepared, { type: 'clientCancel' });
    case 'CancelledByUser':
      return step(issued, { type: 'userCancel' });
    case 'CancelledByMobilePay':
      return step(newPayment(posId, { customer: { ...customer } }), { ...accept, cardType: 'debit' });
    case 'ExpiredAndCancelled':
      return step(issued, { type: 'expire' }, UNRESERVED_LIFETIME_SECONDS);
  }
}

for (const dialect of DIALECTS) {
  describe(`payment repository on ${dialect}`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(dialect);
      for (const id of [INTEGRATOR, OTHER_INTEGRATOR]) {
        await insertIntegrator(t.db, { id, name: id, email: 'dev@example.com', phone: '+4520031801', created_at: T0.toISOString() });
      }
      await insertMerchant(t.db, { id: MERCHANT, vat: 'DK90000028', name: 'Merchant', created_at: T0.toISOString() });
    });
    after(() => t.close());

    for (const status of PAYMENT_STATUSES) {
      test(`stores and reads back a ${status} payment unchanged`, async () => {
        const payment = paymentIn(status);
        assert.equal(payment.status, status);
        assert.equal(await insertPayment(t.db, payment), true);
        assert.deepEqual(await findPayment(t.db, payment.id), payment);
      });
    }

    test('finds nothing for an unknown id', async () => {
      assert.equal(await findPayment(t.db, newId()), undefined);
    });

    test('lets exactly one of many concurrent initiates on one PoS succeed', async () => {
      const posId = newId();
      const attempts = Array.from({ length: 8 }, () => newPayment(posId));
      const results = await Promise.all(attempts.map((p) => insertPayment(t.db, p)));
      assert.equal(results.filter(Boolean).length, 1);
      const winner = attempts[results.indexOf(true)]!;
      assert.equal((await findActivePaymentByPos(t.db, posId))?.id, winner.id);
      assert.deepEqual(await listPaymentIds(t.db, { merchantId: MERCHANT, integratorId: INTEGRATOR, posId }), [winner.id]);
    });

    test('lets a PoS take a new payment once the previous one is reserved or ended', async () => {
      const posId = newId();
      const first = newPayment(posId, { customer });
      assert.equal(await insertPayment(t.db, first), true);
      assert.equal(await insertPayment(t.db, newPayment(posId)), false);
      assert.equal(await updatePaymentState(t.db, first, step(first, accept)), true);
      const second = newPayment(posId);
      assert.equal(await insertPayment(t.db, second), true);
      assert.equal(await updatePaymentState(t.db, second, step(second, { type: 'clientCancel' })), true);
      assert.equal(await insertPayment(t.db, newPayment(posId)), true);
    });

    test('lets exactly one of many concurrent state changes of one payment win', async () => {
      const reserved = paymentIn('Reserved');
      await insertPayment(t.db, reserved);
      const amounts = [1250, 1000, 900, 800, 700, 600, 500, 400];
      const attempts = amounts.map((amount) => step(reserved, { type: 'capture', amount: amount as MinorUnits }, 3));
      const results = await Promise.all(attempts.map((to) => updatePaymentState(t.db, reserved, to)));
      assert.equal(results.filter(Boolean).length, 1);
      assert.deepEqual(await findPayment(t.db, reserved.id), attempts[results.indexOf(true)]);
    });

    test('refuses an update computed from a stale copy', async () => {
      const issued = paymentIn('IssuedToUser');
      await insertPayment(t.db, issued);
      assert.equal(await updatePaymentState(t.db, issued, step(issued, { type: 'userCancel' })), true);
      assert.equal(await updatePaymentState(t.db, issued, step(issued, { type: 'clientCancel' })), false);
      assert.equal((await findPayment(t.db, issued.id))?.status, 'CancelledByUser');
    });

    test('lists active and reserved payments by default, captured ones on request, only the integrator’s own', async () => {
      const orderId = `ORDER-${newId().slice(0, 8)}`;
      const initiated = newPayment(newId(), { orderId });
      const reserved = step(newPayment(newId(), { orderId, customer }), accept);
      const captured = step(reserved, { type: 'capture', amount: 1250 as MinorUnits }, 2);
      const cancelled = step(newPayment(newId(), { orderId }), { type: 'clientCancel' });
      const foreign = newPayment(newId(), { orderId, integratorId: OTHER_INTEGRATOR });
      const capturedOther = step(step(newPayment(newId(), { orderId, customer }), accept), { type: 'capture', amount: 1250 as MinorUnits }, 2);
      for (const p of [initiated, reserved, cancelled, foreign, capturedOther]) assert.equal(await insertPayment(t.db, p), true);
      const mine = { merchantId: MERCHANT, integratorId: INTEGRATOR, orderId };
      assert.deepEqual(new Set(await listPaymentIds(t.db, mine)), new Set([initiated.id, reserved.id]));
      assert.equal(await updatePaymentState(t.db, reserved, captured), true);
      assert.deepEqual(new Set(await listPaymentIds(t.db, { ...mine, statuses: ['Captured'] })), new Set([captured.id, capturedOther.id]));
      assert.deepEqual(await listPaymentIds(t.db, { ...mine, posId: initiated.posId }), [initiated.id]);
    });

    test('lists unfinished payments past their deadline for the expiry sweep', async () => {
      const due = newPayment(newId());
      const done = step(newPayment(newId()), { type: 'clientCancel' });
      await insertPayment(t.db, due);
      await insertPayment(t.db, done);
      const deadline = at(UNRESERVED_LIFETIME_SECONDS).now.toISOString();
      const before = await listExpiredPayments(t.db, at(UNRESERVED_LIFETIME_SECONDS - 1).now.toISOString(), 1000);
      assert.equal(before.some((p) => p.id === due.id), false);
      const expired = await listExpiredPayments(t.db, deadline, 1000);
      assert.equal(expired.some((p) => p.id === due.id), true);
      assert.equal(expired.some((p) => p.id === done.id), false);
    });
  });
}
