// @test-pass: once
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { addTestClient, basic, FORM, startTestPlatform, tokenRequest, type TestPlatform } from '../helpers/platform.ts';

const started: TestPlatform[] = [];
after(async () => {
  for (const t of started) await t.close();
});

async function platform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const t = await startTestPlatform(env);
  started.push(t);
  return t;
}

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

test('every response of every surface carries the security headers (success, error, 404, 405)', async () => {
  const t = await platform();
  const client = await addTestClient(t.platform);
  const responses = [
    await tokenRequest(t.app, 'grant_type=client_credentials', { authorization: basic(client.clientId, client.clientSecret) }),
    await tokenRequest(t.app, 'grant_type=client_credentials'),
    await t.app.inject({ url: '/integrator-authentication/.well-known/openid-configuration' }),
    await t.app.inject({ url: '/integrator-authentication/.well-known/openid-configuration/jwks' }),
    await t.app.inject({ url: '/.well-known/oauth-authorization-server/integrator-authentication' }),
    await t.app.inject({ method: 'GET', url: '/integrator-authentication/connect/token' }),
    await t.app.inject({ url: '/no/such/path' }),
    await t.app.inject({ method: 'POST', url: '/integrator-authentication/connect/introspect', payload: '' }),
  ];
  for (const res of responses) {
    for (const [name, value] of Object.entries(BASE_HEADERS)) assert.equal(res.headers[name], value, `${name} on ${res.statusCode}`);
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain http');
  }
});

test('adds Strict-Transport-Security when the public URL is https', async () => {
  const t = await platform({ POSV10_PUBLIC_URL: 'https://auth.example.com' });
  const res = await t.app.inject({ url: '/integrator-authentication/.well-known/openid-configuration' });
  assert.match(String(res.headers['strict-transport-security']), /^max-age=\d+; includeSubDomains$/);
});

test('refuses a token request body over 8 KiB with 413 and an OAuth error body', async () => {
  const t = await platform();
  const res = await tokenRequest(t.app, `grant_type=client_credentials&pad=${'a'.repeat(9000)}`);
  assert.equal(res.statusCode, 413);
  assert.equal(res.json().error, 'invalid_request');
});

test('refuses request headers over the configured size with 431, before the app sees them', async () => {
  const t = await platform({ POSV10_MAX_HEADER_BYTES: '4096' });
  const origin = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      {
        host: origin.hostname,
        port: origin.port,
        method: 'POST',
        path: '/integrator-authentication/connect/token',
        headers: { 'x-padding': 'a'.repeat(8000), 'content-type': FORM },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end('grant_type=client_credentials');
  });
  assert.equal(status, 431);
});

test('a database failure is a bare server_error: no stack trace, no SQL, no table name', async () => {
  const t = await platform();
  const client = await addTestClient(t.platform);
  await t.platform.db.schema.dropTable('client_secrets').execute();
  const res = await tokenRequest(t.app, 'grant_type=client_credentials', { authorization: basic(client.clientId, client.clientSecret) });
  assert.equal(res.statusCode, 500);
  assert.deepEqual(res.json(), { error: 'server_error', error_description: 'Internal error' });
  assert.doesNotMatch(res.body, /client_secrets|select|sqlite|\bat\s|\.ts:/i);
});

test('a failure outside any surface is answered without internal detail', async () => {
  const t = await platform();
  // A route in the root scope, as a future surface without its own handler would have.
  const { buildApp } = await import('../../src/http/app.ts');
  const app = await buildApp(t.platform);
  app.get('/boom', async () => {
    throw new Error('SELECT secret FROM vault at /srv/app/db.ts:42');
  });
  const res = await app.inject({ url: '/boom' });
  await app.close();
  assert.equal(res.statusCode, 500);
  assert.doesNotMatch(res.body, /SELECT|vault|db\.ts/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
});

test('a path the router cannot match (bad percent-encoding, overlong id) gets the surface error shape and headers, not Fastify internals', async () => {
  const t = await platform();
  const cases = [
    { url: '/pos/v10/pointofsales/%zz', surface: 'pos' },
    { url: `/pos/v10/payments/${'a'.repeat(500)}/capture`, surface: 'pos' },
    { url: '/pos/v10/refunds/%E0%A4%A', surface: 'pos' },
    { url: `/admin/v1/integrators/${'b'.repeat(500)}`, surface: 'admin' },
    { url: '/admin/v1/integrators/%zz', surface: 'admin' },
  ];
  for (const { url, surface } of cases) {
    const res = await t.app.inject({ method: 'GET', url });
    const what = `${url.slice(0, 60)} → ${res.statusCode} ${res.body}`;
    assert.equal(res.statusCode, 400, what);
    assert.doesNotMatch(res.body, /FST_ERR|not a valid url component|max param length|%zz|aaaa|bbbb/, what);
    for (const [name, value] of Object.entries(BASE_HEADERS)) assert.equal(res.headers[name], value, `${name}: ${what}`);
    assert.match(String(res.headers['x-correlation-id']), /^[0-9A-Za-z-]{8,64}$/, what);
    const body = res.json<Record<string, string>>();
    if (surface === 'pos') assert.deepEqual(body, { code: '1099', message: 'Malformed URL', correlationId: res.headers['x-correlation-id'] }, what);
    else assert.deepEqual(body, { error: 'invalid_request', message: 'Malformed URL' }, what);
  }
});
