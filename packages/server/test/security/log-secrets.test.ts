// The client secret must never reach a log line, whatever the request looks like.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addTestClient, basic, startTestPlatform, tokenRequest } from '../helpers/platform.ts';

test('a client secret never appears in the log output, in failing or succeeding requests', async () => {
  const t = await startTestPlatform({ POSV10_LOG_LEVEL: 'trace' });
  try {
    const c = await addTestClient(t.platform);
    const good = 'grant_type=client_credentials';
    const responses = [
      await tokenRequest(t.app, good, { authorization: basic(c.clientId, c.clientSecret) }),
      await tokenRequest(t.app, `${good}&client_id=${c.clientId}&client_secret=${c.clientSecret}`),
      await tokenRequest(t.app, `grant_type=password&client_id=${c.clientId}&client_secret=${c.clientSecret}`),
      await tokenRequest(t.app, `${good}&client_id=${c.clientId}&client_secret=${c.clientSecret}`, { authorization: basic(c.clientId, c.clientSecret) }),
      await tokenRequest(t.app, good, { authorization: basic(c.clientId, `${c.clientSecret}x`) }),
      await t.app.inject({ method: 'POST', url: `/integrator-authentication/connect/token?client_secret=${c.clientSecret}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ client_secret: c.clientSecret }) }),
    ];
    assert.deepEqual(responses.map((r) => r.statusCode), [200, 200, 400, 400, 401, 400]);
    const logs = t.logs();
    assert.ok(logs.includes('/connect/token'), 'requests were logged at all');
    assert.ok(!logs.includes(c.clientSecret), 'secret found in logs');
    assert.ok(!logs.includes(Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64').slice(0, 40)), 'Basic credentials found in logs');
    for (const r of responses.filter((x) => x.statusCode !== 200)) assert.ok(!r.body.includes(c.clientSecret), 'secret echoed in an error body');
  } finally {
    await t.close();
  }
});
