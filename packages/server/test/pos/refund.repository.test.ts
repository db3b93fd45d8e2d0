import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { insertIntegrator } from '../../src/integrators/integrator.repository.ts';
import { insertMerchant } from '../../src/merchants/merchant.repository.ts';
import { newId } from '../../src/shared/random.ts';
import { insertPayment } from '../../src/pos/payments/payment.repository.ts';
import type { Payment, PaymentId } from '../../src/pos/payments/payment.state.ts';
import { findRefund, insertRefundWithinCaptured, listRefundIds, sumCountedRefunds, updateRefundState } from '../../src/pos/refunds/refund.repository.ts';
import { REFUND_STATUSES, REFUND_WINDOW_SECONDS, transition } from '../../src/pos/refunds/refund.state.ts';
import { INTEGRATOR, MERCHANT, T0, at, capturedPayment, newRefund, paymentIn, refundIn } from './payment.fixtures.ts';
import { DIALECTS, openTestDb, type TestDb } from '../helpers/database.ts';

for (const dialect of DIALECTS) {
  describe(`refund repository on ${dialect}`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(dialect);
      await insertIntegrator(t.db, { id: INTEGRATOR, name: 'I', email: 'dev@example.com', phone: '+4520031801', created_at: T0.toISOString() });
      await insertMerchant(t.db, { id: MERCHANT, vat: 'DK90000028', name: 'Merchant', created_at: T0.toISOString() });
    });
    after(() => t.close());

    async function storedPayment(captured = 1000): Promise<Payment> {
      const payment = capturedPayment(captured);
      assert.equal(await insertPayment(t.db, payment), true);
      return payment;
    }

    for (const status of REFUND_STATUSES) {
      test(`stores and reads back a ${status} refund unchanged`, async () => {
        const payment = await storedPayment();
        const refund = refundIn(status, newRefund(payment.id, { amount: 100 }));
        assert.deepEqual(await insertRefundWithinCaptured(t.db, refund, at(20).now), { ok: true });
        assert.deepEqual(await findRefund(t.db, refund.id), refund);
      });
    }

    test('keeps the total of many concurrent refunds within the captured amount', async () => {
      const payment = await storedPayment(1000);
      const attempts = Array.from({ length: 10 }, () => newRefund(payment.id, { amount: 300 }));
      const outcomes = await Promise.all(attempts.map((r) => insertRefundWithinCaptured(t.db, r, at(30).now)));
      assert.equal(outcomes.filter((o) => o.ok).length, 3);
      assert.ok(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.error === 'refund_amount_too_high'));
      assert.equal(await sumCountedRefunds(t.db, payment.id), 900);
      assert.equal((await listRefundIds(t.db, { merchantId: MERCHANT, integratorId: INTEGRATOR, paymentId: payment.id })).length, 3);
    });

    test('frees the amount of a cancelled refund for a new one', async () => {
      const payment = await storedPayment(1000);
      const first = newRefund(payment.id, { amount: 1000 });
      assert.deepEqual(await insertRefundWithinCaptured(t.db, first, at(30).now), { ok: true });
      assert.deepEqual(await insertRefundWithinCaptured(t.db, newRefund(payment.id, { amount: 1 }), at(30).now), {
        ok: false,
        error: 'refund_amount_too_high',
      });
      assert.equal(await updateRefundState(t.db, first, transition(first, { type: 'cancel' }, at(31)).next), true);
      assert.equal(await sumCountedRefunds(t.db, payment.id), 0);
      assert.deepEqual(await insertRefundWithinCaptured(t.db, newRefund(payment.id, { amount: 1000 }), at(32).now), { ok: true });
    });

    test('refuses a refund of an unknown, uncaptured, foreign-currency or too old payment, writing nothing', async () => {
      const payment = await storedPayment();
      const unknown = newId() as PaymentId;
      assert.deepEqual(await insertRefundWithinCaptured(t.db, newRefund(unknown, { amount: 100 }), at(30).now), { ok: false, error: 'payment_not_found' });
      const initiated = paymentIn('Prepared');
      await insertPayment(t.db, initiated);
      assert.deepEqual(await insertRefundWithinCaptured(t.db, newRefund(initiated.id, { amount: 100 }), at(30).now), {
        ok: false,
        error: 'payment_not_captured',
      });
      assert.deepEqual(await insertRefundWithinCaptured(t.db, newRefund(payment.id, { amount: 100, currency: 'EUR' }), at(30).now), {
        ok: false,
        error: 'refund_currency_differs',
      });
      assert.deepEqual(await insertRefundWithinCaptured(t.db, newRefund(payment.id, { amount: 100 }), at(11 + REFUND_WINDOW_SECONDS).now), {
        ok: false,
        error: 'payment_too_old_to_refund',
      });
      assert.equal(await sumCountedRefunds(t.db, payment.id), 0);
      assert.equal(await findRefund(t.db, newId()), undefined);
    });

    test('lets exactly one of many concurrent refund state changes win', async () => {
      const payment = await storedPayment();
      const reserved = refundIn('Reserved', newRefund(payment.id, { amount: 100 }));
      await insertRefundWithinCaptured(t.db, reserved, at(21).now);
      const attempts = [0, 1, 2, 3, 4, 5].map((i) => transition(reserved, { type: i % 2 === 0 ? 'capture' : 'cancel' }, at(22 + i)).next);
      const results = await Promise.all(attempts.map((to) => updateRefundState(t.db, reserved, to)));
      assert.equal(results.filter(Boolean).length, 1);
      assert.deepEqual(await findRefund(t.db, reserved.id), attempts[results.indexOf(true)]);
    });

    test('lists refunds by payment and by refund order id', async () => {
      const payment = await storedPayment();
      const a = newRefund(payment.id, { amount: 100, refundOrderId: 'R-A' });
      const b = newRefund(payment.id, { amount: 100, refundOrderId: 'R-B' });
      for (const r of [a, b]) assert.deepEqual(await insertRefundWithinCaptured(t.db, r, at(30).now), { ok: true });
      assert.deepEqual(new Set(await listRefundIds(t.db, { merchantId: MERCHANT, integratorId: INTEGRATOR, paymentId: payment.id })), new Set([a.id, b.id]));
      assert.deepEqual(await listRefundIds(t.db, { merchantId: MERCHANT, integratorId: INTEGRATOR, paymentId: payment.id, refundOrderId: 'R-B' }), [b.id]);
      assert.deepEqual(await listRefundIds(t.db, { merchantId: MERCHANT, integratorId: 'someone-else', paymentId: payment.id }), []);
    });
  });
}
