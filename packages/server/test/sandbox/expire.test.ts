/**
 * Sandbox time: POST /pos/app/usersimulation/expire makes a payment's or refund's lifetime elapse
 * now, and the next read shows the state real time would give (through the same `expire` rule).
 * Lifetimes followed: payment-flows/payment-flow.md (unaccepted payments inactive too long end
 * CancelledByMobilePay; a reservation lives 7 days, then ExpiredAndCancelled), refunds.md (a
 * refund reservation is captured after 24 hours; refunds up to 90 days after capture).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { revokeIntegrator } from '../../src/merchants/merchant.service.ts';
import { addPosFixture, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError } from '../helpers/pos.ts';
import {
  USERS,
  capturedPayment,
  createRefund,
  createTill,
  expire,
  getPayment,
  getRefund,
  initiateOk,
  reservedPayment,
  simulateOk,
} from '../helpers/payments.ts';

describe('sandbox time: /pos/app/usersimulation/expire', () => {
  let t: TestPlatform;
  let f: PosFixture;
  before(async () => {
    t = await startTestPlatform({ POSV10_MODE: 'sandbox' });
    f = await addPosFixture(t);
  });
  after(() => t.close());

  const refundIdOf = async (paymentId: string, amount = 1) => (await createRefund(t.app, f, paymentId, amount)).json<{ refundId: string }>().refundId;

  it('an unaccepted payment ends CancelledByMobilePay on the next read, and its PoS is free again', async () => {
    const till = await createTill(t.app, f);
    const paymentId = await initiateOk(t.app, f, till.posId);
    assert.equal((await expire(t.app, f, { paymentId })).statusCode, 200);
    assert.equal((await getPayment(t.app, f, paymentId)).status, 'CancelledByMobilePay');
    await initiateOk(t.app, f, till.posId);
  });

  it('a paired payment too: the customer at the till leaves with it', async () => {
    const till = await createTill(t.app, f);
    const paymentId = await initiateOk(t.app, f, till.posId);
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    assert.equal((await expire(t.app, f, { paymentId })).statusCode, 200);
    assert.equal((await getPayment(t.app, f, paymentId)).status, 'CancelledByMobilePay');
  });

  it('a Reserved payment shows its 7-day deadline and ends ExpiredAndCancelled; then it cannot be captured or cancelled', async () => {
    const { paymentId } = await reservedPayment(t.app, f);
    const reserved = await getPayment(t.app, f, paymentId);
    assert.equal(Date.parse(reserved.paymentExpiresAt!) - t.clock.now().getTime(), 7 * 24 * 3600 * 1000);
    assert.equal((await expire(t.app, f, { paymentId })).statusCode, 200);
    assert.equal((await getPayment(t.app, f, paymentId)).status, 'ExpiredAndCancelled');
    // A finished payment has no lifetime left: 409 1300, as the client's cancel of it gets.
    assertPosError(await expire(t.app, f, { paymentId }), 409, '1300');
  });

  it('advanceBy short of the deadline changes nothing yet; past it, the payment ends', async () => {
    const { paymentId } = await reservedPayment(t.app, f);
    assert.equal((await expire(t.app, f, { paymentId, advanceBy: 'P6DT23H' })).statusCode, 200);
    assert.equal((await getPayment(t.app, f, paymentId)).status, 'Reserved');
    assert.equal((await expire(t.app, f, { paymentId, advanceBy: 'PT1H' })).statusCode, 200);
    assert.equal((await getPayment(t.app, f, paymentId)).status, 'ExpiredAndCancelled');
  });

  it('a reserved refund ends ExpiredAndCaptured; a finished refund answers 409 1352', async () => {
    const refundId = await refundIdOf(await capturedPayment(t.app, f));
    assert.equal((await expire(t.app, f, { refundId })).statusCode, 200);
    assert.equal((await getRefund(t.app, f, refundId)).json<{ status: string }>().status, 'ExpiredAndCaptured');
    assertPosError(await expire(t.app, f, { refundId }), 409, '1352');
  });

  it('advanceBy P91D moves a captured payment past the 90-day refund window (1366); without it a captured payment is 409 1300', async () => {
    const paymentId = await capturedPayment(t.app, f);
    assertPosError(await expire(t.app, f, { paymentId }), 409, '1300');
    assert.equal((await expire(t.app, f, { paymentId, advanceBy: 'P89D' })).statusCode, 200);
    assert.equal((await createRefund(t.app, f, paymentId, 1)).statusCode, 200);
    assert.equal((await expire(t.app, f, { paymentId, advanceBy: 'P2D' })).statusCode, 200);
    assertPosError(await createRefund(t.app, f, paymentId, 1), 409, '1366');
    assert.equal((await getPayment(t.app, f, paymentId)).status, 'Captured');
  });

  it('only payments and refunds of the caller, for a merchant still granting it access: else 404', async () => {
    const paymentId = await capturedPayment(t.app, f);
    const refundId = await refundIdOf(paymentId);
    const stranger = await addPosFixture(t);
    for (const body of [{ paymentId }, { refundId }, { paymentId: '6f1b1a5e-0000-4000-8000-000000000000' }]) {
      const res = await expire(t.app, stranger, body);
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json<{ code: unknown }>().code, null);
    }
    const other = await addPosFixture(t, { vat: 'DK87654321' });
    const till = await createTill(t.app, other);
    const revoked = await initiateOk(t.app, other, till.posId);
    await revokeIntegrator(t.platform.db, 'DK87654321', other.client.integratorId);
    assert.equal((await expire(t.app, other, { paymentId: revoked })).statusCode, 404);
  });

  it('needs exactly one id and a duration in days, hours, minutes or seconds (400 1099), and a token (401)', async () => {
    const paymentId = await capturedPayment(t.app, f);
    for (const body of [
      {},
      { paymentId, refundId: paymentId },
      { paymentId, advanceBy: 'P1M' },
      { paymentId, advanceBy: 'P' },
      { paymentId, advanceBy: '91' },
    ]) {
      assertPosError(await expire(t.app, f, body), 400, '1099');
    }
    const res = await t.app.inject({ method: 'POST', url: '/pos/app/usersimulation/expire', payload: { paymentId } });
    assert.equal(res.statusCode, 401);
  });
});
