import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { addPosFixture, addTestClient, issueToken, startTestPlatform, type PosFixture, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError, posCall } from '../helpers/pos.ts';
import { setClientEnabled } from '../../src/integrators/integrator.service.ts';
import { epochSeconds } from '../../src/shared/clock.ts';

let t: TestPlatform;
let f: PosFixture;
const STORES = { method: 'GET', path: '/pos/v10/stores' } as const;

before(async () => {
  t = await startTestPlatform();
  f = await addPosFixture(t);
});
after(() => t.close());

const stores = (extra: Record<string, string | string[] | null> = {}, headers = f.headers) =>
  posCall(t.app, headers, 'GET', '/pos/v10/stores', undefined, extra);

/** A token signed with the platform's current key, with `changes` applied to valid claims. */
async function signed(changes: Record<string, unknown>): Promise<string> {
  const now = epochSeconds(t.clock);
  const claims: Record<string, unknown> = {
    iss: t.platform.oauth.issuer,
    aud: t.config.audience,
    sub: f.client.clientId,
    client_id: f.client.clientId,
    integrator_id: f.client.integratorId,
    scope: 'integrator_scope',
    iat: now,
    nbf: now,
    exp: now + 3700,
    jti: randomUUID(),
    ...changes,
  };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete claims[k];
  return t.platform.oauth.keys.signer.sign(claims);
}

function assertInvalidToken(res: Awaited<ReturnType<typeof stores>>): void {
  assertPosError(res, 401, 'invalid_token', STORES);
  assert.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token"');
}

test('a valid token with the required headers reaches the endpoint', async () => {
  const res = await stores();
  assert.equal(res.statusCode, 200, res.body);
});

test('refuses a request without an Authorization header with 401 invalid_token', async () => {
  assertInvalidToken(await stores({ authorization: null }));
});

test('refuses a malformed Authorization header and a Basic one', async () => {
  assertInvalidToken(await stores({ authorization: 'Bearer' }));
  assertInvalidToken(await stores({ authorization: 'Bearer not a token' }));
  assertInvalidToken(await stores({ authorization: 'Basic dXNlcjpwYXNz' }));
  assertInvalidToken(await stores({ authorization: 'Bearer abc.def.ghi' }));
});

test('refuses a token with a bad signature', async () => {
  const [h, p, s] = f.token.split('.');
  const flipped = `${s!.slice(0, -2)}${s!.endsWith('AA') ? 'BB' : 'AA'}`;
  assertInvalidToken(await stores({ authorization: `Bearer ${h}.${p}.${flipped}` }));
});

test('refuses a token signed by a key the issuer never published', async () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const token = await new SignJWT({ client_id: f.client.clientId, integrator_id: f.client.integratorId, scope: 'integrator_scope', jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: t.platform.oauth.keys.signer.kid })
    .setIssuer(t.platform.oauth.issuer)
    .setAudience(t.config.audience)
    .setIssuedAt(epochSeconds(t.clock))
    .setExpirationTime(epochSeconds(t.clock) + 600)
    .sign(privateKey);
  assertInvalidToken(await stores({ authorization: `Bearer ${token}` }));
});

test('refuses an expired token once the clock passes exp plus the allowed skew', async () => {
  const token = await signed({ exp: epochSeconds(t.clock) + 10 });
  assert.equal((await stores({ authorization: `Bearer ${token}` })).statusCode, 200);
  t.clock.advance(10 + 61);
  assertInvalidToken(await stores({ authorization: `Bearer ${token}` }));
});

test('refuses a token that is not yet valid (nbf in the future beyond the skew)', async () => {
  assertInvalidToken(await stores({ authorization: `Bearer ${await signed({ nbf: epochSeconds(t.clock) + 120 })}` }));
});

test('refuses a token of another issuer or for another audience', async () => {
  assertInvalidToken(await stores({ authorization: `Bearer ${await signed({ iss: 'http://evil.example/integrator-authentication' })}` }));
  assertInvalidToken(await stores({ authorization: `Bearer ${await signed({ aud: 'http://localhost:8080/other-api' })}` }));
});

