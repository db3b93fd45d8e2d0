// @test-pass: once
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

let t: TestPlatform;

before(async () => {
  t = await startTestPlatform();
});
after(() => t.close());

const HEADERS = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' };

async function notFound(url: string, method: 'GET' | 'POST' | 'DELETE' = 'GET', headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method, url, headers });
  assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
  for (const [name, value] of Object.entries(HEADERS)) assert.equal(res.headers[name], value, `${name} on ${url}`);
  assert.match(String(res.headers['x-correlation-id']), /^[0-9A-Za-z-]{8,64}$/);
  assert.doesNotMatch(res.body, /statusCode|Route .* not found|FST_/, `${url} answered in Fastify's shape`);
  return res;
}

test('an unknown path under /pos/ answers the PoS error body, inside and outside /pos/v10', async () => {
  for (const url of ['/pos/v10/no-such', '/pos/v9/payments', '/pos/', '/pos/app/nothing']) {
    const res = await notFound(url, 'POST');
    assert.deepEqual(Object.keys(res.json()).sort(), ['code', 'correlationId', 'message'], url);
    assert.equal(res.json().code, null);
    assert.equal(res.json().correlationId, res.headers['x-correlation-id']);
  }
});

test('an unknown path under /admin/ answers the admin {error, message} (inside /admin/v1 after the token check)', async () => {
  for (const url of ['/admin/v2/integrators', '/admin/', '/admin']) {
    const res = await notFound(url);
    assert.deepEqual(res.json(), { error: 'not_found', message: 'No such admin route' }, url);
  }
});

test('an unknown path under /integrator-authentication/ answers an RFC 6749 error body', async () => {
  for (const url of ['/integrator-authentication/connect/authorize', '/integrator-authentication/', '/.well-known/oauth-authorization-server/other']) {
    const res = await notFound(url);
    assert.deepEqual(res.json(), { error: 'invalid_request', error_description: 'No such endpoint' }, url);
  }
});

test('any other unknown path answers {error: "not_found", message} as JSON, or a small page to a browser', async () => {
  for (const url of ['/nothing', '/console-typo', '/.env', '/wp-login.php?x=1']) {
    const res = await notFound(url, 'DELETE');
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.json().error, 'not_found', url);
    assert.match(String(res.headers['content-security-policy']), /^default-src 'none'/);
  }
  const page = await notFound('/nothing', 'GET', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.match(page.body, /<h1>Not found<\/h1>/);
  assert.doesNotMatch(page.body, /<script|style=/);
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
});

test('an unroutable path under /integrator-authentication/ is an OAuth invalid_request', async () => {
  const res = await t.app.inject({ url: '/integrator-authentication/%zz' });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(res.json(), { error: 'invalid_request', error_description: 'Malformed URL' });
});
