/**
 * Every payment flow of the published API, end to end over HTTP, with the sandbox user simulation
 * standing in for the customer's app; every body checked against the contract.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPosFixture, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError, posCall } from '../helpers/pos.ts';
import {
  USERS,
  cancel,
  capture,
  capturedPayment,
  checked,
  createRefund,
  createTill,
  getPayment,
  getRefund,
  initiateOk,
  prepare,
  ready,
  reservedPayment,
  simulate,
  simulateOk,
  statusOf,
} from '../helpers/payments.ts';
import { POLL_DELAY_MS } from '../../src/pos/payments/payment.service.ts';
import { findTestUser } from '../../src/sandbox/test-users.ts';
import { addStore, listMerchants, listStores } from '../../src/merchants/merchant.service.ts';

/**
 * The sandbox's certification store of DK90000028 (brand MPPOSCERT1, location 00001): the one the
 * sandbox seeds, or made here when this build does not seed it.
 */
async function certificationStore(t: TestPlatform): Promise<string> {
  const merchant = (await listMerchants(t.platform.db)).find((m) => m.vat === 'DK90000028')!;
  const seeded = (await listStores(t.platform.db, merchant.id)).find((s) => s.merchant_brand_id === 'MPPOSCERT1' && s.merchant_location_id === '00001');
  if (seeded !== undefined) return seeded.id;
  const store = await addStore(t.platform.db, t.clock, {
    vat: 'DK90000028',
    brandId: 'MPPOSCERT1',
    brandName: 'Certification',
    locationId: '00001',
    name: 'Certification store',
    street: 'Test Street 1',
    zipCode: '2100',
    city: 'København',
  });
  return store.id;
}

