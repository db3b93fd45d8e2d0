import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

test('rate limits, revocation cache and header limit have safe defaults, Redis off', () => {
  const config = loadConfig({});
  assert.equal(config.redisUrl, undefined);
  assert.equal(config.redisKeyPrefix, 'posv10:');
  assert.equal(config.authFailureWindowSeconds, 300);
  assert.equal(config.authFailuresPerAddress, 100);
  assert.equal(config.authFailuresPerClientAddress, 10);
  assert.equal(config.tokenQuotaPerMinute, 600);
  assert.equal(config.revocationCacheSeconds, 2);
  assert.equal(config.maxHeaderBytes, 16_384);
});

test('reads the security settings and lets 0 turn a limit off', () => {
  const config = loadConfig({ POSV10_REDIS_URL: 'redis://127.0.0.1:6379/2', POSV10_AUTH_FAILURES_PER_ADDRESS: '0', POSV10_TOKEN_QUOTA_PER_MINUTE: '0' });
  assert.equal(config.redisUrl, 'redis://127.0.0.1:6379/2');
  assert.equal(config.authFailuresPerAddress, 0);
  assert.equal(config.tokenQuotaPerMinute, 0);
});

test('a bad Redis URL is refused by name, without echoing it (it may hold a password)', () => {
  assert.throws(
    () => loadConfig({ POSV10_REDIS_URL: 'http://:hunter2@cache:6379' }),
    (err: unknown) => err instanceof ConfigError && err.message.includes('POSV10_REDIS_URL') && !err.message.includes('hunter2'),
  );
});
