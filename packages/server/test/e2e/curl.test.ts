// @test-pass: once
// The seed's own cURL example, run with the real curl binary against a listening server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { addGrantedMerchant, addTestClient, type TestClient } from '../helpers/platform.ts';
import { startListening, type ListeningPlatform } from '../helpers/server.ts';

const run = promisify(execFile);
let s: ListeningPlatform;
let client: TestClient;

before(async () => {
  s = await startListening();
  client = await addTestClient(s.platform);
  await addGrantedMerchant(s.platform, client.integratorId, 'DK12345678');
});
after(() => s.close());

test("the seed's curl example gets a token (raw Basic credentials, --data-urlencode)", async () => {
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  const { stdout } = await run('curl', [
    '--silent',
    '--show-error',
    '--location',
    '--request',
    'POST',
    `${s.issuer}/connect/token`,
    '--header',
    'Content-Type: application/x-www-form-urlencoded',
    '--header',
    `Authorization: Basic ${basic}`,
    '--data-urlencode',
    'grant_type=client_credentials',
    '--data-urlencode',
    'merchant_vat=DK12345678',
  ]);
  const body = JSON.parse(stdout);
  assert.deepEqual(Object.keys(body), ['access_token', 'expires_in', 'token_type', 'scope']);
  assert.equal(body.expires_in, 3700);
  const { payload } = await jwtVerify(body.access_token, createRemoteJWKSet(new URL(`${s.issuer}/.well-known/openid-configuration/jwks`)), {
    issuer: s.issuer,
  });
  assert.equal(payload.merchant_vat, 'DK12345678');
});

test('curl -u (which sends the pair raw) works too, and errors come back as JSON with no-store', async () => {
  const ok = await run('curl', ['-s', '-u', `${client.clientId}:${client.clientSecret}`, '-d', 'grant_type=client_credentials', `${s.issuer}/connect/token`]);
  assert.equal(JSON.parse(ok.stdout).token_type, 'Bearer');
  const bad = await run('curl', ['-s', '-i', '-u', `${client.clientId}:nope`, '-d', 'grant_type=client_credentials', `${s.issuer}/connect/token`]);
  assert.match(bad.stdout, /^HTTP\/1\.1 401/);
  assert.match(bad.stdout, /cache-control: no-store/i);
  assert.match(bad.stdout, /www-authenticate: Basic/i);
  assert.match(bad.stdout, /"error":"invalid_client"/);
});
