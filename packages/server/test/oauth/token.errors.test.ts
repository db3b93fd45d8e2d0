import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { addGrantedMerchant, addTestClient, basic, FORM, startTestPlatform, tokenRequest, type TestClient, type TestPlatform } from '../helpers/platform.ts';
import { setClientEnabled, addSecret, revokeSecret } from '../../src/integrators/integrator.service.ts';
import { addMerchant } from '../../src/merchants/merchant.service.ts';

let t: TestPlatform;
let client: TestClient;
let other: TestClient;

before(async () => {
  t = await startTestPlatform();
  client = await addTestClient(t.platform);
  other = await addTestClient(t.platform, 'Other Integrator');
  await addGrantedMerchant(t.platform, client.integratorId, 'DK12345678');
  await addGrantedMerchant(t.platform, other.integratorId, 'FI87654321');
  await addMerchant(t.platform.db, t.platform.clock, { vat: 'DK11112222', name: 'Nobody granted' });
});
after(() => t.close());

const GOOD = 'grant_type=client_credentials';

function assertOAuthError(res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, status: number, error: string) {
  assert.equal(res.statusCode, status);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['pragma'], 'no-cache');
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json() as { error: string; error_description?: string };
  assert.equal(body.error, error);
  return body;
}

test('rejects a wrong secret with 401 invalid_client and a Basic challenge', async () => {
  const res = await tokenRequest(t.app, GOOD, { authorization: basic(client.clientId, 'wrong-secret') });
  assertOAuthError(res, 401, 'invalid_client');
  assert.match(String(res.headers['www-authenticate']), /^Basic realm="/);
});

test('an unknown client and a wrong secret get the same answer', async () => {
  const unknown = await tokenRequest(t.app, GOOD, { authorization: basic('6f1c1c1c-1111-4111-8111-111111111111', client.clientSecret) });
  const wrong = await tokenRequest(t.app, GOOD, { authorization: basic(client.clientId, 'nope') });
  assert.equal(unknown.statusCode, 401);
  assert.deepEqual(unknown.json(), wrong.json());
  assert.equal(unknown.headers['www-authenticate'], wrong.headers['www-authenticate']);
});

test('rejects wrong client_secret_post credentials with 401 and no Basic challenge', async () => {
  const res = await tokenRequest(t.app, `${GOOD}&client_id=${client.clientId}&client_secret=nope`);
  assertOAuthError(res, 401, 'invalid_client');
  assert.equal(res.headers['www-authenticate'], undefined);
});

test('rejects a request with no client authentication', async () => {
  assertOAuthError(await tokenRequest(t.app, GOOD), 401, 'invalid_client');
  assertOAuthError(await tokenRequest(t.app, `${GOOD}&client_id=${client.clientId}`), 401, 'invalid_client');
});

test('rejects malformed Basic credentials as invalid_client, never a 500', async () => {
  for (const header of [
    'Basic',
    'Basic !!!notbase64',
    `Basic ${Buffer.from('no-colon').toString('base64')}`,
    `Basic ${Buffer.from(':').toString('base64')}`,
    `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}`,
  ]) {
    const res = await tokenRequest(t.app, GOOD, { authorization: header });
    assertOAuthError(res, 401, 'invalid_client');
  }
});

test('rejects both authentication methods at once with 400 invalid_request', async () => {
  const res = await tokenRequest(t.app, `${GOOD}&client_id=${client.clientId}&client_secret=${client.clientSecret}`, {
    authorization: basic(client.clientId, client.clientSecret),
  });
  assertOAuthError(res, 400, 'invalid_request');
});

test('rejects a body client_id that contradicts the Basic one', async () => {
  const res = await tokenRequest(t.app, `${GOOD}&client_id=${other.clientId}`, { authorization: basic(client.clientId, client.clientSecret) });
  assertOAuthError(res, 400, 'invalid_request');
});

test('requires grant_type', async () => {
  const res = await tokenRequest(t.app, 'scope=integrator_scope', { authorization: basic(client.clientId, client.clientSecret) });
  assertOAuthError(res, 400, 'invalid_request');
});

test('rejects other grant types with unsupported_grant_type', async () => {
  for (const grant of ['authorization_code', 'password', 'refresh_token', 'CLIENT_CREDENTIALS']) {
    const res = await tokenRequest(t.app, `grant_type=${grant}`, { authorization: basic(client.clientId, client.clientSecret) });
    assertOAuthError(res, 400, 'unsupported_grant_type');
  }
});

test('rejects an unknown scope with invalid_scope', async () => {
  const res = await tokenRequest(t.app, `${GOOD}&scope=integrator_scope%20admin`, { authorization: basic(client.clientId, client.clientSecret) });
  const body = assertOAuthError(res, 400, 'invalid_scope');
  assert.match(body.error_description ?? '', /admin/);
});

test('rejects a parameter sent twice', async () => {
  const res = await tokenRequest(t.app, `${GOOD}&grant_type=client_credentials`, { authorization: basic(client.clientId, client.clientSecret) });
  const body = assertOAuthError(res, 400, 'invalid_request');
  assert.match(body.error_description ?? '', /grant_type/);
  const twice = await tokenRequest(t.app, `${GOOD}&merchant_vat=DK12345678&merchant_vat=DK12345678`, {
    authorization: basic(client.clientId, client.clientSecret),
  });
  assertOAuthError(twice, 400, 'invalid_request');
});

test('rejects a malformed merchant_vat with a description', async () => {
  for (const vat of ['DK1234567', 'DK123456789', 'SE12345678', 'dk12345678', 'DK-1234567', 'DK--12345678', 'DK1234567a']) {
    const res = await tokenRequest(t.app, `${GOOD}&merchant_vat=${vat}`, { authorization: basic(client.clientId, client.clientSecret) });
    const body = assertOAuthError(res, 400, 'invalid_request');
    assert.match(body.error_description ?? '', /merchant_vat/);
  }
});

test('refuses a token for an unknown merchant or one that has not granted the integrator', async () => {
  for (const vat of ['DK99999999', 'DK11112222', 'FI87654321']) {
    const res = await tokenRequest(t.app, `${GOOD}&merchant_vat=${vat}`, { authorization: basic(client.clientId, client.clientSecret) });
    const body = assertOAuthError(res, 400, 'invalid_request');
    assert.match(body.error_description ?? '', new RegExp(vat));
  }
});

test('rejects a body that is not form-urlencoded with 400 invalid_request', async () => {
  for (const [type, payload] of [
    ['application/json', '{"grant_type":"client_credentials"}'],
    ['text/plain', GOOD],
    ['multipart/form-data; boundary=x', '--x--'],
  ] as const) {
    const res = await tokenRequest(t.app, payload, { authorization: basic(client.clientId, client.clientSecret), 'content-type': type });
    assertOAuthError(res, 400, 'invalid_request');
  }
});

test('rejects a request without a body', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/integrator-authentication/connect/token',
    headers: { authorization: basic(client.clientId, client.clientSecret) },
  });
  assertOAuthError(res, 400, 'invalid_request');
});

