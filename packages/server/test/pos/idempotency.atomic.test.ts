/**
 * A creating request and its idempotency answer commit together. A database trigger makes storing
 * the answer fail, which stands in for a crash between the two writes: nothing may then be
 * created, and the client's retry with the same key must create the resource once and answer it.
 * Before the fix the resource was committed first, so the retry got 409 1200/1301 or a second refund.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { addPosFixture, newIdempotencyKey, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { posBody, postPos, posCall } from '../helpers/pos.ts';
import { capturedPayment, createTill, terms } from '../helpers/payments.ts';

let t: TestPlatform;
let f: PosFixture;

before(async () => {
  t = await startTestPlatform();
  f = await addPosFixture(t, { vat: 'DK22222222' });
});
after(() => t.close());

/** Makes every UPDATE of idempotency_keys (storing an answer) fail until `restore()`. */
async function failStoringAnswers(): Promise<{ restore(): Promise<void> }> {
  const db = t.platform.db;
  if (t.config.databaseUrl.startsWith('sqlite')) {
    await sql`create trigger fail_answers before update on idempotency_keys begin select raise(abort, 'injected failure'); end`.execute(db);
    return { restore: async () => void (await sql`drop trigger fail_answers`.execute(db)) };
  }
  await sql`create or replace function fail_answers() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(db);
  await sql`create trigger fail_answers before update on idempotency_keys for each row execute function fail_answers()`.execute(db);
  return {
    restore: async () => {
      await sql`drop trigger fail_answers on idempotency_keys`.execute(db);
      await sql`drop function fail_answers()`.execute(db);
    },
  };
}

/**
 * Sends `call(key)` while answers cannot be stored (500, nothing created), then again normally
 * (200, created once), then once more (the stored answer, nothing new).
 */
async function assertAtomic(call: (key: string) => Promise<{ statusCode: number; body: string }>, count: () => Promise<number>): Promise<void> {
  const key = newIdempotencyKey();
  const before = await count();
  const failure = await failStoringAnswers();
  try {
    const failed = await call(key);
    assert.equal(failed.statusCode, 500, failed.body);
    assert.equal(JSON.parse(failed.body).code, '2000');
  } finally {
    await failure.restore();
  }
  assert.equal(await count(), before, 'the resource was committed without its idempotency answer');
  const retry = await call(key);
  assert.equal(retry.statusCode, 200, retry.body);
  assert.equal(await count(), before + 1);
  const again = await call(key);
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.body, retry.body);
  assert.equal(await count(), before + 1);
}

const rows = (table: 'points_of_sale' | 'payments' | 'refunds') => async () => (await t.platform.db.selectFrom(table).select('id').execute()).length;

test('creating a point of sale and storing its idempotent answer are one transaction', async () => {
  const body = posBody(f);
  await assertAtomic((key) => postPos(t.app, f, body, key), rows('points_of_sale'));
});

test('initiating a payment and storing its idempotent answer are one transaction', async () => {
  const till = await createTill(t.app, f);
  const body = { posId: till.posId, orderId: 'ORDER-ATOMIC', ...terms() };
  await assertAtomic((key) => posCall(t.app, f.headers, 'POST', '/pos/v10/payments', body, { 'x-mobilepay-idempotency-key': key }), rows('payments'));
});

test('preparing a payment and storing its idempotent answer are one transaction', async () => {
  const till = await createTill(t.app, f);
  const body = { posId: till.posId, orderId: 'ORDER-ATOMIC-PREP' };
  await assertAtomic((key) => posCall(t.app, f.headers, 'POST', '/pos/v10/payments/prepare', body, { 'x-mobilepay-idempotency-key': key }), rows('payments'));
});

test('creating a refund and storing its idempotent answer are one transaction', async () => {
  const paymentId = await capturedPayment(t.app, f, { amount: 20 });
  const body = { paymentId, refundOrderId: 'REFUND-ATOMIC', amount: 5, currencyCode: 'DKK' };
  await assertAtomic((key) => posCall(t.app, f.headers, 'POST', '/pos/v10/refunds', body, { 'x-mobilepay-idempotency-key': key }), rows('refunds'));
});
