import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  addGrantedMerchant,
  addTestClient,
  basic,
  formRequest,
  issueToken,
  startTestPlatform,
  type TestClient,
  type TestPlatform,
} from '../helpers/platform.ts';

let t: TestPlatform;
let client: TestClient;
let other: TestClient;

before(async () => {
  t = await startTestPlatform();
  client = await addTestClient(t.platform);
  other = await addTestClient(t.platform, 'Other Integrator');
  await addGrantedMerchant(t.platform, client.integratorId, 'DK12345678');
});
after(() => t.close());

const introspect = (c: TestClient, body: string) => formRequest(t.app, '/connect/introspect', body, { authorization: basic(c.clientId, c.clientSecret) });

test('describes an active token of the calling client (RFC 7662 §2.2)', async () => {
  const token = await issueToken(t.app, client, 'DK12345678');
  const res = await introspect(client, `token=${token}`);
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['cache-control'], 'no-store');
  const body = res.json();
  assert.equal(body.active, true);
  assert.equal(body.client_id, client.clientId);
  assert.equal(body.sub, client.clientId);
  assert.equal(body.integrator_id, client.integratorId);
  assert.equal(body.scope, 'integrator_scope');
  assert.equal(body.token_type, 'Bearer');
  assert.equal(body.merchant_vat, 'DK12345678');
  assert.equal(body.iss, t.platform.oauth.issuer);
  assert.equal(body.aud, t.config.audience);
  assert.equal(body.exp - body.iat, 3700);
  assert.match(body.jti, /^[0-9a-f-]{36}$/);
});

test("another client's token is inactive", async () => {
  const token = await issueToken(t.app, client);
  assert.deepEqual((await introspect(other, `token=${token}`)).json(), { active: false });
});

test('an expired token is inactive, a token within the 60 s skew still active', async () => {
  const token = await issueToken(t.app, client);
  t.clock.advance(3700 + 30);
  assert.equal((await introspect(client, `token=${token}`)).json().active, true);
  t.clock.advance(60);
  assert.deepEqual((await introspect(client, `token=${token}`)).json(), { active: false });
});

test('garbage is inactive, not an error', async () => {
  for (const garbage of ['x', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.', '%00%ff']) {
    const res = await introspect(client, `token=${garbage}`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { active: false });
  }
});

test('an unknown token_type_hint is ignored', async () => {
  const token = await issueToken(t.app, client);
  assert.equal((await introspect(client, `token=${token}&token_type_hint=refresh_token`)).json().active, true);
});

test('bad client authentication is 401, a missing token 400', async () => {
  const token = await issueToken(t.app, client);
  const bad = await formRequest(t.app, '/connect/introspect', `token=${token}`, { authorization: basic(client.clientId, 'nope') });
  assert.equal(bad.statusCode, 401);
  assert.equal(bad.json().error, 'invalid_client');
  const missing = await introspect(client, 'token_type_hint=access_token');
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().error, 'invalid_request');
});

test('discovery and RFC 8414 metadata publish both endpoints', async () => {
  for (const url of ['/integrator-authentication/.well-known/openid-configuration', '/.well-known/oauth-authorization-server/integrator-authentication']) {
    const doc = (await t.app.inject({ url })).json();
    assert.equal(doc.introspection_endpoint, `${t.platform.oauth.issuer}/connect/introspect`);
    assert.equal(doc.revocation_endpoint, `${t.platform.oauth.issuer}/connect/revocation`);
    assert.deepEqual(doc.revocation_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post']);
  }
});
