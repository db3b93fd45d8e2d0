/**
 * The operator's payment lookup (the console's Payments page): across merchants, by payment or
 * refund id, PoS id and order id (a payment's or a refund's), each payment with its refunds and
 * the steps their rows record.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addPosFixture, startTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { capturedPayment, createRefund } from '../helpers/payments.ts';
import { historyOf } from '../../src/pos/lookup/payment-lookup.service.ts';
import { DomainError } from '../../src/shared/errors.ts';

let t: TestPlatform;
let paymentId = '';
let refundId = '';
let posId = '';

before(async () => {
  t = await startTestPlatform();
  const f = await addPosFixture(t);
  paymentId = await capturedPayment(t.app, f, { amount: 20 });
  const res = await createRefund(t.app, f, paymentId, 5, 'DKK', 'REFUND-LOOKUP-1');
  assert.equal(res.statusCode, 200, res.body);
  refundId = res.json<{ refundId: string }>().refundId;
  posId = (await t.platform.pos.lookup.find('id', paymentId))[0]!.payment.posId;
});
after(() => t.close());

test('finds a payment by its id, its refund id, its PoS id and the refund order id, with its refund', async () => {
  for (const [by, value] of [
    ['id', paymentId],
    ['id', refundId.toUpperCase()],
    ['posId', posId],
    ['orderId', 'REFUND-LOOKUP-1'],
  ] as const) {
    const found = await t.platform.pos.lookup.find(by, value);
    assert.deepEqual(
      found.map((p) => p.payment.id),
      [paymentId],
      `${by} ${value}`,
    );
    assert.deepEqual(
      found[0]!.refunds.map((r) => r.refund.id),
      [refundId],
    );
  }
  assert.deepEqual(await t.platform.pos.lookup.find('orderId', 'NO-SUCH-ORDER'), []);
});

test('a payment shows the steps its row records: created, reserved, captured', async () => {
  const [found] = await t.platform.pos.lookup.find('id', paymentId);
  assert.deepEqual(
    found!.history.map((s) => s.step),
    ['Created', 'Reserved', 'Captured'],
  );
  // The sandbox reserves a refund as soon as it is created.
  const refund = found!.refunds[0]!;
  assert.equal(refund.refund.status, 'Reserved');
  assert.deepEqual(
    refund.history.map((s) => s.step),
    ['Created', 'Reserved'],
  );
});

test('history: the current status closes the list when no milestone names it', () => {
  const steps = historyOf({ status: 'IssuedToUser', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:01:00Z' });
  assert.deepEqual(steps, [
    { at: '2026-01-01T00:00:00Z', step: 'Created' },
    { at: '2026-01-01T00:01:00Z', step: 'IssuedToUser' },
  ]);
  const cancelled = historyOf({ status: 'CancelledByUser', createdAt: 'a', updatedAt: 'c', cancelledAt: 'c' });
  assert.deepEqual(
    cancelled.map((s) => s.step),
    ['Created', 'CancelledByUser'],
  );
});

test('an id that is not a GUID, or an empty search, is refused as invalid input', async () => {
  for (const [by, value] of [
    ['id', 'not-a-guid'],
    ['orderId', '   '],
  ] as const) {
    await assert.rejects(t.platform.pos.lookup.find(by, value), (err: unknown) => err instanceof DomainError && err.kind === 'invalid');
  }
});
