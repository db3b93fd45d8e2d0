import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { addPosFixture, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError, posCall } from '../helpers/pos.ts';
import { assertMatchesContract } from '../helpers/contract.ts';

let t: TestPlatform;
let f: PosFixture;
let secondStoreId: string;
let otherMerchant: PosFixture;

before(async () => {
  t = await startTestPlatform();
  f = await addPosFixture(t, { vat: 'DK11111111', brandId: 'MPPOSCERT1', locationId: '00001' });
  secondStoreId = (await addPosFixture(t, { client: f.client, vat: 'DK11111111', brandId: 'POSDK12345', locationId: '10001' })).storeId;
  otherMerchant = await addPosFixture(t, { client: f.client, vat: 'FI22222222', brandId: 'POSFI12345', locationId: '00001' });
});
after(() => t.close());

const get = (url: string, headers = f.headers) => posCall(t.app, headers, 'GET', url);

test("lists every store id of the caller's merchant and no other merchant's", async () => {
  const res = await get('/pos/v10/stores');
  assert.equal(res.statusCode, 200);
  assertMatchesContract('GET', '/pos/v10/stores', 200, res.json());
  assert.deepEqual(new Set(res.json().storeIds), new Set([f.storeId, secondStoreId]));
  assert.ok(!res.json<{ storeIds: string[] }>().storeIds.includes(otherMerchant.storeId));
});

test('finds the store with a merchantBrandId and merchantLocationId', async () => {
  const res = await get('/pos/v10/stores?merchantBrandId=POSDK12345&merchantLocationId=10001');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { storeIds: [secondStoreId] });
  const none = await get('/pos/v10/stores?merchantBrandId=POSFI12345&merchantLocationId=00001');
  assert.deepEqual(none.json(), { storeIds: [] });
});

test('refuses a store filter with only one of brand and location id with 1122', async () => {
  assertPosError(await get('/pos/v10/stores?merchantBrandId=POSDK12345'), 400, '1122', { method: 'GET', path: '/pos/v10/stores' });
  assertPosError(await get('/pos/v10/stores?merchantLocationId=10001'), 400, '1122', { method: 'GET', path: '/pos/v10/stores' });
  assertPosError(await get('/pos/v10/stores/detailed?merchantLocationId=10001'), 400, '1122', { method: 'GET', path: '/pos/v10/stores/detailed' });
});

test('refuses an invalid merchantBrandId with 1119 and an invalid merchantLocationId with 1120', async () => {
  assertPosError(await get('/pos/v10/stores?merchantBrandId=ABC&merchantLocationId=10001'), 400, '1119', { method: 'GET', path: '/pos/v10/stores' });
  assertPosError(await get('/pos/v10/stores?merchantBrandId=POSDK12345&merchantLocationId=123456'), 400, '1120', { method: 'GET', path: '/pos/v10/stores' });
  assertPosError(await get('/pos/v10/stores/detailed?merchantBrandId=XX&merchantLocationId=1'), 400, '1119');
});

test("returns the merchant's stores in detail", async () => {
  const res = await get('/pos/v10/stores/detailed');
  assert.equal(res.statusCode, 200);
  assertMatchesContract('GET', '/pos/v10/stores/detailed', 200, res.json());
  const byId = new Map(res.json<{ storeId: string }[]>().map((s) => [s.storeId, s]));
  assert.equal(byId.size, 2);
  assert.deepEqual(byId.get(f.storeId), {
    storeName: 'Main Street Store',
    storeId: f.storeId,
    storeStreet: 'Main Street 1',
    storeZipCode: '2100',
    storeCity: 'København',
    brandName: 'Cert Brand',
    merchantBrandId: 'MPPOSCERT1',
    merchantLocationId: '00001',
  });
  const filtered = await get('/pos/v10/stores/detailed?merchantBrandId=MPPOSCERT1&merchantLocationId=00001');
  assert.deepEqual(
    filtered.json<{ storeId: string }[]>().map((s) => s.storeId),
    [f.storeId],
  );
});

test('gets one store by id', async () => {
  const res = await get(`/pos/v10/stores/${secondStoreId}`);
  assert.equal(res.statusCode, 200);
  assertMatchesContract('GET', '/pos/v10/stores/{storeid}', 200, res.json());
  assert.equal(res.json().merchantBrandId, 'POSDK12345');
});

test("answers another merchant's store like a missing one: 404", async () => {
  assertPosError(await get(`/pos/v10/stores/${otherMerchant.storeId}`), 404, null, { method: 'GET', path: '/pos/v10/stores/{storeid}' });
  assertPosError(await get('/pos/v10/stores/6f1b1a5e-0000-4000-8000-000000000000'), 404, null);
  assertPosError(await get('/pos/v10/stores/not-a-guid'), 400, '1099');
});
