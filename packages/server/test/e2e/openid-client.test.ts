// @test-pass: once
// openid-client (panva) as a real integrator would use it: discovery, then the client credentials grant.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { addGrantedMerchant, addTestClient, type TestClient } from '../helpers/platform.ts';
import { startListening, type ListeningPlatform } from '../helpers/server.ts';

let s: ListeningPlatform;
let client: TestClient;

before(async () => {
  s = await startListening();
  client = await addTestClient(s.platform);
  await addGrantedMerchant(s.platform, client.integratorId, 'DK90000028');
});
after(() => s.close());

const insecure = { execute: [oidc.allowInsecureRequests] };

test('openid-client discovers the server and gets a merchant-bound token with client_secret_basic', async () => {
  const config = await oidc.discovery(new URL(s.issuer), client.clientId, undefined, oidc.ClientSecretBasic(client.clientSecret), insecure);
  assert.equal(config.serverMetadata().issuer, s.issuer);
  const tokens = await oidc.clientCredentialsGrant(config, { merchant_vat: 'DK90000028' });
  assert.equal(tokens.token_type, 'bearer');
  assert.equal(tokens.expires_in, 3700);
  assert.equal(tokens.scope, 'integrator_scope');
  const { payload } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)), {
    issuer: s.issuer,
    audience: `${s.baseUrl}/pos/v10`,
    typ: 'at+jwt',
  });
  assert.equal(payload.merchant_vat, 'DK90000028');
  assert.equal(payload.client_id, client.clientId);
});

test('openid-client gets a token with client_secret_post', async () => {
  const config = await oidc.discovery(new URL(s.issuer), client.clientId, undefined, oidc.ClientSecretPost(client.clientSecret), insecure);
  const tokens = await oidc.clientCredentialsGrant(config, { scope: 'integrator_scope' });
  assert.equal(typeof tokens.access_token, 'string');
});

test('openid-client surfaces our RFC 6749 errors', async () => {
  const config = await oidc.discovery(new URL(s.issuer), client.clientId, undefined, oidc.ClientSecretBasic('wrong'), insecure);
  // A 401 with a Basic challenge surfaces as openid-client's WWWAuthenticateChallengeError.
  await assert.rejects(oidc.clientCredentialsGrant(config), (err: oidc.WWWAuthenticateChallengeError) => {
    assert.ok(err instanceof oidc.WWWAuthenticateChallengeError);
    assert.equal(err.status, 401);
    assert.equal(err.cause[0]?.scheme, 'basic');
    return true;
  });
  const good = await oidc.discovery(new URL(s.issuer), client.clientId, undefined, oidc.ClientSecretBasic(client.clientSecret), insecure);
  await assert.rejects(oidc.clientCredentialsGrant(good, { merchant_vat: 'DK1' }), (err: oidc.ResponseBodyError) => err.error === 'invalid_request');
});
