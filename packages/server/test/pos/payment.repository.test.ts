import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { insertIntegrator } from '../../src/integrators/integrator.repository.ts';
import { insertMerchant } from '../../src/merchants/merchant.repository.ts';
import { newId } from '../../src/shared/random.ts';
import {
  findActivePaymentByPos,
  findPayment,
  insertPayment,
  listExpiredPayments,
  listPayments,
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
  type PaymentTerms,
} from '../../src/pos/payments/payment.state.ts';
import { CUSTOMER, INTEGRATOR, MERCHANT, T0, TERMS, acceptBy, at, minor, newIdentity, paymentIn } from './payment.fixtures.ts';
import { DIALECTS, openTestDb, type TestDb } from '../helpers/database.ts';

const OTHER_INTEGRATOR = 'integrator-2';
// Restrictions with a null field and loyalty ids: the parts of a payment stored as JSON.
const terms: PaymentTerms = { ...TERMS, restrictions: { debitCardDisallowed: true, creditCardDisallowed: null }, plannedCaptureDelay: 'LessThan24Hours' };
const customer: PaymentCustomer = { ...CUSTOMER, loyaltyIds: ['450004'] };
const accept = acceptBy(customer, { partialCapturePossible: true });

function newPayment(posId: string, options: { orderId?: string; integratorId?: string; customer?: PaymentCustomer | null } = {}): Payment {
  const identity = newIdentity({ posId, orderId: options.orderId ?? 'ORDER-1', integratorId: options.integratorId ?? INTEGRATOR });
  return startPayment(identity, { type: 'initiate', terms, customer: options.customer ?? null }, at(0));
}

function step(p: Payment, event: PaymentEvent, seconds = 1): Payment {
  return transition(p, event, at(seconds)).next;
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
        const payment = paymentIn(status, { terms, partialCapturePossible: true });
        assert.equal(payment.status, status);
        assert.equal(await insertPayment(t.db, payment), true);
        assert.deepEqual(await findPayment(t.db, payment.id), payment);
      });
    }

    test('stores a customer whose tokens and loyalty were not looked up yet as such', async () => {
      const unknown: PaymentCustomer = { phoneNumber: '+4520031801', customerToken: null, customerReceiptToken: null, loyaltyIds: null };
      const payment = newPayment(newId(), { customer: unknown });
      assert.equal(await insertPayment(t.db, payment), true);
      assert.deepEqual((await findPayment(t.db, payment.id))?.customer, unknown);
    });

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
      assert.deepEqual(
        (await listPayments(t.db, { merchantId: MERCHANT, integratorId: INTEGRATOR, posId })).map((p) => p.id),
        [winner.id],
      );
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
      const reserved = paymentIn('Reserved', { partialCapturePossible: true });
      await insertPayment(t.db, reserved);
      const amounts = [1250, 1000, 900, 800, 700, 600, 500, 400];
      const attempts = amounts.map((amount) => step(reserved, { type: 'capture', amount: minor(amount) }, 3));
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
      const captured = step(reserved, { type: 'capture', amount: minor(1250) }, 2);
      const cancelled = step(newPayment(newId(), { orderId }), { type: 'clientCancel' });
      const foreign = newPayment(newId(), { orderId, integratorId: OTHER_INTEGRATOR });
      const capturedOther = step(step(newPayment(newId(), { orderId, customer }), accept), { type: 'capture', amount: minor(1250) }, 2);
      for (const p of [initiated, reserved, cancelled, foreign, capturedOther]) assert.equal(await insertPayment(t.db, p), true);
      const mine = { merchantId: MERCHANT, integratorId: INTEGRATOR, orderId };
      assert.deepEqual(new Set((await listPayments(t.db, mine)).map((p) => p.id)), new Set([initiated.id, reserved.id]));
      assert.equal(await updatePaymentState(t.db, reserved, captured), true);
      assert.deepEqual(new Set((await listPayments(t.db, { ...mine, statuses: ['Captured'] })).map((p) => p.id)), new Set([captured.id, capturedOther.id]));
      assert.deepEqual(
        (await listPayments(t.db, { ...mine, posId: initiated.posId })).map((p) => p.id),
        [initiated.id],
      );
    });

    test('lists unfinished payments past their deadline for the expiry sweep', async () => {
      const due = newPayment(newId());
      const done = step(newPayment(newId()), { type: 'clientCancel' });
      await insertPayment(t.db, due);
      await insertPayment(t.db, done);
      const deadline = at(UNRESERVED_LIFETIME_SECONDS).now.toISOString();
      const before = await listExpiredPayments(t.db, at(UNRESERVED_LIFETIME_SECONDS - 1).now.toISOString(), 1000);
      assert.equal(
        before.some((p) => p.id === due.id),
        false,
      );
      const expired = await listExpiredPayments(t.db, deadline, 1000);
      assert.equal(
        expired.some((p) => p.id === due.id),
        true,
      );
      assert.equal(
        expired.some((p) => p.id === done.id),
        false,
      );
    });
  });
}
