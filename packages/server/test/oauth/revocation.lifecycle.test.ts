import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RevocationService } from '../../src/oauth/revocation.service.ts';
import { addTestClient, basic, formRequest, issueToken, startTestPlatform, type TestClient, type TestPlatform } from '../helpers/platform.ts';

let t: TestPlatform;
let client: TestClient;
let other: TestClient;

before(async () => {
  t = await startTestPlatform();
  client = await addTestClient(t.platform);
  other = await addTestClient(t.platform, 'Other Integrator');
});
after(() => t.close());

const auth = (c: TestClient) => ({ authorization: basic(c.clientId, c.clientSecret) });
const revoke = (c: TestClient, body: string) => formRequest(t.app, '/connect/revocation', body, auth(c));
const introspect = (c: TestClient, token: string) => formRequest(t.app, '/connect/introspect', `token=${token}`, auth(c));

test('a revoked token introspects as inactive', async () => {
  const token = await issueToken(t.app, client);
  assert.equal((await introspect(client, token)).json().active, true);
  const res = await revoke(client, `token=${token}`);
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.deepEqual((await introspect(client, token)).json(), { active: false });
  const jti = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
  assert.equal(await t.platform.oauth.revocations.isRevoked(jti), true);
});

test("revoking another client's token answers 200 and does nothing", async () => {
  const token = await issueToken(t.app, client);
  assert.equal((await revoke(other, `token=${token}`)).statusCode, 200);
  assert.equal((await introspect(client, token)).json().active, true);
});

test('revoking an unknown or malformed token answers 200 (RFC 7009 §2.2)', async () => {
  assert.equal((await revoke(client, 'token=not-a-token')).statusCode, 200);
  assert.equal((await revoke(client, 'token=a.b.c')).statusCode, 200);
});

test('token_type_hint is ignored: refresh_token, an unknown hint and none all revoke the access token', async () => {
  for (const hint of ['refresh_token', 'made_up', 'access_token']) {
    const token = await issueToken(t.app, client);
    assert.equal((await revoke(client, `token=${token}&token_type_hint=${hint}`)).statusCode, 200);
    assert.equal((await introspect(client, token)).json().active, false, hint);
  }
});

test('bad client authentication is 401 invalid_client, and nothing is revoked', async () => {
  const token = await issueToken(t.app, client);
  const res = await formRequest(t.app, '/connect/revocation', `token=${token}`, { authorization: basic(client.clientId, 'wrong') });
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().error, 'invalid_client');
  assert.match(String(res.headers['www-authenticate']), /^Basic realm=/);
  assert.equal((await formRequest(t.app, '/connect/revocation', `token=${token}`)).statusCode, 401);
  assert.equal((await introspect(client, token)).json().active, true);
});

test('a missing token parameter is 400 invalid_request', async () => {
  const res = await revoke(client, 'token_type_hint=access_token');
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().error, 'invalid_request');
});

test('accepts client_secret_post like the token endpoint', async () => {
  const token = await issueToken(t.app, client);
  const res = await formRequest(t.app, '/connect/revocation', `token=${token}&client_id=${client.clientId}&client_secret=${client.clientSecret}`);
  assert.equal(res.statusCode, 200);
  assert.equal((await introspect(client, token)).json().active, false);
});

test('other methods on the revocation path are 405 with Allow: POST', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/integrator-authentication/connect/revocation' });
  assert.equal(res.statusCode, 405);
  assert.equal(res.headers.allow, 'POST');
});

test('another instance sees a revocation within its cache lifetime', async () => {
  const elsewhere = new RevocationService(t.platform.db, t.clock, 2);
  const token = await issueToken(t.app, client);
  const jti = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
  assert.equal(await elsewhere.isRevoked(jti), false);
  await revoke(client, `token=${token}`);
  t.clock.advance(2);
  assert.equal(await elsewhere.isRevoked(jti), true);
});

test('revocations are swept once their tokens have expired', async () => {
  const token = await issueToken(t.app, client);
  await revoke(client, `token=${token}`);
  const count = async () =>
    (
      await t.platform.db
        .selectFrom('revoked_tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  const before = Number(await count());
  assert.ok(before >= 1);
  assert.equal(await t.platform.oauth.revocations.sweep(), 0);
  t.clock.advance(3700 + 61);
  assert.ok((await t.platform.oauth.revocations.sweep()) >= 1);
  assert.equal(Number(await count()), 0);
});
