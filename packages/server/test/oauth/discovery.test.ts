// @test-pass: once
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

let t: TestPlatform;
before(async () => {
  t = await startTestPlatform({ POSV10_PUBLIC_URL: 'https://auth.example.test/', POSV10_SIGNING_ALG: 'RS256' });
});
after(() => t.close());

const ISSUER = 'https://auth.example.test/integrator-authentication';

test('publishes OpenID discovery built from the public base URL', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/integrator-authentication/.well-known/openid-configuration' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.issuer, ISSUER);
  assert.equal(doc.token_endpoint, `${ISSUER}/connect/token`);
  assert.equal(doc.jwks_uri, `${ISSUER}/.well-known/openid-configuration/jwks`);
  assert.deepEqual(doc.scopes_supported, ['integrator_scope']);
  assert.deepEqual(doc.grant_types_supported, ['client_credentials']);
  assert.deepEqual(doc.response_types_supported, ['token']);
  assert.deepEqual(doc.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post']);
  assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256']);
  assert.deepEqual(doc.subject_types_supported, ['public']);
  assert.ok(doc.claims_supported.includes('merchant_vat'));
  for (const [key, value] of Object.entries(doc)) {
    if (key.endsWith('_uri') || key.endsWith('_endpoint')) assert.ok(String(value).startsWith('https://auth.example.test/'), key);
  }
});

test('serves the same document as RFC 8414 metadata with the issuer path after the well-known prefix', async () => {
  const oidc = await t.app.inject({ method: 'GET', url: '/integrator-authentication/.well-known/openid-configuration' });
  const rfc8414 = await t.app.inject({ method: 'GET', url: '/.well-known/oauth-authorization-server/integrator-authentication' });
  assert.equal(rfc8414.statusCode, 200);
  assert.deepEqual(rfc8414.json(), oidc.json());
});

test('publishes the signing keys as a JWKS without private parts', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/integrator-authentication/.well-known/openid-configuration/jwks' });
  assert.equal(res.statusCode, 200);
  const { keys } = res.json();
  assert.ok(keys.length >= 2, 'current and next key are both published');
  assert.ok(keys.some((k: { kid: string }) => k.kid === t.platform.oauth.keys.signer.kid));
  for (const key of keys) {
    assert.equal(key.kty, 'RSA');
    assert.equal(key.use, 'sig');
    assert.equal(key.alg, 'RS256');
    assert.equal(typeof key.kid, 'string');
    assert.equal(typeof key.n, 'string');
    assert.equal(key.e, 'AQAB');
    for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(key[priv], undefined, priv);
  }
});
