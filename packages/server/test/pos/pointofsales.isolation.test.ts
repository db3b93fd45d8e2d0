import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { addPosFixture, addTestClient, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError, createPos, posCall } from '../helpers/pos.ts';

let t: TestPlatform;
/** Integrator A and B, each acting for merchants 1 and 2. */
let a1: PosFixture;
let a2: PosFixture;
let b1: PosFixture;
let b2: PosFixture;
let posA1: string;

const GET_POS = { method: 'GET', path: '/pos/v10/pointofsales/{posid}' } as const;
const DELETE_POS = { method: 'DELETE', path: '/pos/v10/pointofsales/{posid}' } as const;
const CHECKIN = { method: 'GET', path: '/pos/v10/pointofsales/{posid}/checkin' } as const;

before(async () => {
  t = await startTestPlatform();
  const a = await addTestClient(t.platform, 'Integrator A');
  const b = await addTestClient(t.platform, 'Integrator B');
  a1 = await addPosFixture(t, { client: a, vat: 'DK11111111' });
  a2 = await addPosFixture(t, { client: a, vat: 'DK22222222' });
  b1 = await addPosFixture(t, { client: b, vat: 'DK11111111' });
  b2 = await addPosFixture(t, { client: b, vat: 'DK22222222', merchantClaim: true });
  posA1 = await createPos(t.app, a1, { merchantPosId: 'shared-name', beaconId: '444444444444444' });
});
after(() => t.close());

test('another integrator, even for the same merchant, can neither see nor touch a PoS: 403 1400', async () => {
  assertPosError(await posCall(t.app, b1.headers, 'GET', `/pos/v10/pointofsales/${posA1}`), 403, '1400', GET_POS);
  assertPosError(await posCall(t.app, b1.headers, 'GET', `/pos/v10/pointofsales/${posA1}/checkin`), 403, '1400', CHECKIN);
  assertPosError(await posCall(t.app, b1.headers, 'DELETE', `/pos/v10/pointofsales/${posA1}`), 403, '1400', DELETE_POS);
  assertPosError(await posCall(t.app, b2.headers, 'GET', `/pos/v10/pointofsales/${posA1}`), 403, '1400', GET_POS);
  for (const query of ['merchantPosId=shared-name', 'beaconId=444444444444444', `storeId=${a1.storeId}`]) {
    assert.deepEqual((await posCall(t.app, b1.headers, 'GET', `/pos/v10/pointofsales?${query}`)).json(), { posIds: [] });
  }
});

test('the same integrator acting for another merchant can neither see nor touch it: 1410 query, 1409 delete', async () => {
  assertPosError(await posCall(t.app, a2.headers, 'GET', `/pos/v10/pointofsales/${posA1}`), 403, '1410', GET_POS);
  assertPosError(await posCall(t.app, a2.headers, 'GET', `/pos/v10/pointofsales/${posA1}/checkin`), 403, '1410', CHECKIN);
  assertPosError(await posCall(t.app, a2.headers, 'DELETE', `/pos/v10/pointofsales/${posA1}`), 403, '1409', DELETE_POS);
  assert.deepEqual((await posCall(t.app, a2.headers, 'GET', '/pos/v10/pointofsales?merchantPosId=shared-name')).json(), { posIds: [] });
});

test('merchantPosIds are per integrator and merchant; stores are per merchant', async () => {
  const b1Pos = await createPos(t.app, b1, { merchantPosId: 'shared-name' });
  const a2Pos = await createPos(t.app, a2, { merchantPosId: 'shared-name' });
  assert.notEqual(b1Pos, a2Pos);
  assertPosError(
    await posCall(
      t.app,
      b1.headers,
      'POST',
      '/pos/v10/pointofsales',
      { merchantPosId: 'x', storeId: a2.storeId, name: 'n', supportedBeaconTypes: ['QR'] },
      { 'x-mobilepay-idempotency-key': 'iso-1' },
    ),
    403,
    '1403',
  );
  assert.deepEqual((await posCall(t.app, b1.headers, 'GET', '/pos/v10/pointofsales?merchantPosId=shared-name')).json(), { posIds: [b1Pos] });
});

test('after all those attempts the owner still has its PoS', async () => {
  const res = await posCall(t.app, a1.headers, 'GET', `/pos/v10/pointofsales/${posA1}`);
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().merchantPosId, 'shared-name');
});