test('refuses an oversized body with 413 and an OAuth error body', async () => {
  const res = await tokenRequest(t.app, `${GOOD}&pad=${'x'.repeat(20_000)}`, { authorization: basic(client.clientId, client.clientSecret) });
  assertOAuthError(res, 413, 'invalid_request');
});

test('answers other methods with 405 and Allow: POST', async () => {
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH'] as const) {
    const res = await t.app.inject({ method, url: '/integrator-authentication/connect/token', headers: { 'content-type': FORM } });
    assert.equal(res.statusCode, 405, method);
    assert.equal(res.headers['allow'], 'POST');
    assert.equal(res.headers['cache-control'], 'no-store');
  }
});

test('a disabled client gets invalid_client', async () => {
  const c = await addTestClient(t.platform, 'Soon disabled');
  assert.equal((await tokenRequest(t.app, GOOD, { authorization: basic(c.clientId, c.clientSecret) })).statusCode, 200);
  await setClientEnabled(t.platform.db, t.platform.clock, c.clientId, false);
  assertOAuthError(await tokenRequest(t.app, GOOD, { authorization: basic(c.clientId, c.clientSecret) }), 401, 'invalid_client');
  await setClientEnabled(t.platform.db, t.platform.clock, c.clientId, true);
  assert.equal((await tokenRequest(t.app, GOOD, { authorization: basic(c.clientId, c.clientSecret) })).statusCode, 200);
});

test('a rotated secret overlaps with the old one until its expiry, and a revoked secret stops working', async () => {
  const c = await addTestClient(t.platform, 'Rotating');
  const expiry = new Date(t.clock.now().getTime() + 3600_000);
  const fresh = await addSecret(t.platform.db, t.platform.clock, c.clientId, expiry);
  assert.equal((await tokenRequest(t.app, GOOD, { authorization: basic(c.clientId, c.clientSecret) })).statusCode, 200, 'old secret during overlap');
  assert.equal((await tokenRequest(t.app, GOOD, { authorization: basic(c.clientId, fresh.clientSecret) })).statusCode, 200, 'new secret');
  t.clock.advance(3601);
  assertOAuthError(await tokenRequest(t.app, GOOD, { authorization: basic(c.clientId, c.clientSecret) }), 401, 'invalid_client');
  assert.equal((await tokenRequest(t.app, GOOD, { authorization: basic(c.clientId, fresh.clientSecret) })).statusCode, 200);
  await revokeSecret(t.platform.db, t.platform.clock, fresh.secretId);
  assertOAuthError(await tokenRequest(t.app, GOOD, { authorization: basic(c.clientId, fresh.clientSecret) }), 401, 'invalid_client');
});

test('answers bad input with a 4xx, never a 500', async () => {
  const bodies = ['%', '%%%', 'grant_type=%E0%A4%A', '&&&=', '=x', 'grant_type', `${GOOD}&client_id=%00&client_secret=%FF`];
  for (const body of bodies) {
    const res = await tokenRequest(t.app, body, { authorization: basic(client.clientId, client.clientSecret) });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${body} → ${res.statusCode}`);
    assert.equal(typeof res.json().error, 'string');
  }
});
