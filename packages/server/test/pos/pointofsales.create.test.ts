import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { addPosFixture, newIdempotencyKey, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError, createPos, posBody, posCall, postPos } from '../helpers/pos.ts';
import { assertMatchesContract } from '../helpers/contract.ts';
import { insertAlias } from '../../src/notifications/notification.repository.ts';

/** A callback alias of `fixture`'s integrator, as the operator's `posv10 callback add` leaves it. */
async function addAliasOf(fixture: PosFixture, alias: string): Promise<void> {
  const at = t.clock.now().toISOString();
  const row = {
    alias,
    integrator_id: fixture.client.integratorId,
    url: 'https://till.example.com/notify',
    signing_secret: 'plain:test',
    created_at: at,
    updated_at: at,
    removed_at: null,
  };
  await insertAlias(t.platform.db, row);
}

let t: TestPlatform;
let f: PosFixture;
let other: PosFixture;
const CREATE = { method: 'POST', path: '/pos/v10/pointofsales' } as const;

before(async () => {
  t = await startTestPlatform();
  f = await addPosFixture(t, { vat: 'DK11111111' });
  other = await addPosFixture(t, { vat: 'DK22222222' });
  await addAliasOf(f, 'Example Alias');
  await addAliasOf(f, 'Kassé-1');
  await addAliasOf(other, 'Other Alias');
});
after(() => t.close());

const getPos = (posId: string, fixture = f) => posCall(t.app, fixture.headers, 'GET', `/pos/v10/pointofsales/${posId}`);

test('creates a point of sale and returns it as sent', async () => {
  const body = posBody(f, {
    merchantPosId: 'My-Pos-1',
    name: 'Cafeteria register #2',
    beaconId: '123456789012345',
    callbackAlias: 'Example Alias',
    supportedBeaconTypes: ['QR', 'Bluetooth'],
    requirePaymentBeforeCheckin: true,
  });
  const res = await postPos(t.app, f, body);
  assert.equal(res.statusCode, 200, res.body);
  assertMatchesContract('POST', '/pos/v10/pointofsales', 200, res.json());
  const { posId } = res.json();
  const got = await getPos(posId);
  assert.equal(got.statusCode, 200);
  assertMatchesContract('GET', '/pos/v10/pointofsales/{posid}', 200, got.json());
  assert.deepEqual(got.json(), { posId, ...body });
});

