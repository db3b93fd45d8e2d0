import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { addGrantedMerchant, addTestClient, basic, startTestPlatform, tokenRequest, type TestClient, type TestPlatform } from '../helpers/platform.ts';

let t: TestPlatform;
let client: TestClient;

before(async () => {
  t = await startTestPlatform({ POSV10_SIGNING_ALG: 'RS256' });
  client = await addTestClient(t.platform);
  await addGrantedMerchant(t.platform, client.integratorId, 'DK12345678');
});
after(() => t.close());

async function verify(token: string) {
  return jwtVerify(token, createLocalJWKSet(t.platform.oauth.keys.jwks), {
    issuer: 'http://localhost:8080/integrator-authentication',
    audience: 'http://localhost:8080/pos/v10',
    currentDate: t.clock.now(),
  });
}

test('issues a token to a client authenticating with HTTP Basic', async () => {
  const res = await tokenRequest(t.app, 'grant_type=client_credentials', { authorization: basic(client.clientId, client.clientSecret) });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['pragma'], 'no-cache');
  const body = res.json();
  assert.deepEqual(Object.keys(body), ['access_token', 'expires_in', 'token_type', 'scope']);
  assert.equal(body.expires_in, 3700);
  assert.equal(body.token_type, 'Bearer');
  assert.equal(body.scope, 'integrator_scope');
  const { payload, protectedHeader } = await verify(body.access_token);
  assert.equal(protectedHeader.alg, 'RS256');
  assert.equal(protectedHeader.typ, 'at+jwt');
  assert.equal(protectedHeader.kid, t.platform.oauth.keys.signer.kid);
  assert.equal(payload.sub, client.clientId);
  assert.equal(payload.client_id, client.clientId);
  assert.equal(payload.integrator_id, client.integratorId);
  assert.equal(payload.scope, 'integrator_scope');
  assert.equal(payload.exp! - payload.iat!, 3700);
  assert.equal(payload.nbf, payload.iat);
  assert.match(String(payload.jti), /^[0-9a-f-]{36}$/);
  assert.equal(payload.merchant_vat, undefined);
});

test('issues a token to a client sending client_secret_post', async () => {
  const res = await tokenRequest(t.app, `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`);
  assert.equal(res.statusCode, 200);
  const { payload } = await verify(res.json().access_token);
  assert.equal(payload.client_id, client.clientId);
});

test('accepts Basic credentials sent raw, without form-urlencoding (curl, Python)', async () => {
  const raw = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
  const res = await tokenRequest(t.app, 'grant_type=client_credentials', { authorization: raw });
  assert.equal(res.statusCode, 200);
});

test('accepts Basic credentials with every character percent-encoded (openid-client encodes GUID hyphens as %2D)', async () => {
  const enc = (s: string) => [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  const header = `Basic ${Buffer.from(`${enc(client.clientId)}:${enc(client.clientSecret)}`).toString('base64')}`;
  assert.match(header, /.+/);
  assert.ok(enc(client.clientId).includes('%2D'));
  const res = await tokenRequest(t.app, 'grant_type=client_credentials', { authorization: header });
  assert.equal(res.statusCode, 200);
});

test('puts a granted merchant_vat into the token as a claim', async () => {
  const res = await tokenRequest(t.app, 'grant_type=client_credentials&merchant_vat=DK12345678', {
    authorization: basic(client.clientId, client.clientSecret),
  });
  assert.equal(res.statusCode, 200);
  const { payload } = await verify(res.json().access_token);
  assert.equal(payload.merchant_vat, 'DK12345678');
});

test('accepts the older hyphenated merchant_vat DK-12345678 and puts the canonical DK12345678 into the claim', async () => {
  const res = await tokenRequest(t.app, 'grant_type=client_credentials&merchant_vat=DK-12345678', {
    authorization: basic(client.clientId, client.clientSecret),
  });
  assert.equal(res.statusCode, 200, res.body);
  const { payload } = await verify(res.json().access_token);
  assert.equal(payload.merchant_vat, 'DK12345678');
});

test('accepts a charset parameter on the form content type', async () => {
  const res = await tokenRequest(t.app, 'grant_type=client_credentials', {
    authorization: basic(client.clientId, client.clientSecret),
    'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
  });
  assert.equal(res.statusCode, 200);
});

test('grants the requested integrator_scope and ignores unknown parameters', async () => {
  const res = await tokenRequest(t.app, 'grant_type=client_credentials&scope=integrator_scope&foo=bar', {
    authorization: basic(client.clientId, client.clientSecret),
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().scope, 'integrator_scope');
});

test('treats a parameter with an empty value as absent', async () => {
  const res = await tokenRequest(t.app, 'grant_type=client_credentials&merchant_vat=&scope=', { authorization: basic(client.clientId, client.clientSecret) });
  assert.equal(res.statusCode, 200);
  const { payload } = await verify(res.json().access_token);
  assert.equal(payload.merchant_vat, undefined);
});

test('each token has its own jti', async () => {
  const [a, b] = await Promise.all(
    [1, 2].map(() => tokenRequest(t.app, 'grant_type=client_credentials', { authorization: basic(client.clientId, client.clientSecret) })),
  );
  const ja = (await verify(a!.json().access_token)).payload.jti;
  const jb = (await verify(b!.json().access_token)).payload.jti;
  assert.notEqual(ja, jb);
  assert.equal(decodeProtectedHeader(a!.json().access_token).kid, decodeProtectedHeader(b!.json().access_token).kid);
});
