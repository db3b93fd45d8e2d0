/**
 * Expiry runs from the injected clock: on read (a GET, or any action on the payment) and in the
 * background sweep. Time moves with ManualClock only; no test sleeps.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { findPayment } from '../../src/pos/payments/payment.repository.ts';
import { RESERVATION_LIFETIME_SECONDS, UNRESERVED_LIFETIME_SECONDS } from '../../src/pos/payments/payment.state.ts';
import { findRefund } from '../../src/pos/refunds/refund.repository.ts';
import { REFUND_RESERVATION_LIFETIME_SECONDS } from '../../src/pos/refunds/refund.state.ts';
import { addPosFixture, issueToken, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError, posCall } from '../helpers/pos.ts';
import {
  cancel,
  capture,
  capturedPayment,
  checked,
  createRefund,
  createTill,
  getPayment,
  initiateOk,
  reservedPayment,
  simulateOk,
  USERS,
} from '../helpers/payments.ts';

describe('payment and refund expiry', () => {
  let t: TestPlatform;
  let f: PosFixture;
  beforeEach(async () => {
    t = await startTestPlatform();
    f = await addPosFixture(t);
  });
  afterEach(() => t.close());

  /** Moves the clock on and gives the fixture a token valid at the new time. */
  async function advance(seconds: number): Promise<void> {
    t.clock.advance(seconds);
    const token = await issueToken(t.app, f.client);
    f = { ...f, token, headers: { ...f.headers, authorization: `Bearer ${token}` } };
  }

  // payment-flows/payment-flow.md: an Initiated or IssuedToUser payment "inactive for too long" is
  // cancelled by MobilePay (CancelledByMobilePay); only a reservation becomes ExpiredAndCancelled.
  it('an unaccepted payment ends CancelledByMobilePay on read at its deadline and frees the PoS', async () => {
    const till = await createTill(t.app, f);
    const paymentId = await initiateOk(t.app, f, till.posId);
    const { paymentExpiresAt } = await getPayment(t.app, f, paymentId);
    await advance(UNRESERVED_LIFETIME_SECONDS - 1);
    assert.equal((await getPayment(t.app, f, paymentId)).status, 'Initiated');
    await advance(1);
    const expired = await getPayment(t.app, f, paymentId);
    assert.equal(expired.status, 'CancelledByMobilePay');
    assert.equal(expired.paymentExpiresAt, paymentExpiresAt);
    await initiateOk(t.app, f, till.posId);
  });

  it('an overdue active payment does not block a new one on its PoS, even unread', async () => {
    const till = await createTill(t.app, f);
    const first = await initiateOk(t.app, f, till.posId);
    await advance(UNRESERVED_LIFETIME_SECONDS);
    await initiateOk(t.app, f, till.posId);
    assert.equal((await getPayment(t.app, f, first)).status, 'CancelledByMobilePay');
  });

  it('a new payment on a PoS freed from an overdue one is not issued to the customer the overdue one ended', async () => {
    const till = await createTill(t.app, f);
    const first = await initiateOk(t.app, f, till.posId);
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    assert.equal((await getPayment(t.app, f, first)).status, 'IssuedToUser');
    await advance(UNRESERVED_LIFETIME_SECONDS);
    const second = await initiateOk(t.app, f, till.posId);
    assert.equal((await getPayment(t.app, f, first)).status, 'CancelledByMobilePay');
    // Expiring the first payment ended its customer's check-in: the new one waits for a customer.
    assert.equal((await getPayment(t.app, f, second)).status, 'Initiated');
  });

  // payment-flows/payment-flow.md: "the lifetime of the reservation which is 7 days".
  it('an expired reservation cannot be captured (1304) nor cancelled (1300)', async () => {
    const { paymentId } = await reservedPayment(t.app, f);
    await advance(RESERVATION_LIFETIME_SECONDS);
    assertPosError(await capture(t.app, f, paymentId, 12.5), 409, '1304', { method: 'POST', path: '/pos/v10/payments/{paymentid}/capture' });
    assert.equal((await getPayment(t.app, f, paymentId)).status, 'ExpiredAndCancelled');
    // cancel-flows.md: cancellable by the client "until the state has changed to Captured or ExpiredAndCancelled".
    assertPosError(await cancel(t.app, f, paymentId), 409, '1300', { method: 'POST', path: '/pos/v10/payments/{paymentid}/cancel' });
  });

  it('a reservation lives 7 days whatever its planned capture delay, and shows that deadline', async () => {
    for (const plannedCaptureDelay of ['None', 'LessThan14Days'] as const) {
      const { paymentId } = await reservedPayment(t.app, f, { plannedCaptureDelay });
      const { paymentExpiresAt } = await getPayment(t.app, f, paymentId);
      assert.equal(Date.parse(paymentExpiresAt!) - t.clock.now().getTime(), 7 * 24 * 3600 * 1000);
      await advance(RESERVATION_LIFETIME_SECONDS - 1);
      assert.equal((await getPayment(t.app, f, paymentId)).status, 'Reserved');
      await advance(1);
      assert.equal((await getPayment(t.app, f, paymentId)).status, 'ExpiredAndCancelled');
    }
  });

  it('expired payments leave the list of active and reserved payments', async () => {
    const till = await createTill(t.app, f);
    await initiateOk(t.app, f, till.posId);
    await advance(UNRESERVED_LIFETIME_SECONDS);
    const res = checked(await posCall(t.app, f.headers, 'GET', `/pos/v10/payments?posId=${till.posId}`), 'GET', '/pos/v10/payments');
    assert.deepEqual(res.json<{ paymentIds: string[] }>().paymentIds, []);
  });

  it('the sweep expires payments nobody reads, and reserved refunds become ExpiredAndCaptured', async () => {
    const till = await createTill(t.app, f);
    const unread = await initiateOk(t.app, f, till.posId);
    const captured = await capturedPayment(t.app, f);
    const refundId = (await createRefund(t.app, f, captured, 1)).json<{ refundId: string }>().refundId;
    t.clock.advance(UNRESERVED_LIFETIME_SECONDS);
    assert.deepEqual(await t.platform.pos.expiry.sweep(), { payments: 1, refunds: 0 });
    assert.equal((await findPayment(t.platform.db, unread))?.status, 'CancelledByMobilePay');
    assert.equal((await findPayment(t.platform.db, captured))?.status, 'Captured');
    t.clock.advance(REFUND_RESERVATION_LIFETIME_SECONDS);
    assert.deepEqual(await t.platform.pos.expiry.sweep(), { payments: 0, refunds: 1 });
    assert.equal((await findRefund(t.platform.db, refundId))?.status, 'ExpiredAndCaptured');
  });

  it('the background sweep runs on its interval and stops', async () => {
    const till = await createTill(t.app, f);
    const paymentId = await initiateOk(t.app, f, till.posId);
    t.clock.advance(UNRESERVED_LIFETIME_SECONDS);
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      const errors: unknown[] = [];
      const stop = t.platform.pos.expiry.start(30, (err) => errors.push(err));
      mock.timers.tick(30_000);
      await stop();
      assert.deepEqual(errors, []);
    } finally {
      mock.timers.reset();
    }
    assert.equal((await findPayment(t.platform.db, paymentId))?.status, 'CancelledByMobilePay');
  });
});
