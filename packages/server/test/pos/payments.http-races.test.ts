/** The same races fired over HTTP in parallel: one winner, the loser told why, the totals right. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPosFixture, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { USERS, cancel, capture, capturedPayment, createRefund, getPayment, getRefund, reservedPayment } from '../helpers/payments.ts';

describe('payment races over HTTP', () => {
  let t: TestPlatform;
  let f: PosFixture;
  before(async () => {
    t = await startTestPlatform();
    f = await addPosFixture(t);
  });
  after(() => t.close());

  it('capture and cancel fired together: exactly one succeeds', async () => {
    const { paymentId } = await reservedPayment(t.app, f);
    const [captured, cancelled] = await Promise.all([capture(t.app, f, paymentId, 12.5), cancel(t.app, f, paymentId)]);
    const status = (await getPayment(t.app, f, paymentId)).status;
    const codes = [captured, cancelled].map((r) => (r.statusCode === 200 ? 'ok' : r.json<{ code: string }>().code));
    assert.deepEqual(codes, status === 'Captured' ? ['ok', '1300'] : ['1304', 'ok']);
  });

  it('two partial captures fired together: one amount is captured, the other is 1307', async () => {
    const { paymentId } = await reservedPayment(t.app, f, { amount: 50 }, USERS.partial);
    const results = await Promise.all([capture(t.app, f, paymentId, 20), capture(t.app, f, paymentId, 30)]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
    assert.equal(results.find((r) => r.statusCode === 409)!.json<{ code: string }>().code, '1307');
  });

  it('ten refunds of 5.00 fired at a 12.50 capture: two succeed, the total stays within it', async () => {
    const paymentId = await capturedPayment(t.app, f);
    const results = await Promise.all(Array.from({ length: 10 }, (_, n) => createRefund(t.app, f, paymentId, 5, 'DKK', `R-${n}`)));
    const ok = results.filter((r) => r.statusCode === 200);
    assert.equal(ok.length, 2);
    assert.ok(results.filter((r) => r.statusCode !== 200).every((r) => r.json<{ code: string }>().code === '1367'));
    let total = 0;
    for (const r of ok) total += (await getRefund(t.app, f, r.json<{ refundId: string }>().refundId)).json<{ amount: number }>().amount;
    assert.equal(total, 10);
  });
});
