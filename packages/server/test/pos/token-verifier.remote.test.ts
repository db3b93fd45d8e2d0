// @test-pass: once
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addTestClient, issueToken, startTestPlatform, type TestClient, type TestPlatform } from '../helpers/platform.ts';
import { assertPosError, posCall } from '../helpers/pos.ts';
import { insertIntegrator } from '../../src/integrators/integrator.repository.ts';
import { addMerchant, addStore, grantIntegrator } from '../../src/merchants/merchant.service.ts';
import { rotateKeys } from '../../src/oauth/keys.service.ts';
import { keySettingsOf } from '../../src/oauth/oauth.area.ts';

/** The issuer: a whole posv10 really listening on a loopback port. */
let issuer: TestPlatform;
let server: Server;
/** The PoS API deployed apart: its own database and keys, told only the issuer URL. */
let api: TestPlatform;
let client: TestClient;
let storeId: string;
const requestedPaths: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    requestedPaths.push(req.url ?? '');
    issuer.app.routing(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  issuer = await startTestPlatform({ POSV10_PUBLIC_URL: `http://127.0.0.1:${port}` });
  client = await addTestClient(issuer.platform, 'Remote Integrator');

  api = await startTestPlatform({ POSV10_AUTH_ISSUER: issuer.platform.oauth.issuer, POSV10_AUDIENCE: issuer.config.audience });
  // The operator registers the same integrator and its merchant with the PoS deployment.
  await insertIntegrator(api.platform.db, {
    id: client.integratorId,
    name: 'Remote Integrator',
    email: 'tech@example.com',
    phone: '+4520031801',
    created_at: api.clock.now().toISOString(),
  });
  await addMerchant(api.platform.db, api.clock, { vat: 'DK12345678', name: 'Remote Merchant' });
  await grantIntegrator(api.platform.db, api.clock, 'DK12345678', client.integratorId);
  storeId = (
    await addStore(api.platform.db, api.clock, {
      vat: 'DK12345678',
      brandId: 'MPPOSCERT1',
      brandName: 'B',
      locationId: '00001',
      name: 'S',
      street: 'St 1',
      zipCode: '2100',
      city: 'C',
    })
  ).id;
});
after(async () => {
  await api.close();
  await issuer.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const headers = (token: string) => ({
  authorization: `Bearer ${token}`,
  'x-mobilepay-client-system-version': '2.1.0',
  'x-mobilepay-merchant-vat-number': 'DK12345678',
});
const jwksFetches = () => requestedPaths.filter((p) => p.endsWith('/jwks')).length;

test("accepts the remote issuer's tokens after fetching its discovery document and JWKS", async () => {
  const token = await issueToken(issuer.app, client);
  const res = await posCall(api.app, headers(token), 'GET', '/pos/v10/stores');
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { storeIds: [storeId] });
  assert.ok(requestedPaths.includes('/integrator-authentication/.well-known/openid-configuration'));
  assert.equal(jwksFetches(), 1);
});

test('serves further calls from its caches without asking the issuer again', async () => {
  const other = await issueToken(issuer.app, client);
  const before = requestedPaths.length;
  assert.equal((await posCall(api.app, headers(other), 'GET', '/pos/v10/stores')).statusCode, 200);
  assert.equal((await posCall(api.app, headers(other), 'GET', '/pos/v10/stores')).statusCode, 200);
  assert.equal(requestedPaths.length, before);
});

test('refuses tokens of its own local keys: it trusts only the configured issuer', async () => {
  const local = await addTestClient(api.platform, 'Local');
  await grantIntegrator(api.platform.db, api.clock, 'DK12345678', local.integratorId);
  const token = await issueToken(api.app, local);
  assertPosError(await posCall(api.app, headers(token), 'GET', '/pos/v10/stores'), 401, 'invalid_token');
});

test('refetches the JWKS once for a key it does not know, at most once per cooldown', async () => {
  // Two rotations: the key that signs now was created after the PoS API fetched the JWKS.
  for (let i = 0; i < 2; i += 1) await rotateKeys(issuer.platform.db, issuer.clock, keySettingsOf(issuer.config));
  await issuer.platform.oauth.keys.load();
  const token = await issueToken(issuer.app, client);
  const fetches = jwksFetches();
  // Within the cooldown an unknown kid does not make the PoS API hammer the issuer.
  assertPosError(await posCall(api.app, headers(token), 'GET', '/pos/v10/stores'), 401, 'invalid_token');
  assert.equal(jwksFetches(), fetches);
  api.clock.advance(11);
  const res = await posCall(api.app, headers(token), 'GET', '/pos/v10/stores');
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(jwksFetches(), fetches + 1);
});

test("refuses the remote issuer's token once it expired", async () => {
  const token = await issueToken(issuer.app, client);
  assert.equal((await posCall(api.app, headers(token), 'GET', '/pos/v10/stores')).statusCode, 200);
  api.clock.advance(3700 + 61);
  assertPosError(await posCall(api.app, headers(token), 'GET', '/pos/v10/stores'), 401, 'invalid_token');
});

test('answers 500 code 2000, not 401, when the issuer cannot be reached for its keys', async () => {
  const { port } = server.address() as AddressInfo;
  const orphan = await startTestPlatform({ POSV10_AUTH_ISSUER: `http://127.0.0.1:${port}/no-such-issuer`, POSV10_AUDIENCE: issuer.config.audience });
  try {
    const token = await issueToken(issuer.app, client);
    assertPosError(await posCall(orphan.app, headers(token), 'GET', '/pos/v10/stores'), 500, '2000');
  } finally {
    await orphan.close();
  }
});
