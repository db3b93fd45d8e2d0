/** Every 4xx the payment and refund endpoints answer, each triggered over HTTP and checked against the contract. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addPosFixture, newIdempotencyKey, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError, posCall } from '../helpers/pos.ts';
import {
  USERS,
  cancel,
  capture,
  capturedPayment,
  createRefund,
  createTill,
  getPayment,
  initiate,
  initiateOk,
  prepare,
  ready,
  reservedPayment,
  simulate,
} from '../helpers/payments.ts';

const PAYMENTS = { method: 'POST', path: '/pos/v10/payments' } as const;
const PAYMENT = { method: 'GET', path: '/pos/v10/payments/{paymentid}' } as const;
const READY = { method: 'POST', path: '/pos/v10/payments/{paymentid}/ready' } as const;
const CAPTURE = { method: 'POST', path: '/pos/v10/payments/{paymentid}/capture' } as const;
const CANCEL = { method: 'POST', path: '/pos/v10/payments/{paymentid}/cancel' } as const;
const REFUNDS = { method: 'POST', path: '/pos/v10/refunds' } as const;
const REFUND = { method: 'GET', path: '/pos/v10/refunds/{refundid}' } as const;
const REFUND_CAPTURE = { method: 'POST', path: '/pos/v10/refunds/{refundid}/capture' } as const;
const REFUND_CANCEL = { method: 'POST', path: '/pos/v10/refunds/{refundid}/cancel' } as const;

describe('payment and refund errors', () => {
  let t: TestPlatform;
  let f: PosFixture;
  before(async () => {
    t = await startTestPlatform();
    f = await addPosFixture(t);
  });
  after(() => t.close());

  describe('409', () => {
    it('1000: initiating on a point of sale that does not exist', async () => {
      assertPosError(await initiate(t.app, f, randomUUID()), 409, '1000', PAYMENTS);
    });

    it('1001: refunding a payment that does not exist', async () => {
      assertPosError(await createRefund(t.app, f, randomUUID(), 1), 409, '1001', REFUNDS);
    });

    it('1301: a second payment while one is active on the PoS', async () => {
      const till = await createTill(t.app, f);
      await initiateOk(t.app, f, till.posId);
      assertPosError(await initiate(t.app, f, till.posId), 409, '1301', PAYMENTS);
      assertPosError(await prepare(t.app, f, till.posId), 409, '1301', { method: 'POST', path: '/pos/v10/payments/prepare' });
    });

    it('1303: ready on a payment that is not prepared', async () => {
      const till = await createTill(t.app, f);
      const paymentId = await initiateOk(t.app, f, till.posId);
      assertPosError(await ready(t.app, f, paymentId), 409, '1303', READY);
    });

    it('1304: capturing a payment that is not reserved', async () => {
      const till = await createTill(t.app, f);
      const paymentId = await initiateOk(t.app, f, till.posId);
      assertPosError(await capture(t.app, f, paymentId, 12.5), 409, '1304', CAPTURE);
    });

    it('1305: capturing more than reserved', async () => {
      const { paymentId } = await reservedPayment(t.app, f, {}, USERS.partial);
      assertPosError(await capture(t.app, f, paymentId, 12.51), 409, '1305', CAPTURE);
    });

    it('1306: the same idempotency key for a different request', async () => {
      const till = await createTill(t.app, f);
      const key = newIdempotencyKey();
      await initiate(t.app, f, till.posId, {}, 'ORDER-1', key);
      assertPosError(await initiate(t.app, f, till.posId, { amount: 13 }, 'ORDER-1', key), 409, '1306', PAYMENTS);
    });

    it('1307: a second capture with another amount', async () => {
      const { paymentId } = await reservedPayment(t.app, f, {}, USERS.partial);
      await capture(t.app, f, paymentId, 10);
      assertPosError(await capture(t.app, f, paymentId, 12.5), 409, '1307', CAPTURE);
    });

    it('1308: partial capture where the card does not allow it', async () => {
      const { paymentId } = await reservedPayment(t.app, f, {}, USERS.credit);
      assertPosError(await capture(t.app, f, paymentId, 10), 409, '1308', CAPTURE);
    });

    it('1300: cancelling a captured payment', async () => {
      const paymentId = await capturedPayment(t.app, f);
      assertPosError(await cancel(t.app, f, paymentId), 409, '1300', CANCEL);
    });

    it('1354: refunding a payment that is not captured', async () => {
      const { paymentId } = await reservedPayment(t.app, f);
      assertPosError(await createRefund(t.app, f, paymentId, 1), 409, '1354', REFUNDS);
    });

    it('1365: refunding in another currency', async () => {
      const paymentId = await capturedPayment(t.app, f);
      assertPosError(await createRefund(t.app, f, paymentId, 1, 'EUR'), 409, '1365', REFUNDS);
    });

    // payment-flows/refunds.md: "A payment can be refunded up to 90 days after the payment was captured."
    it('1366: refunding a payment captured more than 90 days ago', async () => {
      // A platform of its own: moving its clock a month on expires every token issued before.
      const own = await startTestPlatform();
      try {
        const before = await addPosFixture(own);
        const paymentId = await capturedPayment(own.app, before);
        own.clock.advance(90 * 24 * 3600);
        const atLimit = await addPosFixture(own, { client: before.client });
        assert.equal((await createRefund(own.app, atLimit, paymentId, 1)).statusCode, 200);
        own.clock.advance(1);
        const late = await addPosFixture(own, { client: before.client });
        assertPosError(await createRefund(own.app, late, paymentId, 1), 409, '1366', REFUNDS);
      } finally {
        await own.close();
      }
    });

    it('1367: a refund above the captured amount', async () => {
      const paymentId = await capturedPayment(t.app, f);
      assertPosError(await createRefund(t.app, f, paymentId, 12.51), 409, '1367', REFUNDS);
    });

    it('1351: capturing a cancelled refund; 1352: cancelling a captured refund', async () => {
      const paymentId = await capturedPayment(t.app, f);
      const a = (await createRefund(t.app, f, paymentId, 1)).json<{ refundId: string }>().refundId;
      const b = (await createRefund(t.app, f, paymentId, 1)).json<{ refundId: string }>().refundId;
      await posCall(t.app, f.headers, 'POST', `/pos/v10/refunds/${a}/cancel`);
      assertPosError(await posCall(t.app, f.headers, 'POST', `/pos/v10/refunds/${a}/capture`), 409, '1351', REFUND_CAPTURE);
      await posCall(t.app, f.headers, 'POST', `/pos/v10/refunds/${b}/capture`);
      assertPosError(await posCall(t.app, f.headers, 'POST', `/pos/v10/refunds/${b}/cancel`), 409, '1352', REFUND_CANCEL);
    });
  });

  describe('403 and 404', () => {
    it('another integrator: 1401 for its payment, 1402 for its refund', async () => {
      const other = await addPosFixture(t);
      const paymentId = await capturedPayment(t.app, f);
      const refundId = (await createRefund(t.app, f, paymentId, 1)).json<{ refundId: string }>().refundId;
      assertPosError(await posCall(t.app, other.headers, 'GET', `/pos/v10/payments/${paymentId}`), 403, '1401', PAYMENT);
      assertPosError(await posCall(t.app, other.headers, 'POST', `/pos/v10/payments/${paymentId}/capture`, { amount: 1 }), 403, '1401', CAPTURE);
      assertPosError(await createRefund(t.app, other, paymentId, 1), 403, '1401', REFUNDS);
      assertPosError(await posCall(t.app, other.headers, 'GET', `/pos/v10/refunds/${refundId}`), 403, '1402', REFUND);
    });

    it('another merchant of the same integrator: 1406 ready, 1407 capture, 1408 cancel, 1411 query', async () => {
      const sibling = await addPosFixture(t, { client: f.client, vat: 'DK87654321' });
      const till = await createTill(t.app, f);
      const paymentId = (await prepare(t.app, f, till.posId)).json<{ paymentId: string }>().paymentId;
      assertPosError(await ready(t.app, sibling, paymentId), 403, '1406', READY);
      assertPosError(await capture(t.app, sibling, paymentId, 1), 403, '1407', CAPTURE);
      assertPosError(await cancel(t.app, sibling, paymentId), 403, '1408', CANCEL);
      assertPosError(await posCall(t.app, sibling.headers, 'GET', `/pos/v10/payments/${paymentId}`), 403, '1411', PAYMENT);
    });

    // api-errors.mdx: 404 with no code ("-") for these; only refund capture has 1004.
    it('a payment or refund addressed in the path that does not exist is 404 (refund capture 1004)', async () => {
      const id = randomUUID();
      assertPosError(await posCall(t.app, f.headers, 'GET', `/pos/v10/payments/${id}`), 404, null, PAYMENT);
      assertPosError(await capture(t.app, f, id, 1), 404, null, CAPTURE);
      assertPosError(await cancel(t.app, f, id), 404, null, CANCEL);
      assertPosError(await ready(t.app, f, id), 404, null, READY);
      assertPosError(await posCall(t.app, f.headers, 'GET', `/pos/v10/refunds/${id}`), 404, null, REFUND);
      assertPosError(await posCall(t.app, f.headers, 'POST', `/pos/v10/refunds/${id}/capture`), 404, '1004', REFUND_CAPTURE);
      assertPosError(await posCall(t.app, f.headers, 'POST', `/pos/v10/refunds/${id}/cancel`), 404, null, REFUND_CANCEL);
    });
  });

  describe('400', () => {
    it('1102: zero, negative, more than 2 decimals, or not a JSON number (a decimal string too: the contract types amounts as numbers)', async () => {
      const till = await createTill(t.app, f);
      for (const amount of [0, -1, 1.234, '12.50', '1.234', '0.00', 'abc', '1e3']) {
        assertPosError(await initiate(t.app, f, till.posId, { amount }), 400, '1102', PAYMENTS);
      }
      const { paymentId } = await reservedPayment(t.app, f);
      assertPosError(await capture(t.app, f, paymentId, 0), 400, '1102', CAPTURE);
      // Not coerced by the validator: an array or a boolean is no amount.
      assertPosError(await posCall(t.app, f.headers, 'POST', `/pos/v10/payments/${paymentId}/capture`, { amount: [12.5] }), 400, '1102', CAPTURE);
      assertPosError(await posCall(t.app, f.headers, 'POST', `/pos/v10/payments/${paymentId}/capture`, { amount: true }), 400, '1102', CAPTURE);
      const captured = await capturedPayment(t.app, f);
      assertPosError(await createRefund(t.app, f, captured, -5), 400, '1102', REFUNDS);
      assert.equal((await getPayment(t.app, f, paymentId)).status, 'Reserved', 'nothing was captured');
    });

    it('1099: other fields of the wrong JSON type are refused, not coerced (a number for a text, a string for a boolean)', async () => {
      const till = await createTill(t.app, f);
      assertPosError(await initiate(t.app, f, till.posId, {}, 12345 as unknown as string), 400, '1113', PAYMENTS);
      const restricted = await posCall(
        t.app,
        f.headers,
        'POST',
        '/pos/v10/payments',
        {
          posId: till.posId,
          orderId: 'ORDER-T',
          amount: 1,
          currencyCode: 'DKK',
          plannedCaptureDelay: 'None',
          restrictions: { debitCardDisallowed: 'true' },
        },
        { 'x-mobilepay-idempotency-key': randomUUID() },
      );
      assertPosError(restricted, 400, '1099', PAYMENTS);
      assert.match(restricted.json<{ message: string }>().message, /restrictions\.debitCardDisallowed/);
    });

    // input-and-output-formats.md, "Valid characters": accented letters are valid in every text field.
    it('takes accented letters in orderId, merchantPaymentLabel and refundOrderId', async () => {
      const till = await createTill(t.app, f);
      const paymentId = await initiateOk(t.app, f, till.posId, { merchantPaymentLabel: 'Müller' }, 'Ordré-1');
      assert.equal((await cancel(t.app, f, paymentId)).statusCode, 200);
      const captured = await capturedPayment(t.app, f);
      assert.equal((await createRefund(t.app, f, captured, 1, 'DKK', 'Retúr-1')).statusCode, 200);
    });

    // pos-v10.openapi.yaml: every request body is `additionalProperties: false`; userMinimumAge,
    // dropped from the contract but still sent by older tills, is accepted and ignored.
    it('1099: a body field the contract does not define, at any depth; userMinimumAge is tolerated', async () => {
      const till = await createTill(t.app, f);
      const unknown = await initiate(t.app, f, till.posId, { colour: 'red' } as never);
      assertPosError(unknown, 400, '1099', PAYMENTS);
      assert.match(unknown.json<{ message: string }>().message, /colour/);
      const nested = await initiate(t.app, f, till.posId, { restrictions: { debitCardDisallowed: true, cashDisallowed: true } } as never);
      assertPosError(nested, 400, '1099', PAYMENTS);
      assert.match(nested.json<{ message: string }>().message, /restrictions\.cashDisallowed/);
      const paymentId = await initiateOk(t.app, f, till.posId, { userMinimumAge: 18 } as never);
      assert.equal((await getPayment(t.app, f, paymentId)).status, 'Initiated');
    });

    it('1113 orderId, 1117 merchantPaymentLabel, 1114 refundOrderId', async () => {
      const till = await createTill(t.app, f);
      assertPosError(await initiate(t.app, f, till.posId, {}, 'x'.repeat(37)), 400, '1113', PAYMENTS);
      assertPosError(await initiate(t.app, f, till.posId, { merchantPaymentLabel: 'tab\there' }), 400, '1117', PAYMENTS);
      const paymentId = await capturedPayment(t.app, f);
      assertPosError(await createRefund(t.app, f, paymentId, 1, 'DKK', ''), 400, '1114', REFUNDS);
    });

    it('1109: listing payments without posId or orderId; 1110: listing refunds without paymentId', async () => {
      assertPosError(await posCall(t.app, f.headers, 'GET', '/pos/v10/payments'), 400, '1109', { method: 'GET', path: '/pos/v10/payments' });
      assertPosError(await posCall(t.app, f.headers, 'GET', '/pos/v10/refunds'), 400, '1110', { method: 'GET', path: '/pos/v10/refunds' });
    });

    it('1164: creating endpoints require an idempotency key', async () => {
      const till = await createTill(t.app, f);
      const res = await posCall(t.app, f.headers, 'POST', '/pos/v10/payments', {
        posId: till.posId,
        orderId: 'O',
        amount: 1,
        currencyCode: 'DKK',
        plannedCaptureDelay: 'None',
      });
      assertPosError(res, 400, '1164', PAYMENTS);
    });
  });

  describe('user simulation', () => {
    it('rejects an unknown test user (1099), an unknown beacon (1000), and accept without a payment (1001)', async () => {
      const till = await createTill(t.app, f);
      const unknownUser = await simulate(t.app, f, 'checkin', { beaconId: till.beaconId, phoneNumber: '+4511111111' });
      assertPosError(unknownUser, 400, '1099');
      assertPosError(await simulate(t.app, f, 'checkin', { beaconId: randomUUID(), phoneNumber: USERS.credit }), 409, '1000');
      assertPosError(await simulate(t.app, f, 'acceptpayment', { beaconId: till.beaconId, phoneNumber: USERS.credit }), 409, '1001');
    });
  });
});
