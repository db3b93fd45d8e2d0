// @test-pass: once
// A bodiless POST or DELETE sent with `Content-Type: application/json` (curl with a fixed header
// list, many HTTP clients) is accepted where the operation takes no body, over real HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startListening, type ListeningPlatform } from '../helpers/server.ts';
import { addPosFixture, newIdempotencyKey, type PosFixture } from '../helpers/platform.ts';
import { createTill, initiateOk, prepare, reservedPayment, statusOf } from '../helpers/payments.ts';
import { createPos } from '../helpers/pos.ts';

let server: ListeningPlatform;
let f: PosFixture;

before(async () => {
  server = await startListening();
  f = await addPosFixture(server);
});
after(() => server.close());

/** What `curl -X <method> -H 'Content-Type: application/json' <url>` sends: the header, no body. */
async function bodiless(method: 'POST' | 'DELETE', path: string, contentType = 'application/json') {
  const res = await fetch(server.baseUrl + path, {
    method,
    headers: { ...f.headers, 'content-type': contentType, 'x-mobilepay-idempotency-key': newIdempotencyKey() },
  });
  return { status: res.status, body: await res.text() };
}

test('payment cancel and DELETE pointofsales take an empty JSON body', async () => {
  const till = await createTill(server.app, f);
  const paymentId = await initiateOk(server.app, f, till.posId);
  assert.deepEqual(await bodiless('POST', `/pos/v10/payments/${paymentId}/cancel`), { status: 200, body: '' });
  assert.equal(await statusOf(server.app, f, paymentId), 'CancelledByClient');

  const posId = await createPos(server.app, f);
  assert.equal((await bodiless('DELETE', `/pos/v10/pointofsales/${posId}`, 'application/json; charset=utf-8')).status, 200);
});

test('an operation that needs a body (capture, ready) still refuses an empty one, in the PoS shape', async () => {
  const { paymentId } = await reservedPayment(server.app, f);
  const res = await bodiless('POST', `/pos/v10/payments/${paymentId}/capture`);
  assert.equal(res.status, 400, res.body);
  assert.equal(JSON.parse(res.body).code, '1099');
  assert.equal(await statusOf(server.app, f, paymentId), 'Reserved');
  const till = await createTill(server.app, f);
  const prepared = (await prepare(server.app, f, till.posId, 'ORDER-2')).json<{ paymentId: string }>().paymentId;
  const ready = await bodiless('POST', `/pos/v10/payments/${prepared}/ready`);
  assert.equal(ready.status, 400, ready.body);
  assert.equal(await statusOf(server.app, f, prepared), 'Prepared');
  const broken = await fetch(`${server.baseUrl}/pos/v10/payments/${paymentId}/cancel`, {
    method: 'POST',
    headers: { ...f.headers, 'content-type': 'application/json' },
    body: '{',
  });
  assert.equal(broken.status, 400);
  assert.equal(((await broken.json()) as { code: string }).code, '1099');
});
