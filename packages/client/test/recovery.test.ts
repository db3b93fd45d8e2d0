import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PosV10Error } from '../src/index.ts';
import { CUSTOMER, order, SANDBOX, useFixture } from './helpers/fixture.ts';

describe('recovery against a real server', () => {
  const f = useFixture();

  test('after a crash, 1301 is resolved by recoverActive: the active payment is cancelled, a reserved one kept', async () => {
    const before = f.client();
    const { posId, beaconId } = await f.till(before);
    const paid = await before.payments.initiate(order(posId, 'ORDER-PAID'));
    await before.userSimulation.checkIn(beaconId, CUSTOMER);
    await before.userSimulation.acceptPayment(beaconId, CUSTOMER);
    const lost = await before.payments.initiate(order(posId, 'ORDER-LOST'));

    const after = f.client(); // the till restarted and forgot both payment ids
    await assert.rejects(after.payments.initiate(order(posId, 'ORDER-NEXT')), (err) => err instanceof PosV10Error && err.code === '1301');
    const recovered = await after.payments.recoverActive({ posId });
    assert.deepEqual(
      recovered.cancelled.map((p) => [p.paymentId, p.status]),
      [[lost.paymentId, 'CancelledByClient']],
    );
    assert.deepEqual(
      recovered.reserved.map((p) => [p.paymentId, p.status]),
      [[paid.paymentId, 'Reserved']],
    );
    const next = await after.payments.initiate(order(posId, 'ORDER-NEXT'));
    assert.notEqual(next.paymentId, lost.paymentId);
  });

  test('recoverActive with an orderId touches only that order', async () => {
    const pos = f.client();
    const { posId } = await f.till(pos);
    const { paymentId } = await pos.payments.initiate(order(posId, 'ORDER-OTHER'));
    assert.deepEqual(await pos.payments.recoverActive({ posId, orderId: 'ORDER-UNKNOWN' }), { cancelled: [], reserved: [] });
    assert.equal((await pos.payments.get(paymentId)).status, 'Initiated');
  });

  test('findOrCreate creates a PoS once and finds it after a restart (409 1200)', async () => {
    const pos = f.client();
    const { storeIds } = await pos.stores.list({ merchantBrandId: SANDBOX.merchantBrandId, merchantLocationId: SANDBOX.merchantLocationId });
    const request = { merchantPosId: 'find-or-create', storeId: storeIds[0]!, name: 'Till', supportedBeaconTypes: ['QR' as const] };
    const first = await pos.pointOfSales.findOrCreate(request);
    assert.equal(first.created, true);
    const before = f.proxy.requests('POST', /^\/pos\/v10\/pointofsales$/).length;
    const second = await f.client().pointOfSales.findOrCreate(request);
    assert.deepEqual(second, { posId: first.posId, created: false });
    assert.equal(f.proxy.requests('POST', /^\/pos\/v10\/pointofsales$/).length - before, 1);
  });

  test('findOrCreate passes on other errors', async () => {
    const pos = f.client();
    await assert.rejects(
      pos.pointOfSales.findOrCreate({
        merchantPosId: 'bad-store',
        storeId: '00000000-0000-4000-8000-000000000000',
        name: 'Till',
        supportedBeaconTypes: ['QR'],
      }),
      (err) => err instanceof PosV10Error && err.code !== '1200',
    );
  });
});
