import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { RedisCounterStore } from '../../src/oauth/counter-store.redis.ts';
import { MemoryCounterStore, type CounterStore, type Limit } from '../../src/oauth/counter-store.ts';
import { TokenRateLimiter } from '../../src/oauth/rate-limit.service.ts';
import { createPlatform, openDatabase, type Platform } from '../../src/platform.ts';
import { buildApp } from '../../src/http/app.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { newId } from '../../src/shared/random.ts';
import { addTestClient, basic, formRequest, testConfig, type TestClient } from '../helpers/platform.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
/** Other engineers and test runs share this Redis: every key of this run lives under its own prefix. */
const PREFIX = `posv10-test:${newId()}:`;

let admin: Redis;
before(() => {
  admin = new Redis(REDIS_URL);
});
after(async () => {
  const keys = await admin.keys(`${PREFIX}*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
});

const limit = (key: string, max: number, windowMs = 60_000): Limit => ({ key, max, windowMs });

test('two instances share one set of counters in Redis', async () => {
  const a = new RedisCounterStore(REDIS_URL, PREFIX);
  const b = new RedisCounterStore(REDIS_URL, PREFIX);
  const l = limit('shared', 3);
  const now = 1_000_000;
  assert.equal(await a.attempt([], [l], now), 0);
  assert.equal(await b.attempt([], [l], now), 0);
  assert.equal(await a.attempt([], [l], now), 0);
  assert.ok((await b.attempt([], [l], now)) > 0);
  await Promise.all([a.close(), b.close()]);
});

test('the Redis store and the memory store decide alike over a sliding window', async () => {
  const redis = new RedisCounterStore(REDIS_URL, PREFIX);
  const memory = new MemoryCounterStore();
  const l = limit(`slide-${newId()}`, 4, 10_000);
  const decide = async (store: CounterStore, at: number) => store.attempt([], [l], at);
  const times = [0, 1000, 2000, 3000, 4000, 9000, 12_000, 14_000, 15_000, 19_000, 25_000, 31_000];
  for (const at of times) {
    const [r, m] = [await decide(redis, 5_000_000 + at), await decide(memory, 5_000_000 + at)];
    assert.equal(r === 0, m === 0, `at +${at} ms: redis ${r}, memory ${m}`);
  }
  await redis.close();
});

test('a failure-limit check does not count, and add() gives a slot back', async () => {
  const store = new RedisCounterStore(REDIS_URL, PREFIX);
  const failures = limit(`f-${newId()}`, 1);
  const quota = limit(`q-${newId()}`, 1);
  const now = 7_000_000;
  assert.equal(await store.attempt([failures], [quota], now), 0);
  await store.add(
    [
      { limit: quota, amount: -1 },
      { limit: failures, amount: 1 },
    ],
    now,
  );
  assert.ok((await store.attempt([failures], [], now)) > 0);
  assert.equal(await store.attempt([], [quota], now), 0);
  await store.close();
});

interface Instance {
  platform: Platform;
  app: Awaited<ReturnType<typeof buildApp>>;
}

test('failures counted on one instance block the same client id + address on another (POSV10_REDIS_URL)', async () => {
  const clock = new ManualClock(new Date());
  const config = testConfig({ POSV10_REDIS_URL: REDIS_URL, POSV10_REDIS_PREFIX: `${PREFIX}${newId()}:`, POSV10_AUTH_FAILURES_PER_CLIENT_ADDRESS: '2' });
  const handle = await openDatabase(config);
  const instances: Instance[] = [];
  for (let i = 0; i < 2; i += 1) {
    const platform = await createPlatform(config, { clock, handle });
    instances.push({ platform, app: await buildApp(platform) });
  }
  const [one, two] = instances as [Instance, Instance];
  const client: TestClient = await addTestClient(one.platform);
  const send = (i: Instance, secret: string) =>
    formRequest(i.app, '/connect/token', 'grant_type=client_credentials', { authorization: basic(client.clientId, secret) }, '10.1.1.1');
  try {
    assert.equal((await send(one, 'wrong')).statusCode, 401);
    assert.equal((await send(two, 'wrong')).statusCode, 401);
    assert.equal((await send(one, client.clientSecret)).statusCode, 429);
    assert.equal((await send(two, client.clientSecret)).statusCode, 429);

    // The hot path: one Redis round trip per token. Measured, and printed for the benchmark's reference.
    const fresh = await addTestClient(one.platform, 'Fresh Integrator');
    const n = 200;
    const started = performance.now();
    for (let i = 0; i < n; i += 1) {
      const res = await formRequest(
        two.app,
        '/connect/token',
        'grant_type=client_credentials',
        { authorization: basic(fresh.clientId, fresh.clientSecret) },
        '10.2.2.2',
      );
      assert.equal(res.statusCode, 200);
    }
    const perToken = (performance.now() - started) / n;
    console.log(`${n} tokens with Redis counters: ${perToken.toFixed(2)} ms per token (one EVALSHA each)`);
  } finally {
    for (const i of instances) {
      await i.app.close();
      await i.platform.oauth.rateLimiter.close();
      await i.platform.oauth.revocations.close();
    }
    await handle.close();
  }
});

test('when Redis does not answer, requests are admitted and the failure reported (fail open)', async () => {
  // Nothing listens on port 1 of the loopback address: every command fails fast.
  const store = new RedisCounterStore('redis://127.0.0.1:1', PREFIX);
  const errors: unknown[] = [];
  const settings = { failureWindowSeconds: 60, failuresPerAddress: 1, failuresPerClientAddress: 1, tokensPerMinute: 1 };
  const limiter = new TokenRateLimiter(store, new ManualClock(), settings, (err) => errors.push(err));
  const admission = await limiter.admit('10.0.0.1', 'client', true);
  await limiter.failed(admission);
  await limiter.admit('10.0.0.1', 'client', true);
  assert.ok(errors.length >= 2);
  await limiter.close();
});