describe('payment flows (sandbox, end to end)', () => {
  let t: TestPlatform;
  let f: PosFixture;
  before(async () => {
    t = await startTestPlatform();
    f = await addPosFixture(t, { vat: 'DK90000028', locationId: '00099' });
    f = { ...f, storeId: await certificationStore(t) };
  });
  after(() => t.close());

  it('initiate, then check-in issues it to the user, accept reserves, capture completes', async () => {
    const till = await createTill(t.app, f);
    const paymentId = await initiateOk(t.app, f, till.posId);
    const initiated = await getPayment(t.app, f, paymentId);
    assert.equal(initiated.status, 'Initiated');
    assert.equal(initiated.pollDelayInMs, POLL_DELAY_MS);
    assert.equal(initiated.customerToken, null);
    assert.equal('partialCapturePossible' in initiated, false);

    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    const issued = await getPayment(t.app, f, paymentId);
    assert.equal(issued.status, 'IssuedToUser');
    assert.equal(issued.customerToken, findTestUser(USERS.credit)!.customerToken);

    await simulateOk(t.app, f, 'acceptpayment', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    const reserved = await getPayment(t.app, f, paymentId);
    assert.equal(reserved.status, 'Reserved');
    assert.equal(reserved.partialCapturePossible, false);
    assert.ok(Date.parse(reserved.paymentExpiresAt!) > t.clock.now().getTime());

    assert.equal((await capture(t.app, f, paymentId, 12.5)).statusCode, 200);
    assert.equal(await statusOf(t.app, f, paymentId), 'Captured');
  });

  it('a user checked in before the payment gets it issued at once, with loyalty ids', async () => {
    const till = await createTill(t.app, f);
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.loyalty });
    const checkin = checked(
      await posCall(t.app, f.headers, 'GET', `/pos/v10/pointofsales/${till.posId}/checkin`),
      'GET',
      '/pos/v10/pointofsales/{posid}/checkin',
    );
    assert.equal(checkin.json<{ isUserCheckedIn: boolean }>().isUserCheckedIn, true);
    const paymentId = await initiateOk(t.app, f, till.posId);
    const issued = await getPayment(t.app, f, paymentId);
    assert.equal(issued.status, 'IssuedToUser');
    assert.deepEqual(issued.loyaltyIds, [...findTestUser(USERS.loyalty)!.loyaltyIds]);
    await simulateOk(t.app, f, 'acceptpayment', { beaconId: till.beaconId, phoneNumber: USERS.loyalty });
    assert.equal(await statusOf(t.app, f, paymentId), 'Reserved');
  });

  it('prepared flow: prepare, check-in pairs it, ready issues it, accept and capture', async () => {
    const till = await createTill(t.app, f);
    const res = await prepare(t.app, f, till.posId);
    assert.equal(res.statusCode, 200, res.body);
    const paymentId = res.json<{ paymentId: string }>().paymentId;
    const prepared = await getPayment(t.app, f, paymentId);
    assert.equal(prepared.status, 'Prepared');
    assert.equal(prepared.amount, null);
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    assert.equal(await statusOf(t.app, f, paymentId), 'Paired');
    // The contract types amounts as numbers: a string is 400 1102 and changes nothing.
    assertPosError(await ready(t.app, f, paymentId, { amount: '99.95' }), 400, '1102');
    assert.equal(await statusOf(t.app, f, paymentId), 'Paired');
    assert.equal((await ready(t.app, f, paymentId, { amount: 99.95 })).statusCode, 200);
    const issued = await getPayment(t.app, f, paymentId);
    assert.equal(issued.status, 'IssuedToUser');
    assert.equal(issued.amount, 99.95);
    await simulateOk(t.app, f, 'acceptpayment', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    assertPosError(await capture(t.app, f, paymentId, '99.95'), 400, '1102');
    assert.equal((await capture(t.app, f, paymentId, 99.95)).statusCode, 200);
    assert.equal(await statusOf(t.app, f, paymentId), 'Captured');
  });

  it('prepared flow with ready before check-in: Initiated, then issued on check-in', async () => {
    const till = await createTill(t.app, f);
    const paymentId = (await prepare(t.app, f, till.posId)).json<{ paymentId: string }>().paymentId;
    assert.equal((await ready(t.app, f, paymentId)).statusCode, 200);
    assert.equal(await statusOf(t.app, f, paymentId), 'Initiated');
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.fiCredit });
    assert.equal(await statusOf(t.app, f, paymentId), 'IssuedToUser');
  });

  it('partial capture with the partial-capture test user; a retry of the same amount is 200', async () => {
    const { paymentId } = await reservedPayment(t.app, f, { amount: 100 }, USERS.partial);
    assert.equal((await getPayment(t.app, f, paymentId)).partialCapturePossible, true);
    assert.equal((await capture(t.app, f, paymentId, 60)).statusCode, 200);
    assert.equal((await capture(t.app, f, paymentId, 60)).statusCode, 200);
    assert.equal(await statusOf(t.app, f, paymentId), 'Captured');
  });

  it('cancel by the client, and a retried cancel is 200', async () => {
    const till = await createTill(t.app, f);
    const paymentId = await initiateOk(t.app, f, till.posId);
    assert.equal((await cancel(t.app, f, paymentId)).statusCode, 200);
    assert.equal((await cancel(t.app, f, paymentId)).statusCode, 200);
    assert.equal(await statusOf(t.app, f, paymentId), 'CancelledByClient');
    // The till is free again.
    await initiateOk(t.app, f, till.posId);
  });

  it('a reserved payment can be cancelled by the client', async () => {
    const { paymentId } = await reservedPayment(t.app, f);
    assert.equal((await cancel(t.app, f, paymentId)).statusCode, 200);
    assert.equal(await statusOf(t.app, f, paymentId), 'CancelledByClient');
  });

  it('cancel by the user in the app', async () => {
    const till = await createTill(t.app, f);
    const paymentId = await initiateOk(t.app, f, till.posId);
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    await simulateOk(t.app, f, 'cancelpaymentbyuser', { beaconId: till.beaconId });
    assert.equal(await statusOf(t.app, f, paymentId), 'CancelledByUser');
  });

  it('a debit card on a payment that disallows debit cards: CancelledByMobilePay', async () => {
    const { paymentId } = await reservedPayment(t.app, f, { restrictions: { debitCardDisallowed: true, creditCardDisallowed: false } }, USERS.debit);
    assert.equal(await statusOf(t.app, f, paymentId), 'CancelledByMobilePay');
  });

  it('a credit card on a payment that disallows credit cards: CancelledByMobilePay; a debit card is fine', async () => {
    const restricted = { restrictions: { creditCardDisallowed: true } };
    assert.equal(await statusOf(t.app, f, (await reservedPayment(t.app, f, restricted, USERS.credit)).paymentId), 'CancelledByMobilePay');
    assert.equal(await statusOf(t.app, f, (await reservedPayment(t.app, f, restricted, USERS.debit)).paymentId), 'Reserved');
  });

  it('refunds several times up to the captured amount, captured and listed', async () => {
    const paymentId = await capturedPayment(t.app, f, { amount: 30 });
    const ids: string[] = [];
    for (const amount of [10, 15.5, 4.5]) {
      const res = await createRefund(t.app, f, paymentId, amount);
      assert.equal(res.statusCode, 200, res.body);
      ids.push(res.json<{ refundId: string }>().refundId);
    }
    const first = await getRefund(t.app, f, ids[0]!);
    assert.equal(first.json<{ status: string }>().status, 'Reserved');
    assert.equal(first.json<{ pollDelayInMs: number }>().pollDelayInMs, POLL_DELAY_MS);
    for (const id of ids) {
      const res = checked(await posCall(t.app, f.headers, 'POST', `/pos/v10/refunds/${id}/capture`), 'POST', '/pos/v10/refunds/{refundid}/capture');
      assert.equal(res.statusCode, 200, res.body);
    }
    assert.equal((await getRefund(t.app, f, ids[2]!)).json<{ status: string }>().status, 'Captured');
    const over = await createRefund(t.app, f, paymentId, 0.01);
    assert.equal(over.json<{ code: string }>().code, '1367');
    const list = checked(await posCall(t.app, f.headers, 'GET', `/pos/v10/refunds?paymentId=${paymentId}`), 'GET', '/pos/v10/refunds');
    assert.deepEqual(list.json<{ refundIds: string[] }>().refundIds.sort(), [...ids].sort());
  });

  it('a cancelled refund frees its amount for another refund', async () => {
    const paymentId = await capturedPayment(t.app, f, { amount: 20 });
    const refundId = (await createRefund(t.app, f, paymentId, 20)).json<{ refundId: string }>().refundId;
    const res = checked(await posCall(t.app, f.headers, 'POST', `/pos/v10/refunds/${refundId}/cancel`), 'POST', '/pos/v10/refunds/{refundid}/cancel');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await getRefund(t.app, f, refundId)).json<{ status: string }>().status, 'CancelledByClient');
    assert.equal((await createRefund(t.app, f, paymentId, 20)).statusCode, 200);
  });

  it('lists active and reserved payments of a PoS, and captured ones on request', async () => {
    const till = await createTill(t.app, f);
    const first = await initiateOk(t.app, f, till.posId, {}, 'ORDER-L');
    await simulateOk(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    await simulateOk(t.app, f, 'acceptpayment', { beaconId: till.beaconId, phoneNumber: USERS.credit });
    // A reused orderId maps to the payment made last: a millisecond later is enough to tell.
    t.clock.advance(1);
    const second = await initiateOk(t.app, f, till.posId, {}, 'ORDER-L');
    const list = async (query: string) =>
      checked(await posCall(t.app, f.headers, 'GET', `/pos/v10/payments?${query}`), 'GET', '/pos/v10/payments').json<{ paymentIds: string[] }>().paymentIds;
    assert.deepEqual((await list(`posId=${till.posId}`)).sort(), [first, second].sort());
    assert.deepEqual(await list(`posId=${till.posId}&state=Captured`), []);
    await capture(t.app, f, first, 12.5);
    assert.deepEqual(await list(`posId=${till.posId}&state=Captured`), [first]);
    assert.deepEqual(await list(`posId=${till.posId}&orderId=ORDER-L`), [second]);
  });

  // best-practices.md "Handling lost paymentIds": "if the orderId is not unique the mapping is
  // overwritten and the endpoint will return the latest paymentId that was associated with the
  // specified orderId".
  it('a reused orderId finds only its latest payment, whatever state the older ones are in', async () => {
    const till = await createTill(t.app, f);
    const list = async (query: string) =>
      checked(await posCall(t.app, f.headers, 'GET', `/pos/v10/payments?${query}`), 'GET', '/pos/v10/payments').json<{ paymentIds: string[] }>().paymentIds;
    const { paymentId: old } = await reservedPayment(t.app, f, {}, USERS.credit, 'ORDER-R');
    assert.deepEqual(await list('orderId=ORDER-R'), [old]);
    t.clock.advance(1);
    const latest = await initiateOk(t.app, f, till.posId, {}, 'ORDER-R');
    assert.deepEqual(await list('orderId=ORDER-R'), [latest]);
    assert.deepEqual((await list(`posId=${till.posId}`)).includes(latest), true);
    await capture(t.app, f, old, 12.5);
    // The old payment no longer answers for the orderId, not even as a captured one.
    assert.deepEqual(await list('orderId=ORDER-R&state=Captured'), []);
    assert.equal((await cancel(t.app, f, latest)).statusCode, 200);
    assert.deepEqual(await list('orderId=ORDER-R'), []);
  });

  // cancel-flows.md: "a payment can be cancelled by the customer when the payment is in state Paired or IssuedToUser".
  it('the customer cannot cancel a payment nobody checked in to (Initiated): 400 1099, and it stays Initiated', async () => {
    const till = await createTill(t.app, f);
    const paymentId = await initiateOk(t.app, f, till.posId);
    const res = await simulate(t.app, f, 'cancelpaymentbyuser', { beaconId: till.beaconId });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json<{ code: string }>().code, '1099');
    assert.equal(await statusOf(t.app, f, paymentId), 'Initiated');
  });
});
