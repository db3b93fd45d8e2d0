import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PosV10Error, PosV10NetworkError } from '../src/index.ts';
import { backoffMs, retryAfterMs, retryPolicy } from '../src/retry.ts';
import { CUSTOMER, order, SANDBOX, useFixture } from './helpers/fixture.ts';

const PAYMENTS = /^\/pos\/v10\/payments$/;
const POINT_OF_SALES = /^\/pos\/v10\/pointofsales$/;
const REFUNDS = /^\/pos\/v10\/refunds$/;

describe('retry policy', () => {
  test('2 retries by default, never more than 5', () => {
    assert.equal(retryPolicy().retries, 2);
    assert.equal(retryPolicy({ retries: 9 }).retries, 5);
    assert.equal(retryPolicy({ retries: -1 }).retries, 0);
  });

  test('backoff doubles up to the maximum, with jitter in its upper half', () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    assert.equal(
      backoffMs(policy, 0, () => 0),
      50,
    );
    assert.equal(
      backoffMs(policy, 0, () => 1),
      100,
    );
    assert.equal(
      backoffMs(policy, 2, () => 0),
      200,
    );
    assert.equal(
      backoffMs(policy, 10, () => 1),
      1000,
    );
  });

  test('Retry-After in seconds or as an HTTP date', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(retryAfterMs(null), undefined);
    assert.equal(retryAfterMs('soon'), undefined);
  });
});

