import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMatchesContract, NEEDS_CONTRACT } from '../helpers/contract.ts';

test('the contract helper accepts a body the contract allows, with nullable fields set to null', NEEDS_CONTRACT, () => {
  assertMatchesContract('GET', '/pos/v10/pointofsales/{posid}', 200, {
    posId: '22f8155d-4042-4439-825f-068dbca98857',
    merchantPosId: 'My-Pos-1',
    storeId: '401b5617-ae5e-4f1a-9a59-5a446dbb3caa',
    name: 'Cafeteria register #2',
    beaconId: 'a7b69d37-6753-4e94-afc3-ef5dab04b7f4',
    callbackAlias: null,
    supportedBeaconTypes: ['QR'],
    requirePaymentBeforeCheckin: false,
  });
});

test('the contract helper rejects a body with a missing required field or an extra one', NEEDS_CONTRACT, () => {
  assert.throws(() => assertMatchesContract('POST', '/pos/v10/pointofsales', 200, {}));
  assert.throws(() => assertMatchesContract('POST', '/pos/v10/pointofsales', 200, { posId: '22f8155d-4042-4439-825f-068dbca98857', extra: 1 }));
  assert.throws(() => assertMatchesContract('GET', '/pos/v10/stores', 200, { storeIds: ['not-a-uuid'] }));
});

test('the contract helper checks error bodies against ErrorResponse even where the contract lists no body', NEEDS_CONTRACT, () => {
  assertMatchesContract('GET', '/pos/v10/pointofsales/{posid}', 409, { code: '1000', message: 'x', correlationId: 'c' });
  assert.throws(() => assertMatchesContract('GET', '/pos/v10/pointofsales/{posid}', 401, { error: 'x' }));
});
