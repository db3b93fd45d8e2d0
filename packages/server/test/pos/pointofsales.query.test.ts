import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { addPosFixture, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError, createPos, posCall } from '../helpers/pos.ts';
import { assertMatchesContract } from '../helpers/contract.ts';
import { insertCheckin } from '../../src/pos/checkins/checkin.repository.ts';

let t: TestPlatform;
let f: PosFixture;
let secondStore: PosFixture;

before(async () => {
  t = await startTestPlatform();
  f = await addPosFixture(t, { vat: 'DK11111111' });
  secondStore = await addPosFixture(t, { client: f.client, vat: 'DK11111111' });
});
after(() => t.close());

const call = (method: 'GET' | 'DELETE', url: string) => posCall(t.app, f.headers, method, url);
const LIST = { method: 'GET', path: '/pos/v10/pointofsales' } as const;

test('filters points of sale by merchantPosId, storeId and beaconId, matching every filter given', async () => {
  const a = await createPos(t.app, f, { merchantPosId: 'filter-a', beaconId: '222222222222222' });
  const b = await createPos(t.app, f, { merchantPosId: 'filter-b' });
  const c = await createPos(t.app, secondStore, { merchantPosId: 'filter-c' });
  const ids = async (query: string) => {
    const res = await call('GET', `/pos/v10/pointofsales?${query}`);
    assert.equal(res.statusCode, 200, res.body);
    assertMatchesContract('GET', '/pos/v10/pointofsales', 200, res.json());
    return res.json().posIds as string[];
  };
  assert.deepEqual(await ids('merchantPosId=filter-a'), [a]);
  assert.deepEqual(await ids('beaconId=222222222222222'), [a]);
  assert.deepEqual(new Set(await ids(`storeId=${f.storeId}`)), new Set([a, b]));
  assert.deepEqual(await ids(`storeId=${secondStore.storeId}`), [c]);
  assert.deepEqual(await ids(`storeId=${secondStore.storeId}&merchantPosId=filter-a`), []);
  assert.deepEqual(await ids('merchantPosId=no-such-pos'), []);
});

test('refuses a PoS filter that names none of merchantPosId, storeId, beaconId with 1121', async () => {
  assertPosError(await call('GET', '/pos/v10/pointofsales'), 400, '1121', LIST);
  assertPosError(await call('GET', '/pos/v10/pointofsales?unknown=1'), 400, '1121', LIST);
});

test('refuses invalid filter values: beaconId 1100, merchantPosId 1111, storeId 1099', async () => {
  assertPosError(await call('GET', '/pos/v10/pointofsales?beaconId=123'), 400, '1100', LIST);
  assertPosError(await call('GET', `/pos/v10/pointofsales?merchantPosId=${'x'.repeat(37)}`), 400, '1111', LIST);
  assertPosError(await call('GET', '/pos/v10/pointofsales?storeId=abc'), 400, '1099', LIST);
});

// api-errors.mdx and the contract: GET/DELETE /pointofsales/{posid} answer 404 ("-": no code) for an unknown PoS.
test('an unknown or malformed posId is 404 / 400 1099', async () => {
  assertPosError(await call('GET', '/pos/v10/pointofsales/6f1b1a5e-0000-4000-8000-000000000000'), 404, null, {
    method: 'GET',
    path: '/pos/v10/pointofsales/{posid}',
  });
  assertPosError(await call('DELETE', '/pos/v10/pointofsales/6f1b1a5e-0000-4000-8000-000000000000'), 404, null, {
    method: 'DELETE',
    path: '/pos/v10/pointofsales/{posid}',
  });
  assertPosError(await call('GET', '/pos/v10/pointofsales/not-a-guid'), 400, '1099');
});

test('deletes softly: the PoS is gone from the API, its row stays, and its merchantPosId and beaconId are free again', async () => {
  const posId = await createPos(t.app, f, { merchantPosId: 'to-delete', beaconId: '333333333333333' });
  await insertCheckin(t.platform.db, {
    pos_id: posId,
    phone_number: '+4520031801',
    customer_token: null,
    customer_receipt_token: null,
    loyalty_ids: null,
    checked_in_at: t.clock.now().toISOString(),
  });
  const res = await call('DELETE', `/pos/v10/pointofsales/${posId}`);
  assert.equal(res.statusCode, 200);
  assert.equal(res.body, '');
  assertMatchesContract('DELETE', '/pos/v10/pointofsales/{posid}', 200, undefined);
  assertPosError(await call('GET', `/pos/v10/pointofsales/${posId}`), 404, null, { method: 'GET', path: '/pos/v10/pointofsales/{posid}' });
  assertPosError(await call('DELETE', `/pos/v10/pointofsales/${posId}`), 404, null);
  assertPosError(await call('GET', `/pos/v10/pointofsales/${posId}/checkin`), 404, null, { method: 'GET', path: '/pos/v10/pointofsales/{posid}/checkin' });
  assert.deepEqual((await call('GET', '/pos/v10/pointofsales?merchantPosId=to-delete')).json(), { posIds: [] });
  const row = await t.platform.db.selectFrom('points_of_sale').selectAll().where('id', '=', posId).executeTakeFirst();
  assert.ok(row?.deleted_at !== null && row?.deleted_at !== undefined);
  assert.equal(await t.platform.pos.checkins.find(posId), undefined);
  assert.equal(await t.platform.pos.pointsOfSale.findActiveByBeacon('333333333333333'), undefined);
  const again = await createPos(t.app, f, { merchantPosId: 'to-delete', beaconId: '333333333333333' });
  assert.notEqual(again, posId);
  assert.equal((await t.platform.pos.pointsOfSale.findActiveByBeacon('333333333333333'))?.id, again);
});

test('reports the check-in at a PoS: nobody, then the checked-in customer', async () => {
  const posId = await createPos(t.app, f);
  const empty = await call('GET', `/pos/v10/pointofsales/${posId}/checkin`);
  assert.equal(empty.statusCode, 200);
  assertMatchesContract('GET', '/pos/v10/pointofsales/{posid}/checkin', 200, empty.json());
  assert.deepEqual(empty.json(), { isUserCheckedIn: false, pollDelayInMs: 1000 });
  await insertCheckin(t.platform.db, {
    pos_id: posId,
    phone_number: '+4520031804',
    customer_token: '09bee223516e44000811ab0988b802b72a193c22',
    customer_receipt_token: 'd0d0f8dc0adc4cec9398d82c93dad0d1',
    loyalty_ids: JSON.stringify(['123456']),
    checked_in_at: t.clock.now().toISOString(),
  });
  const checked = await call('GET', `/pos/v10/pointofsales/${posId}/checkin`);
  assertMatchesContract('GET', '/pos/v10/pointofsales/{posid}/checkin', 200, checked.json());
  assert.deepEqual(checked.json(), {
    isUserCheckedIn: true,
    loyaltyIds: ['123456'],
    pollDelayInMs: 1000,
    customerToken: '09bee223516e44000811ab0988b802b72a193c22',
    customerReceiptToken: 'd0d0f8dc0adc4cec9398d82c93dad0d1',
  });
});
