/**
 * Every API posv10 serves publishes an OpenAPI document without a token: the PoS V10 API and the
 * admin API have theirs (tested beside them); these are the Integrator Authentication API's and,
 * in the sandbox, the user simulation's.
 */
// @test-pass: once
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

let t: TestPlatform;
before(async () => {
  t = await startTestPlatform();
});
after(() => t.close());

interface Document {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>;
}

async function documentAt(url: string): Promise<Document> {
  const res = await t.app.inject({ method: 'GET', url });
  assert.equal(res.statusCode, 200, res.body);
  const doc = res.json<Document>();
  assert.match(doc.openapi, /^3\./);
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) assert.ok(Object.keys(op.responses).includes('200'), `${method} ${path} documents its 200`);
  }
  return doc;
}

test('the Integrator Authentication API documents its token, discovery, JWKS, introspection and revocation endpoints', async () => {
  const doc = await documentAt('/integrator-authentication/openapi.json');
  assert.deepEqual(doc.servers, [{ url: t.platform.oauth.issuer }]);
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    '/.well-known/openid-configuration',
    '/.well-known/openid-configuration/jwks',
    '/connect/introspect',
    '/connect/revocation',
    '/connect/token',
  ]);
  // Every path it lists is served, relative to the issuer it names.
  const discovery = await t.app.inject({ method: 'GET', url: '/integrator-authentication/.well-known/openid-configuration' });
  assert.equal(discovery.json<{ token_endpoint: string }>().token_endpoint, `${t.platform.oauth.issuer}/connect/token`);
});

test("the sandbox's user simulation documents its four operations from the route schemas, without a token", async () => {
  const doc = await documentAt('/pos/app/usersimulation/openapi.json');
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    '/pos/app/usersimulation/acceptpayment',
    '/pos/app/usersimulation/cancelpaymentbyuser',
    '/pos/app/usersimulation/checkin',
    '/pos/app/usersimulation/expire',
  ]);
  // The operations themselves still need a token.
  assert.equal((await t.app.inject({ method: 'POST', url: '/pos/app/usersimulation/checkin', payload: {} })).statusCode, 401);
});
