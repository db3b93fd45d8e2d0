import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addPosFixture, issueToken, newIdempotencyKey, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError, posBody, posCall, postPos } from '../helpers/pos.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { requestHash } from '../../src/pos/idempotency/idempotency.service.ts';

let t: TestPlatform;
let f: PosFixture;
const CREATE = { method: 'POST', path: '/pos/v10/pointofsales' } as const;

before(async () => {
  t = await startTestPlatform();
  f = await addPosFixture(t, { vat: 'DK11111111' });
});
after(() => t.close());

/** The same fixture with a token issued now (tests that move the clock past a token's life). */
async function withFreshToken(fixture: PosFixture): Promise<PosFixture> {
  const token = await issueToken(t.app, fixture.client);
  return { ...fixture, token, headers: { ...fixture.headers, authorization: `Bearer ${token}` } };
}

async function activePosCount(platform = t.platform): Promise<number> {
  const rows = await platform.db.selectFrom('points_of_sale').select('id').where('deleted_at', 'is', null).execute();
  return rows.length;
}

test('requires x-mobilepay-idempotency-key: missing 1164, duplicated 1163, invalid 1162', async () => {
  const body = posBody(f);
  assertPosError(await posCall(t.app, f.headers, 'POST', '/pos/v10/pointofsales', body), 400, '1164', CREATE);
  assertPosError(await postPos(t.app, f, body, undefined, { 'x-mobilepay-idempotency-key': ['k-1', 'k-1'] }), 400, '1163', CREATE);
  assertPosError(await postPos(t.app, f, body, 'k'.repeat(37)), 400, '1162', CREATE);
  assertPosError(await postPos(t.app, f, body, 'key\twith tab'), 400, '1162', CREATE);
});

test('a retry with the same key and request returns the first answer and creates nothing new', async () => {
  const key = newIdempotencyKey();
  const body = posBody(f);
  const first = await postPos(t.app, f, body, key);
  assert.equal(first.statusCode, 200, first.body);
  const before = await activePosCount();
  const retry = await postPos(t.app, f, { ...body }, key);
  assert.equal(retry.statusCode, 200);
  assert.deepEqual(retry.json(), first.json());
  assert.equal(await activePosCount(), before);
});

test('a retry of a refused request gets the same refusal', async () => {
  const key = newIdempotencyKey();
  const body = posBody(f, { storeId: '6f1b1a5e-0000-4000-8000-000000000000' });
  const first = await postPos(t.app, f, body, key);
  assertPosError(first, 409, '1002');
  const retry = await postPos(t.app, f, body, key);
  assert.equal(retry.statusCode, 409);
  // The stored answer, as first given (its correlation id names the request that did the work).
  assert.deepEqual(retry.json(), first.json());
});

test('the same key with a different request is 409 1306', async () => {
  const key = newIdempotencyKey();
  assert.equal((await postPos(t.app, f, posBody(f), key)).statusCode, 200);
  assertPosError(await postPos(t.app, f, posBody(f), key), 409, '1306', CREATE);
});

test('concurrent requests with one key create one point of sale and all get its id', async () => {
  const key = newIdempotencyKey();
  const body = posBody(f);
  const before = await activePosCount();
  const answers = await Promise.all(Array.from({ length: 5 }, () => postPos(t.app, f, body, key)));
  assert.deepEqual(
    answers.map((a) => a.statusCode),
    [200, 200, 200, 200, 200],
  );
  assert.equal(new Set(answers.map((a) => a.json<{ posId: string }>().posId)).size, 1);
  assert.equal(await activePosCount(), before + 1);
});

test('keys are per integrator and merchant: another merchant may use the same key', async () => {
  const second = await addPosFixture(t, { client: f.client, vat: 'DK22222222' });
  const key = newIdempotencyKey();
  const a = await postPos(t.app, f, posBody(f), key);
  const b = await postPos(t.app, second, posBody(second), key);
  assert.equal(a.statusCode, 200);
  assert.equal(b.statusCode, 200, b.body);
  assert.notEqual(a.json().posId, b.json().posId);
});

test('keys are kept 24 hours, then swept, and the key may be used again', async () => {
  const key = newIdempotencyKey();
  assert.equal((await postPos(t.app, f, posBody(f), key)).statusCode, 200);
  t.clock.advance(23 * 3600);
  const later = await withFreshToken(f);
  assertPosError(await postPos(t.app, later, posBody(later), key), 409, '1306');
  t.clock.advance(3600 + 1);
  const dayAfter = await withFreshToken(f);
  const reused = await postPos(t.app, dayAfter, posBody(dayAfter), key);
  assert.equal(reused.statusCode, 200, reused.body);
  const stale = await t.platform.db.selectFrom('idempotency_keys').select('key').where('expires_at', '<=', t.clock.now().toISOString()).execute();
  assert.deepEqual(stale, []);
});

test('keys survive a restart: a retry after the server restarts gets the first answer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posv10-idem-'));
  const env = { POSV10_DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` };
  const clock = new ManualClock(new Date());
  try {
    const first = await startTestPlatform(env, clock);
    const g = await addPosFixture(first);
    const key = newIdempotencyKey();
    const body = posBody(g);
    const answer = await postPos(first.app, g, body, key);
    assert.equal(answer.statusCode, 200);
    await first.close();
    const second = await startTestPlatform(env, clock);
    const retry = await postPos(second.app, g, body, key);
    assert.equal(retry.statusCode, 200, retry.body);
    assert.deepEqual(retry.json(), answer.json());
    assert.equal(await activePosCount(second.platform), 1);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a claim left unanswered by a request that died is taken over after a minute', async () => {
  const key = newIdempotencyKey();
  const body = posBody(f);
  const created = t.clock.now();
  await t.platform.db
    .insertInto('idempotency_keys')
    .values({
      scope: `${f.client.integratorId}|${f.merchantId}`,
      key,
      request_hash: requestHash({ method: 'POST', path: '/pos/v10/pointofsales', body }),
      status: null,
      response: null,
      created_at: created.toISOString(),
      expires_at: new Date(created.getTime() + 86_400_000).toISOString(),
    })
    .execute();
  t.clock.advance(61);
  const res = await postPos(t.app, await withFreshToken(f), body, key);
  assert.equal(res.statusCode, 200, res.body);
});
