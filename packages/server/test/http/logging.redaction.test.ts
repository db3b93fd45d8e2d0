// @test-pass: once
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { addTestClient, basic, FORM, startTestPlatform, type TestClient, type TestPlatform } from '../helpers/platform.ts';

let t: TestPlatform;
let client: TestClient;
let origin: string;

before(async () => {
  // The most talkative level: whatever any level would log is in the capture.
  t = await startTestPlatform({ POSV10_LOG_LEVEL: 'trace', POSV10_LOG_REQUESTS: 'true' });
  client = await addTestClient(t.platform);
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => t.close());

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${origin}/integrator-authentication${path}`, { method: 'POST', headers: { 'content-type': FORM, ...headers }, body });
  await res.arrayBuffer();
  return res.status;
}

test('a client secret never reaches the log, whether the request fails or succeeds, however it is sent', async () => {
  const { clientId, clientSecret } = client;
  const secretInBody = `client_id=${clientId}&client_secret=${clientSecret}`;
  const statuses = [
    await post('/connect/token', 'grant_type=client_credentials', { authorization: basic(clientId, clientSecret) }),
    await post('/connect/token', secretInBody + '&grant_type=client_credentials'),
    await post('/connect/token', 'grant_type=password', { authorization: basic(clientId, clientSecret) }),
    await post('/connect/token', `${secretInBody}x&grant_type=client_credentials`),
    await post('/connect/token', 'grant_type=client_credentials', { authorization: basic(clientId, `${clientSecret}x`) }),
    await post(`/connect/token?client_secret=${clientSecret}&client_id=${clientId}`, 'grant_type=client_credentials'),
    await post('/connect/token', secretInBody + '&grant_type=client_credentials', { authorization: basic(clientId, clientSecret) }),
    await post('/connect/token', secretInBody, { 'content-type': 'application/json' }),
    await post('/connect/introspect', `token=abc&${secretInBody}`),
    await post('/connect/revocation', 'token=abc', { authorization: basic(clientId, clientSecret) }),
  ];
  assert.deepEqual(statuses, [200, 200, 400, 401, 401, 401, 400, 400, 200, 200]);
  const logs = t.logs();
  assert.ok(logs.length > 0, 'something was logged');
  assert.ok(logs.includes('/connect/token'), 'requests were logged');
  assert.equal(logs.includes(clientSecret), false, 'the secret appears in the log');
  assert.equal(logs.includes(encodeURIComponent(clientSecret)), false);
  assert.equal(logs.includes(Buffer.from(`${clientId}:${clientSecret}`).toString('base64').slice(0, 40)), false, 'a Basic header appears in the log');
  assert.equal(logs.includes(basic(clientId, clientSecret).slice(6, 46)), false, 'a Basic header appears in the log');
});

test('redaction censors credentials wherever a log call puts them', () => {
  const marker = `marker-${client.clientId}`;
  const secret = client.clientSecret;
  t.app.log.info({ req: { headers: { authorization: `Basic ${secret}` } }, msg2: marker });
  t.app.log.info({ request: { headers: { authorization: `Bearer ${secret}` }, body: { client_secret: secret } }, msg2: marker });
  t.app.log.info({ credentials: { clientSecret: secret, password: secret, secret }, msg2: marker });
  t.app.log.info({ delivery: { zipPassword: secret }, body: `client_secret=${secret}`, msg2: marker });
  const logs = t.logs();
  assert.ok(logs.split(marker).length - 1 >= 4, 'the log lines were written');
  assert.equal(logs.includes(secret), false);
  assert.ok(logs.includes('[redacted]'));
});