describe('retries against a real server behind a faulty proxy', () => {
  const f = useFixture();

  test('a dropped initiate answer gives one payment, not two: the retry carries the same idempotency key', async () => {
    const pos = f.client();
    const { posId } = await f.till(pos);
    f.proxy.dropAnswer('POST', PAYMENTS);
    const { paymentId } = await pos.payments.initiate(order(posId, 'ORDER-DROP'));
    const sent = f.proxy.requests('POST', PAYMENTS).slice(-2);
    assert.equal(sent.length, 2);
    assert.ok(sent[0]!.headers['x-mobilepay-idempotency-key']);
    assert.equal(sent[0]!.headers['x-mobilepay-idempotency-key'], sent[1]!.headers['x-mobilepay-idempotency-key']);
    assert.deepEqual((await pos.payments.list({ posId })).paymentIds, [paymentId]);
  });

  test('a dropped create-PoS answer gives one PoS', async () => {
    const pos = f.client();
    const { storeIds } = await pos.stores.list({ merchantBrandId: SANDBOX.merchantBrandId, merchantLocationId: SANDBOX.merchantLocationId });
    f.proxy.dropAnswer('POST', POINT_OF_SALES);
    const { posId } = await pos.pointOfSales.create({ merchantPosId: 'dropped-till', storeId: storeIds[0]!, name: 'Dropped', supportedBeaconTypes: ['QR'] });
    assert.deepEqual((await pos.pointOfSales.list({ merchantPosId: 'dropped-till' })).posIds, [posId]);
  });

  test('each logical call gets its own key; a caller may pass one', async () => {
    const pos = f.client();
    const { posId } = await f.till(pos);
    const first = await pos.payments.initiate(order(posId, 'ORDER-KEY'), { idempotencyKey: 'till-1-order-key' });
    assert.equal(f.proxy.requests('POST', PAYMENTS).at(-1)!.headers['x-mobilepay-idempotency-key'], 'till-1-order-key');
    const again = await f.client().payments.initiate(order(posId, 'ORDER-KEY'), { idempotencyKey: 'till-1-order-key' });
    assert.equal(again.paymentId, first.paymentId);
  });

  test('a dropped refund answer refunds once, and dropped capture answers are retried to 200', async () => {
    const pos = f.client();
    const { posId, beaconId } = await f.till(pos);
    const { paymentId } = await pos.payments.initiate(order(posId, 'ORDER-REFUND'));
    await pos.userSimulation.checkIn(beaconId, CUSTOMER);
    await pos.userSimulation.acceptPayment(beaconId, CUSTOMER);
    f.proxy.dropAnswer('POST', /\/payments\/[^/]+\/capture$/);
    await pos.payments.capture(paymentId, 12.5);
    assert.equal((await pos.payments.get(paymentId)).status, 'Captured');
    f.proxy.dropAnswer('POST', REFUNDS);
    const { refundId } = await pos.refunds.create({ paymentId, refundOrderId: 'REFUND-DROP', amount: 2.5, currencyCode: 'DKK' });
    assert.deepEqual((await pos.refunds.list(paymentId)).refundIds, [refundId]);
    f.proxy.dropAnswer('POST', /\/refunds\/[^/]+\/capture$/);
    await pos.refunds.capture(refundId);
    assert.equal((await pos.refunds.get(refundId)).status, 'Captured');
  });

  test('500 and 429 on a GET are retried', async () => {
    const pos = f.client();
    const before = f.proxy.requests('GET', /^\/pos\/v10\/stores/).length;
    f.proxy.answer('GET', /^\/pos\/v10\/stores/, 500);
    f.proxy.answer('GET', /^\/pos\/v10\/stores/, 429, 1, { 'retry-after': '0' });
    const { storeIds } = await pos.stores.list();
    assert.ok(storeIds.length > 0);
    assert.equal(f.proxy.requests('GET', /^\/pos\/v10\/stores/).length - before, 3);
  });

  test('a slow answer times out and is asked again', async () => {
    const pos = f.client({ timeouts: { readMs: 200 } });
    await pos.stores.list();
    const before = f.proxy.requests('GET', /^\/pos\/v10\/stores/).length;
    f.proxy.delay('GET', /^\/pos\/v10\/stores/, 400);
    await pos.stores.list();
    assert.equal(f.proxy.requests('GET', /^\/pos\/v10\/stores/).length - before, 2);
  });

  test('retries run out: the last 5xx is thrown, after 1 + retries attempts', async () => {
    const pos = f.client({ retry: { retries: 2, baseDelayMs: 10 } });
    await pos.stores.list();
    const before = f.proxy.requests('GET', /^\/pos\/v10\/stores/).length;
    f.proxy.answer('GET', /^\/pos\/v10\/stores/, 503, 3);
    await assert.rejects(pos.stores.list(), (err) => err instanceof PosV10Error && err.status === 503 && err.correlationId === 'proxy');
    assert.equal(f.proxy.requests('GET', /^\/pos\/v10\/stores/).length - before, 3);
  });

  test('a call that is not safe to repeat (delete) is sent once, whatever happens', async () => {
    const pos = f.client();
    const { posId } = await f.till(pos);
    f.proxy.answer('DELETE', /^\/pos\/v10\/pointofsales\//, 500);
    await assert.rejects(pos.pointOfSales.delete(posId), (err) => err instanceof PosV10Error && err.status === 500);
    f.proxy.dropAnswer('DELETE', /^\/pos\/v10\/pointofsales\//);
    await assert.rejects(pos.pointOfSales.delete(posId), PosV10NetworkError);
    assert.equal(f.proxy.requests('DELETE', /^\/pos\/v10\/pointofsales\//).length, 2);
  });

  test('a 4xx is never retried: 409 1301 comes back at once with its code and correlation id', async () => {
    const pos = f.client();
    const { posId } = await f.till(pos);
    await pos.payments.initiate(order(posId, 'ORDER-A'));
    const before = f.proxy.requests('POST', PAYMENTS).length;
    await assert.rejects(pos.payments.initiate(order(posId, 'ORDER-B')), (err) => {
      assert.ok(err instanceof PosV10Error);
      assert.equal(err.status, 409);
      assert.equal(err.code, '1301');
      assert.match(err.correlationId ?? '', /\S/);
      return true;
    });
    assert.equal(f.proxy.requests('POST', PAYMENTS).length - before, 1);
  });
});
