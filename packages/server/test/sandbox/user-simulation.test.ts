/** The sandbox user simulation: who may call it, where it exists, and what a check-in does. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPosFixture, newIdempotencyKey, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError, posCall } from '../helpers/pos.ts';
import { findTestUser } from '../../src/sandbox/test-users.ts';
import { USERS, checked, createTill, expire, getPayment, initiateOk, prepare, simulate, simulateOk } from '../helpers/payments.ts';

describe('user simulation (sandbox)', () => {
  let t: TestPlatform;
  let f: PosFixture;
  before(async () => {
    t = await startTestPlatform({ POSV10_MODE: 'sandbox' });
    f = await addPosFixture(t);
  });
  after(() => t.close());

  it('requires a valid bearer token (401) but no PoS headers', async () => {
    const till = await createTill(t.app, f);
    const res = await t.app.inject({ method: 'POST', url: '/pos/app/usersimulation/checkin', payload: { beaconId: till.beaconId, phoneNumber: USERS.credit } });
    assert.equal(res.statusCode, 401);
    assert.match(String(res.headers['www-authenticate']), /invalid_token/);
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit });
  });

  it('a PoS that requires a payment before check-in refuses a customer until it has one', async () => {
    const till = await createTill(t.app, f, { requirePaymentBeforeCheckin: true });
    assertPosError(await simulate(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit }), 409, '1001');
    const paymentId = await initiateOk(t.app, f, till.posId);
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    assert.equal((await getPayment(t.app, f, paymentId)).status, 'IssuedToUser');
  });

  it('the check-in ends once the payment is reserved, so the next payment waits for a new one', async () => {
    const till = await createTill(t.app, f);
    await initiateOk(t.app, f, till.posId);
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    await simulateOk(t.app, f, 'acceptpayment', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    const checkin = checked(
      await posCall(t.app, f.headers, 'GET', `/pos/v10/pointofsales/${till.posId}/checkin`),
      'GET',
      '/pos/v10/pointofsales/{posid}/checkin',
    );
    assert.equal(checkin.json<{ isUserCheckedIn: boolean }>().isUserCheckedIn, false);
    const next = await initiateOk(t.app, f, till.posId);
    assert.equal((await getPayment(t.app, f, next)).status, 'Initiated');
  });

  it('another user cannot accept a payment issued to someone else; a refused check-in changes nothing', async () => {
    const till = await createTill(t.app, f);
    const paymentId = await initiateOk(t.app, f, till.posId);
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    assertPosError(await simulate(t.app, f, 'acceptpayment', { beaconId: till.beaconId, phoneNumber: USERS.debit }), 400, '1099');
    assertPosError(await simulate(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.debit }), 400, '1099');
    const checkin = checked(
      await posCall(t.app, f.headers, 'GET', `/pos/v10/pointofsales/${till.posId}/checkin`),
      'GET',
      '/pos/v10/pointofsales/{posid}/checkin',
    );
    assert.equal(checkin.json<{ customerToken: string }>().customerToken, findTestUser(USERS.credit)!.customerToken);
    await simulateOk(t.app, f, 'acceptpayment', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    assert.equal((await getPayment(t.app, f, paymentId)).status, 'Reserved');
  });

  it('a retried initiate with the same idempotency key returns the same payment', async () => {
    const till = await createTill(t.app, f);
    const key = newIdempotencyKey();
    const body = { posId: till.posId, orderId: 'ORDER-R', amount: 10, currencyCode: 'DKK', plannedCaptureDelay: 'None' };
    const first = await posCall(t.app, f.headers, 'POST', '/pos/v10/payments', body, { 'x-mobilepay-idempotency-key': key });
    const again = await posCall(t.app, f.headers, 'POST', '/pos/v10/payments', body, { 'x-mobilepay-idempotency-key': key });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(checked(again, 'POST', '/pos/v10/payments').json(), first.json());
  });

  it('prepared payments pair with the customer who checks in', async () => {
    const till = await createTill(t.app, f);
    const paymentId = (await prepare(t.app, f, till.posId)).json<{ paymentId: string }>().paymentId;
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.partial });
    const paired = await getPayment(t.app, f, paymentId);
    assert.equal(paired.status, 'Paired');
    assert.equal(typeof paired.customerToken, 'string');
  });
});

describe('user simulation (production)', () => {
  it('does not exist: 404', async () => {
    const t = await startTestPlatform({
      POSV10_MODE: 'production',
      POSV10_KEY_ENCRYPTION_SECRET: 'a-long-enough-test-secret',
      POSV10_ADMIN_TOKEN: 'admin-token-for-tests-0123456789abcdef',
    });
    try {
      const f = await addPosFixture(t);
      for (const action of ['checkin', 'acceptpayment', 'cancelpaymentbyuser'] as const) {
        assert.equal((await simulate(t.app, f, action, { beaconId: '123456789012345', phoneNumber: USERS.credit })).statusCode, 404);
      }
      // Sandbox time does not exist there either.
      assert.equal((await expire(t.app, f, { paymentId: '6f1b1a5e-0000-4000-8000-000000000000' })).statusCode, 404);
    } finally {
      await t.close();
    }
  });
});
