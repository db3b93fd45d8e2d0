/**
 * "Last token issued" for operators: recorded when a token is issued, at most once a minute per
 * client and instance (the token endpoint stays free of writes), never moved back, and shown by
 * the admin API (the CLI and console use the same view).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/shared/clock.ts';
import { recordTokenIssued } from '../../src/integrators/integrator.repository.ts';
import { addTestClient, basic, startTestPlatform, tokenRequest, type TestClient, type TestPlatform } from '../helpers/platform.ts';
import { admin, ADMIN_TOKEN } from '../helpers/admin-api.ts';

const START = '2026-12-02T10:00:00.000Z';
let t: TestPlatform;
let client: TestClient;
const adminApi = admin(() => t);

before(async () => {
  t = await startTestPlatform({ POSV10_ADMIN_TOKEN: ADMIN_TOKEN }, new ManualClock(START));
  client = await addTestClient(t.platform);
});
after(() => t.close());

async function lastTokenAt(): Promise<string | null> {
  const res = await adminApi('GET', `/integrators/${client.integratorId}`);
  assert.equal(res.statusCode, 200);
  const [view] = res.json().clients;
  return view.lastTokenAt;
}

const token = (secret = client.clientSecret) => tokenRequest(t.app, 'grant_type=client_credentials', { authorization: basic(client.clientId, secret) });

test('a client that never had a token shows null; a refused request records nothing', async () => {
  assert.equal(await lastTokenAt(), null);
  assert.equal((await token('not-the-secret')).statusCode, 401);
  assert.equal(await lastTokenAt(), null);
});

test('a token is recorded to the minute: once, then again only after a minute', async () => {
  assert.equal((await token()).statusCode, 200);
  assert.equal(await lastTokenAt(), START);

  t.clock.advance(59);
  assert.equal((await token()).statusCode, 200);
  assert.equal(await lastTokenAt(), START, 'no write within the minute');

  t.clock.advance(1);
  assert.equal((await token()).statusCode, 200);
  assert.equal(await lastTokenAt(), '2026-12-02T10:01:00.000Z');
});

test('an instance with an older time does not move the recorded time back', async () => {
  await recordTokenIssued(t.platform.db, client.clientId, '2026-12-02T09:00:00.000Z');
  assert.equal(await lastTokenAt(), '2026-12-02T10:01:00.000Z');
});
