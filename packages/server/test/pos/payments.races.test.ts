/**
 * Requests racing on one payment cannot both win: capture vs cancel, two captures, two initiates
 * on one PoS, many refunds summing above the captured amount. Run through the services on every
 * database (PostgreSQL gives real concurrency: several connections, row locks), so the totals are
 * checked where it matters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/shared/clock.ts';
import { addIntegrator } from '../../src/integrators/integrator.service.ts';
import { addMerchant, addStore, GrantedMerchants, grantIntegrator } from '../../src/merchants/merchant.service.ts';
import { createPosArea, type PosArea } from '../../src/pos/pos.area.ts';
import { NO_NOTIFICATIONS } from '../../src/pos/pos.ports.ts';
import type { PosCaller } from '../../src/pos/pos.context.ts';
import { PosError } from '../../src/pos/pos.errors.ts';
import { sumCountedRefunds } from '../../src/pos/refunds/refund.repository.ts';
import { findTestUser } from '../../src/sandbox/test-users.ts';
import type { MerchantVat } from '../../src/shared/vat.ts';
import { DIALECTS, openTestDb, type TestDb } from '../helpers/database.ts';

const TERMS = { amount: 100, currencyCode: 'DKK', plannedCaptureDelay: 'None' } as const;

/** The code a settled request ended with: 'ok' or the PosError's API code. */
async function outcomes(promises: Promise<unknown>[]): Promise<(string | null)[]> {
  const settled = await Promise.allSettled(promises);
  return settled.map((s) => {
    if (s.status === 'fulfilled') return 'ok';
    if (s.reason instanceof PosError) return s.reason.code;
    throw s.reason;
  });
}

for (const dialect of DIALECTS) {
  describe(`payment races (${dialect})`, () => {
    let t: TestDb;
    let pos: PosArea;
    const clock = new ManualClock('2026-03-01T10:00:00.000Z');
    let caller: PosCaller;
    let storeId: string;
    let counter = 0;

    before(async () => {
      t = await openTestDb(dialect);
      // Called through the services: no token is ever verified here.
      const verifier = { verify: () => Promise.reject(new Error('no tokens in this test')) };
      pos = createPosArea({ db: t.db, clock, verifier, grants: new GrantedMerchants(t.db, clock, 0), notifier: NO_NOTIFICATIONS });
      const integrator = await addIntegrator(t.db, clock, { name: 'Racer', email: 'tech@example.com', phone: '+4520031801' });
      const merchant = await addMerchant(t.db, clock, { vat: 'DK90000028', name: 'Cert merchant' });
      await grantIntegrator(t.db, clock, 'DK90000028', integrator.id);
      const store = await addStore(t.db, clock, {
        vat: 'DK90000028',
        brandId: 'MPPOSCERT1',
        brandName: 'Cert',
        locationId: '00001',
        name: 'Store',
        street: 'Street 1',
        zipCode: '2100',
        city: 'København',
      });
      storeId = store.id;
      caller = { integratorId: integrator.id, clientId: 'client', merchantId: merchant.id, merchantVat: 'DK90000028' as MerchantVat };
    });
    after(() => t.close());

    /** A payment reserved by `phone` on a PoS of its own. */
    async function reserved(phone = '+4520031805'): Promise<string> {
      counter += 1;
      const till = await pos.pointsOfSale.create(caller, { merchantPosId: `race-${counter}`, storeId, name: 'Till', supportedBeaconTypes: ['QR'] });
      const payment = await pos.payments.initiate(caller, { posId: till.id, orderId: `O-${counter}`, ...TERMS });
      await pos.payments.checkInAtBeacon(till.beacon_id, findTestUser(phone)!);
      await pos.payments.acceptAtBeacon(till.beacon_id, { phoneNumber: phone, cardType: 'credit', partialCapturePossible: true });
      return payment.id;
    }

    it('capture vs cancel: exactly one wins and the status says which', async () => {
      for (let round = 0; round < 5; round += 1) {
        const id = await reserved();
        const [captured, cancelled] = await outcomes([pos.payments.capture(caller, id, 100), pos.payments.cancel(caller, id)]);
        const status = (await pos.payments.getForCaller(caller, id)).status;
        if (status === 'Captured') assert.deepEqual([captured, cancelled], ['ok', '1300']);
        else assert.deepEqual([status, captured, cancelled], ['CancelledByClient', '1304', 'ok']);
      }
    });

    it('two captures of different amounts: one is stored, the other is 1307', async () => {
      const id = await reserved();
      const results = await outcomes([pos.payments.capture(caller, id, 40), pos.payments.capture(caller, id, 60)]);
      assert.deepEqual([...results].sort(), ['1307', 'ok']);
      const payment = await pos.payments.getForCaller(caller, id);
      assert.equal(payment.status, 'Captured');
      assert.equal(payment.status === 'Captured' && payment.capturedAmount, results[0] === 'ok' ? 4000 : 6000);
    });

    it('two initiates on one PoS: one payment, the other 1301', async () => {
      counter += 1;
      const till = await pos.pointsOfSale.create(caller, { merchantPosId: `race-${counter}`, storeId, name: 'Till', supportedBeaconTypes: ['QR'] });
      const start = (n: number) => pos.payments.initiate(caller, { posId: till.id, orderId: `O-${n}`, ...TERMS });
      assert.deepEqual((await outcomes([start(1), start(2), start(3)])).sort(), ['1301', '1301', 'ok']);
    });

    it('many refunds racing above the captured amount: the total never exceeds it', async () => {
      const id = await reserved();
      await pos.payments.capture(caller, id, 100);
      const refund = (n: number) => pos.refunds.create(caller, { paymentId: id, refundOrderId: `R-${n}`, amount: 30, currencyCode: 'DKK' });
      const results = await outcomes(Array.from({ length: 8 }, (_, n) => refund(n)));
      assert.equal(results.filter((r) => r === 'ok').length, 3);
      assert.equal(results.filter((r) => r === '1367').length, 5);
      assert.equal(await sumCountedRefunds(t.db, id), 9000);
    });
  });
}
