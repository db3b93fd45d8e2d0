import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryCounterStore, type CounterStore, type Limit } from '../../src/oauth/counter-store.ts';
import { addTestClient, basic, formRequest, startTestPlatform, type TestClient, type TestPlatform } from '../helpers/platform.ts';

/** A memory store that counts its round trips, so the hot path's cost is measured, not assumed. */
class CountingStore implements CounterStore {
  readonly inner = new MemoryCounterStore();
  calls = 0;
  attempt(check: readonly Limit[], take: readonly Limit[], nowMs: number) {
    this.calls += 1;
    return this.inner.attempt(check, take, nowMs);
  }
  add(changes: readonly { limit: Limit; amount: number }[], nowMs: number) {
    this.calls += 1;
    return this.inner.add(changes, nowMs);
  }
  close() {
    return this.inner.close();
  }
}

const LIMITS = {
  POSV10_AUTH_FAILURE_WINDOW_SECONDS: '60',
  POSV10_AUTH_FAILURES_PER_ADDRESS: '8',
  POSV10_AUTH_FAILURES_PER_CLIENT_ADDRESS: '3',
  POSV10_TOKEN_QUOTA_PER_MINUTE: '5',
};

let t: TestPlatform;
let client: TestClient;
let store: CountingStore;

beforeEach(async () => {
  store = new CountingStore();
  t = await startTestPlatform(LIMITS, undefined, { counters: store });
  client = await addTestClient(t.platform);
});
afterEach(() => t.close());

const GRANT = 'grant_type=client_credentials';
const token = (c: { clientId: string; clientSecret: string }, address = '10.0.0.1') =>
  formRequest(t.app, '/connect/token', GRANT, { authorization: basic(c.clientId, c.clientSecret) }, address);
const wrong = (address = '10.0.0.1') => token({ clientId: client.clientId, clientSecret: 'wrong-secret' }, address);

test('answers 429 slow_down with Retry-After once a client id + address has failed too often, even with the right secret', async () => {
  for (let i = 0; i < 3; i += 1) assert.equal((await wrong()).statusCode, 401);
  const blocked = await token(client);
  assert.equal(blocked.statusCode, 429);
  assert.equal(blocked.json().error, 'slow_down');
  assert.ok(Number(blocked.headers['retry-after']) >= 1);
  assert.equal(blocked.headers['cache-control'], 'no-store');
});

test('does not compare the secret once over the limit', async () => {
  for (let i = 0; i < 3; i += 1) await wrong();
  let compared = 0;
  const original = t.platform.clients.authenticate.bind(t.platform.clients);
  t.platform.clients.authenticate = (id, secret) => {
    compared += 1;
    return original(id, secret);
  };
  assert.equal((await wrong()).statusCode, 429);
  assert.equal((await token(client)).statusCode, 429);
  assert.equal(compared, 0);
});

test("never locks a legitimate client out from its own address because of someone else's failures", async () => {
  for (let i = 0; i < 20; i += 1) await wrong('203.0.113.66');
  assert.equal((await wrong('203.0.113.66')).statusCode, 429);
  assert.equal((await token(client, '10.0.0.1')).statusCode, 200);
});

test('limits failures per source address across many client ids', async () => {
  for (let i = 0; i < 8; i += 1) {
    const res = await token({ clientId: `00000000-0000-4000-8000-00000000000${i}`, clientSecret: 'x' }, '198.51.100.7');
    assert.equal(res.statusCode, 401);
  }
  const res = await token({ clientId: '00000000-0000-4000-8000-000000000009', clientSecret: 'x' }, '198.51.100.7');
  assert.equal(res.statusCode, 429);
});

test('the failure window slides: the limit lifts as old failures age out', async () => {
  for (let i = 0; i < 3; i += 1) await wrong();
  const blocked = await token(client);
  assert.equal(blocked.statusCode, 429);
  t.clock.advance(Number(blocked.headers['retry-after']));
  assert.equal((await token(client)).statusCode, 200);
});

test('holds a client that does not cache its tokens to its quota, with slow_down and Retry-After', async () => {
  for (let i = 0; i < 5; i += 1) assert.equal((await token(client)).statusCode, 200);
  const over = await token(client);
  assert.equal(over.statusCode, 429);
  assert.equal(over.json().error, 'slow_down');
  assert.match(String(over.headers['retry-after']), /^\d+$/);
  t.clock.advance(120);
  assert.equal((await token(client)).statusCode, 200);
});

test("one client's quota does not touch another's, and failed attempts do not use up a quota", async () => {
  const other = await addTestClient(t.platform, 'Other Integrator');
  for (let i = 0; i < 2; i += 1) await wrong('10.9.9.9');
  for (let i = 0; i < 5; i += 1) assert.equal((await token(client)).statusCode, 200);
  assert.equal((await token(other)).statusCode, 200);
});

test('a successful token request costs exactly one counter round trip', async () => {
  store.calls = 0;
  for (let i = 0; i < 4; i += 1) assert.equal((await token(client)).statusCode, 200);
  assert.equal(store.calls, 4);
});

test('introspection and revocation share the failure limits but not the token quota', async () => {
  const introspect = (secret: string) => formRequest(t.app, '/connect/introspect', 'token=x', { authorization: basic(client.clientId, secret) }, '10.0.0.1');
  for (let i = 0; i < 6; i += 1) assert.equal((await introspect(client.clientSecret)).statusCode, 200);
  assert.equal((await token(client)).statusCode, 200);
  for (let i = 0; i < 3; i += 1) assert.equal((await introspect('wrong')).statusCode, 401);
  const blocked = await formRequest(t.app, '/connect/revocation', 'token=x', { authorization: basic(client.clientId, client.clientSecret) }, '10.0.0.1');
  assert.equal(blocked.statusCode, 429);
  assert.equal(blocked.json().error, 'slow_down');
});
