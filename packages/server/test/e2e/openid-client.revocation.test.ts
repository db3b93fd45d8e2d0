// @test-pass: once
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { addTestClient, startTestPlatform, type TestClient, type TestPlatform } from '../helpers/platform.ts';

let t: TestPlatform;
let client: TestClient;
let origin: string;

before(async () => {
  t = await startTestPlatform();
  client = await addTestClient(t.platform);
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => t.close());

/**
 * The issuer is the configured public URL (http://localhost:8080); the server listens on a free
 * port. openid-client's customFetch sends every request to the real listening server instead.
 */
function configure(auth: oidc.ClientAuth) {
  const customFetch = (url: string, init: RequestInit) => fetch(url.replace('http://localhost:8080', origin), init);
  return oidc.discovery(new URL(t.platform.oauth.issuer), client.clientId, undefined, auth, {
    execute: [oidc.allowInsecureRequests],
    [oidc.customFetch]: customFetch,
  });
}

test('openid-client obtains, introspects and revokes a token with client_secret_basic', async () => {
  const config = await configure(oidc.ClientSecretBasic(client.clientSecret));
  assert.equal(config.serverMetadata().revocation_endpoint, `${t.platform.oauth.issuer}/connect/revocation`);
  const { access_token } = await oidc.clientCredentialsGrant(config, { scope: 'integrator_scope' });
  const before = await oidc.tokenIntrospection(config, access_token);
  assert.equal(before.active, true);
  assert.equal(before.client_id, client.clientId);
  await oidc.tokenRevocation(config, access_token, { token_type_hint: 'access_token' });
  const afterRevocation = await oidc.tokenIntrospection(config, access_token);
  assert.equal(afterRevocation.active, false);
});

test('openid-client works with client_secret_post too', async () => {
  const config = await configure(oidc.ClientSecretPost(client.clientSecret));
  const { access_token } = await oidc.clientCredentialsGrant(config);
  assert.equal((await oidc.tokenIntrospection(config, access_token)).active, true);
  await oidc.tokenRevocation(config, access_token);
  assert.equal((await oidc.tokenIntrospection(config, access_token)).active, false);
});