test('refuses a token without integrator_scope', async () => {
  assertInvalidToken(await stores({ authorization: `Bearer ${await signed({ scope: 'openid' })}` }));
  assertInvalidToken(await stores({ authorization: `Bearer ${await signed({ scope: undefined })}` }));
});

test('refuses a still-valid token once its client is disabled, even after it was cached', async () => {
  const client = await addTestClient(t.platform, 'Soon Disabled');
  const g = await addPosFixture(t, { client, vat: 'DK22222222' });
  assert.equal((await stores({}, g.headers)).statusCode, 200);
  await setClientEnabled(t.platform.db, t.clock, client.clientId, false);
  assertInvalidToken(await stores({}, g.headers));
});

test('requires x-mobilepay-client-system-version: missing 1153, duplicated 1157, invalid 1161', async () => {
  assertPosError(await stores({ 'x-mobilepay-client-system-version': null }), 400, '1153', STORES);
  assertPosError(await stores({ 'x-mobilepay-client-system-version': ['1.0.0', '1.0.0'] }), 400, '1157', STORES);
  assertPosError(await stores({ 'x-mobilepay-client-system-version': '1.0' }), 400, '1161', STORES);
  assertPosError(await stores({ 'x-mobilepay-client-system-version': 'v1.0.0' }), 400, '1161', STORES);
});

test('checks the token before the headers: a bad token with bad headers is 401', async () => {
  assertInvalidToken(await stores({ authorization: null, 'x-mobilepay-client-system-version': null }));
});

test('requires x-mobilepay-merchant-vat-number without a merchant claim: missing 1151, duplicated 1155, invalid 1159', async () => {
  assertPosError(await stores({ 'x-mobilepay-merchant-vat-number': null }), 400, '1151', STORES);
  assertPosError(await stores({ 'x-mobilepay-merchant-vat-number': [f.vat, f.vat] }), 400, '1155', STORES);
  assertPosError(await stores({ 'x-mobilepay-merchant-vat-number': 'DK1234' }), 400, '1159', STORES);
  assertPosError(await stores({ 'x-mobilepay-merchant-vat-number': 'SE12345678' }), 400, '1159', STORES);
});

test('accepts the older hyphenated VAT form DK-12345678', async () => {
  const res = await stores({ 'x-mobilepay-merchant-vat-number': `${f.vat.slice(0, 2)}-${f.vat.slice(2)}` });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().storeIds, [f.storeId]);
});

test('takes the merchant from the merchant_vat claim; a header naming another merchant is 1159', async () => {
  const claimed = await addPosFixture(t, { client: f.client, vat: 'DK33333333', merchantClaim: true });
  const res = await stores({}, claimed.headers);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().storeIds, [claimed.storeId]);
  assert.equal((await stores({ 'x-mobilepay-merchant-vat-number': 'DK-33333333' }, claimed.headers)).statusCode, 200);
  assertPosError(await stores({ 'x-mobilepay-merchant-vat-number': f.vat }, claimed.headers), 400, '1159', STORES);
});

test('refuses a token whose merchant_vat claim is malformed with 1182', async () => {
  const token = await signed({ merchant_vat: 'DK-1' });
  assertPosError(await stores({ authorization: `Bearer ${token}` }), 400, '1182', STORES);
});

test('refuses a merchant that has not granted the integrator access with 403', async () => {
  const other = await addTestClient(t.platform, 'Not Granted');
  const token = await issueToken(t.app, other);
  assertPosError(await stores({ authorization: `Bearer ${token}` }), 403, '1405', STORES);
  assertPosError(await stores({ 'x-mobilepay-merchant-vat-number': 'FI99999999' }), 403, '1405', STORES);
});

test("keeps a caller's own correlation id and puts it in the error body", async () => {
  const res = await stores({ 'x-correlation-id': 'my-trace-0001', 'x-mobilepay-client-system-version': null });
  assertPosError(res, 400, '1153');
  assert.equal(res.json().correlationId, 'my-trace-0001');
});

test('answers an unknown PoS path with a PoS error body', async () => {
  assertPosError(await posCall(t.app, f.headers, 'GET', '/pos/v10/nothing-here'), 404, null);
});
