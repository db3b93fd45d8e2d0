/**
 * The PoS tables on every database posv10 runs on (the run's dialect, or both when run by hand).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, openTestDb } from '../helpers/database.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { newId } from '../../src/shared/random.ts';
import { addClient, addIntegrator } from '../../src/integrators/integrator.service.ts';
import { addMerchant, addStore } from '../../src/merchants/merchant.service.ts';
import * as pos from '../../src/pos/points-of-sale/point-of-sale.repository.ts';
import { findActiveCheckin, insertCheckin } from '../../src/pos/checkins/checkin.repository.ts';
import { claimKey, completeKey, findKey } from '../../src/pos/idempotency/idempotency.repository.ts';

for (const dialect of DIALECTS) {
  test(`${dialect}: active points of sale keep beacon ids and merchantPosIds unique; deleted ones free them`, async () => {
    const handle = await openTestDb(dialect);
    try {
      const db = handle.db;
      const clock = new ManualClock();
      const integrator = await addIntegrator(db, clock, { name: 'I', email: 'i@example.com', phone: '+4520031801' });
      await addClient(db, clock, integrator.id);
      const merchant = await addMerchant(db, clock, { vat: 'DK12345678', name: 'M' });
      const store = await addStore(db, clock, {
        vat: 'DK12345678',
        brandId: 'MPPOSCERT1',
        brandName: 'B',
        locationId: '00001',
        name: 'S',
        street: 'St',
        zipCode: '2100',
        city: 'C',
      });
      const row = (merchantPosId: string, beaconId: string): pos.PointOfSaleRow => ({
        id: newId(),
        integrator_id: integrator.id,
        merchant_id: merchant.id,
        store_id: store.id,
        merchant_pos_id: merchantPosId,
        name: 'Register',
        beacon_id: beaconId,
        callback_alias: null,
        supported_beacon_types: '["QR"]',
        require_payment_before_checkin: 0,
        created_at: clock.now().toISOString(),
        deleted_at: null,
      });
      const first = row('p1', '111111111111111');
      await pos.insertPointOfSale(db, first);
      await assert.rejects(pos.insertPointOfSale(db, row('p2', '111111111111111')));
      await assert.rejects(pos.insertPointOfSale(db, row('p1', '222222222222222')));
      assert.equal(await pos.markPointOfSaleDeleted(db, first.id, clock.now().toISOString()), true);
      assert.equal(await pos.markPointOfSaleDeleted(db, first.id, clock.now().toISOString()), false);
      const second = row('p1', '111111111111111');
      await pos.insertPointOfSale(db, second);
      assert.equal((await pos.findActivePointOfSaleByBeacon(db, '111111111111111'))?.id, second.id);
      assert.deepEqual(await pos.listActivePointOfSaleIds(db, { integratorId: integrator.id, merchantId: merchant.id, merchantPosId: 'p1' }), [second.id]);

      const checkin = {
        pos_id: second.id,
        phone_number: '+4520031801',
        customer_token: null,
        customer_receipt_token: null,
        loyalty_ids: null,
        checked_in_at: clock.now().toISOString(),
      };
      await insertCheckin(db, checkin);
      await insertCheckin(db, { ...checkin, phone_number: '+4520031802' });
      assert.equal((await findActiveCheckin(db, second.id))?.phone_number, '+4520031802');

      const key = { scope: 'i|m', key: 'k', request_hash: 'ab', status: null, response: null, created_at: 'x', expires_at: 'y' };
      assert.equal(await claimKey(db, key), true);
      assert.equal(await claimKey(db, key), false);
      await completeKey(db, 'i|m', 'k', 200, '{"posId":"x"}');
      assert.equal((await findKey(db, 'i|m', 'k'))?.status, 200);
      // A claim made once the key has expired (its created_at at or past expires_at 'y') takes it over, answer and all.
      assert.equal(await claimKey(db, { ...key, request_hash: 'cd', created_at: 'z', expires_at: 'zz' }), true);
      assert.deepEqual(await findKey(db, 'i|m', 'k'), { ...key, request_hash: 'cd', created_at: 'z', expires_at: 'zz' });
    } finally {
      await handle.close();
    }
  });
}
