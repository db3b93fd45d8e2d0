import assert from 'node:assert/strict';
import { setTimeout as wait } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { CUSTOMER, order, useFixture } from './helpers/fixture.ts';

describe('waitForState against a real server', () => {
  const f = useFixture();
  const reads = (paymentId: string) => f.proxy.requests('GET', new RegExp(`^/pos/v10/payments/${paymentId}$`));

  test('polls no faster than pollDelayInMs and returns once the payment is reserved', async () => {
    const pos = f.client();
    const { posId, beaconId } = await f.till(pos);
    const { paymentId } = await pos.payments.initiate(order(posId, 'ORDER-POLL'));
    const waiting = pos.payments.waitForState(paymentId, { until: ['Reserved'] });
    await wait(2200);
    await pos.userSimulation.checkIn(beaconId, CUSTOMER);
    await pos.userSimulation.acceptPayment(beaconId, CUSTOMER);
    const payment = await waiting;
    assert.equal(payment.status, 'Reserved');
    const polls = reads(paymentId);
    assert.ok(polls.length >= 3, `${polls.length} polls`);
    const { pollDelayInMs } = await pos.payments.get(paymentId);
    assert.ok(pollDelayInMs > 0);
    for (let i = 1; i < polls.length; i += 1) {
      const gap = polls[i]!.at - polls[i - 1]!.answeredAt!;
      assert.ok(gap >= pollDelayInMs, `poll ${i} came ${gap.toFixed(1)} ms after the previous answer; pollDelayInMs is ${pollDelayInMs}`);
    }
  });

  test('ends in a final state even when it was not the one awaited', async () => {
    const pos = f.client();
    const { posId, beaconId } = await f.till(pos);
    const { paymentId } = await pos.payments.initiate(order(posId, 'ORDER-USER-CANCEL'));
    await pos.userSimulation.checkIn(beaconId, CUSTOMER);
    await pos.userSimulation.cancelPayment(beaconId);
    const payment = await pos.payments.waitForState(paymentId, { until: ['Reserved'] });
    assert.equal(payment.status, 'CancelledByUser');
  });

  test('an AbortSignal ends the wait at once, and no poll follows', async () => {
    const pos = f.client();
    const { posId } = await f.till(pos);
    const { paymentId } = await pos.payments.initiate(order(posId, 'ORDER-ABORT'));
    const controller = new AbortController();
    const waiting = pos.payments.waitForState(paymentId, { until: ['Reserved'], signal: controller.signal });
    await wait(300);
    const abortedAt = performance.now();
    controller.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
    assert.ok(performance.now() - abortedAt < 100);
    const polls = reads(paymentId).length;
    await wait(1200);
    assert.equal(reads(paymentId).length, polls);
  });

  test('AbortSignal.timeout gives the wait a deadline', async () => {
    const pos = f.client();
    const { posId } = await f.till(pos);
    const { paymentId } = await pos.payments.initiate(order(posId, 'ORDER-DEADLINE'));
    await assert.rejects(pos.payments.waitForState(paymentId, { until: ['Reserved'], signal: AbortSignal.timeout(400) }), { name: 'TimeoutError' });
  });

  test('an aborted call is not retried', async () => {
    const pos = f.client();
    await pos.stores.list();
    const before = f.proxy.requests('GET', /^\/pos\/v10\/stores/).length;
    f.proxy.delay('GET', /^\/pos\/v10\/stores/, 300);
    await assert.rejects(pos.stores.list(undefined, { signal: AbortSignal.timeout(100) }), { name: 'TimeoutError' });
    await wait(400);
    assert.equal(f.proxy.requests('GET', /^\/pos\/v10\/stores/).length - before, 1);
  });
});
