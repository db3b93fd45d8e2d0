import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PosV10Client, PosV10Error, SELF_CERTIFICATION_PATH, type FetchLike } from '../src/index.ts';
import { CUSTOMER, order, SANDBOX, useFixture } from './helpers/fixture.ts';

describe('a till on the SDK against a real server', () => {
  const f = useFixture();

  test('onboards, takes a payment, captures and refunds', async () => {
    const pos = f.client();
    const { storeIds } = await pos.stores.list({ merchantBrandId: SANDBOX.merchantBrandId, merchantLocationId: SANDBOX.merchantLocationId });
    assert.equal(storeIds.length, 1);
    assert.equal((await pos.stores.get(storeIds[0]!)).merchantBrandId, SANDBOX.merchantBrandId);
    const { posId } = await pos.pointOfSales.findOrCreate({ merchantPosId: 'flow-till', storeId: storeIds[0]!, name: 'Flow', supportedBeaconTypes: ['QR'] });
    const { beaconId } = await pos.pointOfSales.get(posId);
    await pos.userSimulation.checkIn(beaconId, CUSTOMER);
    assert.equal((await pos.pointOfSales.checkIn(posId)).isUserCheckedIn, true);

    const { paymentId } = await pos.payments.initiate(order(posId, 'ORDER-FLOW', 40));
    assert.equal((await pos.payments.get(paymentId)).status, 'IssuedToUser');
    await pos.userSimulation.acceptPayment(beaconId, CUSTOMER);
    const reserved = await pos.payments.waitForState(paymentId, { until: ['Reserved'] });
    assert.equal(reserved.status, 'Reserved');
    await pos.payments.capture(paymentId, 40);
    assert.equal((await pos.payments.get(paymentId)).status, 'Captured');
    assert.deepEqual((await pos.payments.list({ posId, state: 'Captured' })).paymentIds, [paymentId]);

    const { refundId } = await pos.refunds.create({ paymentId, refundOrderId: 'REFUND-FLOW', amount: 15, currencyCode: 'DKK' });
    const refund = await pos.refunds.waitForState(refundId, { until: ['Reserved'] });
    assert.equal(refund.status, 'Reserved');
    await pos.refunds.capture(refundId);
    assert.equal((await pos.refunds.get(refundId)).status, 'Captured');
    const second = await pos.refunds.create({ paymentId, refundOrderId: 'REFUND-FLOW-2', amount: 5, currencyCode: 'DKK' });
    await pos.refunds.cancel(second.refundId);
    await pos.refunds.cancel(second.refundId);
    assert.equal((await pos.refunds.get(second.refundId)).status, 'CancelledByClient');
    await assert.rejects(
      pos.refunds.create({ paymentId, refundOrderId: 'REFUND-TOO-MUCH', amount: 30, currencyCode: 'DKK' }),
      (err) => err instanceof PosV10Error && err.code === '1367',
    );
  });

  test('prepare, then ready once the customer is known', async () => {
    const pos = f.client();
    const { posId, beaconId } = await f.till(pos);
    const { paymentId } = await pos.payments.prepare({ posId, orderId: 'ORDER-PREPARED' });
    await pos.userSimulation.checkIn(beaconId, CUSTOMER);
    assert.equal((await pos.payments.waitForState(paymentId, { until: ['Paired'] })).status, 'Paired');
    await pos.payments.ready(paymentId, { amount: 10, currencyCode: 'DKK', plannedCaptureDelay: 'None' });
    assert.equal((await pos.payments.get(paymentId)).status, 'IssuedToUser');
    await pos.payments.cancel(paymentId);
    assert.equal((await pos.payments.get(paymentId)).status, 'CancelledByClient');
  });

  test('errors carry the status, the PoS code (none for not found, as the published error table says) and the correlation id', async () => {
    const pos = f.client();
    await assert.rejects(pos.payments.get('3974eae6-e36f-4148-b5ee-22689e528c75'), (err) => {
      assert.ok(err instanceof PosV10Error);
      assert.equal(err.status, 404);
      assert.equal(err.code ?? undefined, undefined);
      assert.ok(err.message.length > 0);
      assert.match(err.correlationId ?? '', /\S/);
      return true;
    });
  });
});

describe('paths', () => {
  function recording() {
    const urls: string[] = [];
    const fetch: FetchLike = async (url) => {
      urls.push(url);
      if (url.endsWith('/connect/token')) return Response.json({ access_token: 'a.b.c', expires_in: 3600, token_type: 'Bearer' });
      return Response.json({ storeIds: [] });
    };
    return { urls, fetch };
  }

  test('the self-certification option calls the self-certification API, with the same token endpoint', async () => {
    const { urls, fetch } = recording();
    const pos = new PosV10Client({
      baseUrl: 'https://api.sandbox.example/',
      clientId: 'c',
      clientSecret: 's',
      clientSystemVersion: '1.0.0',
      selfCertification: true,
      fetch,
    });
    await pos.stores.list();
    assert.deepEqual(urls, [
      'https://api.sandbox.example/integrator-authentication/connect/token',
      `https://api.sandbox.example${SELF_CERTIFICATION_PATH}/stores`,
    ]);
  });

  test('ids are encoded into one path segment', async () => {
    const { urls, fetch } = recording();
    const pos = new PosV10Client({ baseUrl: 'http://x', clientId: 'c', clientSecret: 's', clientSystemVersion: '1.0.0', fetch });
    await pos.stores.get('../payments?x=1');
    assert.equal(urls[1], 'http://x/pos/v10/stores/..%2Fpayments%3Fx%3D1');
  });
});