test('generates a GUID beacon id when none or null is sent', async () => {
  for (const beaconId of [undefined, null]) {
    const posId = await createPos(t.app, f, { beaconId });
    const got = (await getPos(posId)).json();
    assert.match(got.beaconId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(got.callbackAlias, null);
    assert.equal(got.requirePaymentBeforeCheckin, false);
  }
});

test('accepts the valid character set: Nordic letters and ASCII punctuation', async () => {
  const posId = await createPos(t.app, f, { name: 'Æblegrød på Öl-bar #1 (šž) ~!', merchantPosId: '{kasse}/[ÅØ]' });
  assert.equal((await getPos(posId)).json().name, 'Æblegrød på Öl-bar #1 (šž) ~!');
});

test('accepts bodies sent as application/*+json, application/json-patch+json and text/json', async () => {
  for (const type of ['application/json-patch+json', 'text/json', 'application/vnd.pos+json', 'application/json; charset=utf-8']) {
    const res = await postPos(t.app, f, JSON.stringify(posBody(f)), newIdempotencyKey(), { 'content-type': type });
    assert.equal(res.statusCode, 200, `${type}: ${res.body}`);
    assert.match(String(res.headers['content-type']), /^application\/json/);
  }
});

test('refuses other content types and malformed JSON with 1099', async () => {
  assertPosError(await postPos(t.app, f, 'merchantPosId=x', newIdempotencyKey(), { 'content-type': 'application/x-www-form-urlencoded' }), 400, '1099', CREATE);
  assertPosError(await postPos(t.app, f, '{"merchantPosId":', newIdempotencyKey(), { 'content-type': 'application/json' }), 400, '1099', CREATE);
});

test('refuses a store of another merchant with 403 1403', async () => {
  assertPosError(await postPos(t.app, f, posBody(f, { storeId: other.storeId })), 403, '1403', CREATE);
});

test('refuses an unknown store with 409 1002', async () => {
  assertPosError(await postPos(t.app, f, posBody(f, { storeId: '6f1b1a5e-0000-4000-8000-000000000000' })), 409, '1002', CREATE);
});

test('refuses a merchantPosId already used by an active PoS of the integrator and merchant with 409 1200', async () => {
  await createPos(t.app, f, { merchantPosId: 'dup-pos' });
  assertPosError(await postPos(t.app, f, posBody(f, { merchantPosId: 'dup-pos' })), 409, '1200', CREATE);
  // Another merchant of another integrator may use the same merchantPosId.
  await createPos(t.app, other, { merchantPosId: 'dup-pos' });
});

test('refuses a beacon id of any active PoS, whoever owns it, with 409 1202', async () => {
  await createPos(t.app, f, { beaconId: '111111111111111' });
  assertPosError(await postPos(t.app, other, posBody(other, { beaconId: '111111111111111' })), 409, '1202', CREATE);
  const guid = 'A7B69D37-6753-4E94-AFC3-EF5DAB04B7F4';
  await createPos(t.app, f, { beaconId: guid.toLowerCase() });
  assertPosError(await postPos(t.app, f, posBody(f, { beaconId: guid })), 409, '1202', CREATE);
});

test('refuses invalid fields with their own codes: merchantPosId 1111, name 1112, beaconId 1100, callbackAlias 1116', async () => {
  assertPosError(await postPos(t.app, f, posBody(f, { merchantPosId: 'x'.repeat(37) })), 400, '1111', CREATE);
  assertPosError(await postPos(t.app, f, posBody(f, { merchantPosId: 'tab\there' })), 400, '1111', CREATE);
  assertPosError(await postPos(t.app, f, posBody(f, { merchantPosId: undefined })), 400, '1111', CREATE);
  assertPosError(await postPos(t.app, f, posBody(f, { name: 'emoji 🙂' })), 400, '1112', CREATE);
  assertPosError(await postPos(t.app, f, posBody(f, { name: '' })), 400, '1112', CREATE);
  assertPosError(await postPos(t.app, f, posBody(f, { beaconId: '12345' })), 400, '1100', CREATE);
  assertPosError(await postPos(t.app, f, posBody(f, { callbackAlias: '€'.repeat(3) })), 400, '1116', CREATE);
});

// notification-service.md: an alias is handed to one integrator; only its points of sale may name it.
test("refuses an unknown callbackAlias, or another integrator's, with 400 1116", async () => {
  assertPosError(await postPos(t.app, f, posBody(f, { callbackAlias: 'Nobody Has This' })), 400, '1116', CREATE);
  assertPosError(await postPos(t.app, f, posBody(f, { callbackAlias: 'Other Alias' })), 400, '1116', CREATE);
  assertPosError(await postPos(t.app, f, posBody(f, { callbackAlias: 'example alias' })), 400, '1116', CREATE);
  await createPos(t.app, other, { callbackAlias: 'Other Alias' });
});

// input-and-output-formats.md, "Valid characters": accented letters and Latin-1 symbols are valid.
test('takes accented letters and Latin-1 symbols in text fields', async () => {
  const posId = await createPos(t.app, f, { merchantPosId: 'Straße 1', name: 'Café Nord', callbackAlias: 'Kassé-1' });
  const got = (await getPos(posId)).json<{ merchantPosId: string; name: string; callbackAlias: string }>();
  assert.deepEqual([got.merchantPosId, got.name, got.callbackAlias], ['Straße 1', 'Café Nord', 'Kassé-1']);
});

test('refuses other bad input with 1099: storeId not a GUID, unknown beacon type, no body', async () => {
  assertPosError(await postPos(t.app, f, posBody(f, { storeId: 'store-1' })), 400, '1099', CREATE);
  assertPosError(await postPos(t.app, f, posBody(f, { supportedBeaconTypes: ['Laser'] })), 400, '1099', CREATE);
  assertPosError(await postPos(t.app, f, posBody(f, { supportedBeaconTypes: ['QR', 'QR'] })), 400, '1099', CREATE);
  assertPosError(await postPos(t.app, f, undefined), 400, '1099', CREATE);
});

test('takes GUIDs in any case: an upper-case storeId and posId name the same store and PoS', async () => {
  const posId = await createPos(t.app, f, { storeId: f.storeId.toUpperCase() });
  const got = await getPos(posId.toUpperCase());
  assert.equal(got.statusCode, 200, got.body);
  assert.equal(got.json().storeId, f.storeId);
});
