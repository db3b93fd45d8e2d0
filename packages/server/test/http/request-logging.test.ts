// @test-pass: once
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { addTestClient, basic, startTestPlatform, tokenRequest } from '../helpers/platform.ts';

async function logsOfOneTokenRequest(env: Record<string, string>): Promise<string> {
  const t = await startTestPlatform({ POSV10_LOG_LEVEL: 'info', ...env });
  try {
    const client = await addTestClient(t.platform);
    const res = await tokenRequest(t.app, 'grant_type=client_credentials', { authorization: basic(client.clientId, client.clientSecret) });
    assert.equal(res.statusCode, 200);
    return t.logs();
  } finally {
    await t.close();
  }
}

test('writes no per-request log lines by default, even at info level', async () => {
  const logs = await logsOfOneTokenRequest({});
  assert.doesNotMatch(logs, /incoming request|request completed/);
});

test('POSV10_LOG_REQUESTS=true writes the incoming and completed lines, with the correlation id and no credentials', async () => {
  const logs = await logsOfOneTokenRequest({ POSV10_LOG_REQUESTS: 'true' });
  assert.match(logs, /"msg":"incoming request"/);
  assert.match(logs, /"msg":"request completed"/);
  assert.match(logs, /"correlationId":"[0-9a-f-]{36}"/);
  assert.doesNotMatch(logs, /Basic /);
});

test('POSV10_LOG_REQUESTS accepts true/false/1/0 and names itself when it is anything else', () => {
  assert.equal(loadConfig({ POSV10_LOG_REQUESTS: '1' }).logRequests, true);
  assert.equal(loadConfig({ POSV10_LOG_REQUESTS: 'false' }).logRequests, false);
  assert.equal(loadConfig({}).logRequests, false);
  assert.throws(
    () => loadConfig({ POSV10_LOG_REQUESTS: 'yes' }),
    (err: unknown) => err instanceof ConfigError && /POSV10_LOG_REQUESTS/.test(err.message),
  );
});
