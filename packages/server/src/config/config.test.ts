import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, issuerOf, loadConfig } from './config.ts';

test('defaults serve the sandbox on localhost:8080 with SQLite under ./data', () => {
  const c = loadConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.publicUrl, 'http://localhost:8080');
  assert.equal(c.databaseUrl, 'sqlite:./data/posv10.sqlite');
  assert.equal(c.mode, 'sandbox');
  assert.equal(c.tokenTtlSeconds, 3700);
  assert.equal(c.signingAlg, 'RS256');
  assert.equal(issuerOf(c), 'http://localhost:8080/integrator-authentication');
  assert.ok(Object.isFrozen(c));
});

test('a bad value stops the start with a message naming the variable', () => {
  const cases: Record<string, string> = {
    POSV10_PORT: 'eighty',
    POSV10_PUBLIC_URL: 'ftp://x',
    POSV10_DATABASE_URL: 'mysql://x',
    POSV10_MODE: 'staging',
    POSV10_TOKEN_TTL_SECONDS: '-5',
    POSV10_SIGNING_ALG: 'HS256',
    POSV10_KEY_ENCRYPTION_SECRET: 'short',
  };
  for (const [name, value] of Object.entries(cases)) {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (err: unknown) => err instanceof ConfigError && err.message.includes(name),
      name,
    );
  }
});

test('never echoes a secret value in a configuration error', () => {
  assert.throws(
    () => loadConfig({ POSV10_KEY_ENCRYPTION_SECRET: 'tooshort' }),
    (err: Error) => !err.message.includes('tooshort'),
  );
});

test('never echoes a URL that may carry a password', () => {
  assert.throws(
    () => loadConfig({ POSV10_SMTP_URL: 'http://user:hunter2@mail.example' }),
    (err: Error) => err.message.includes('POSV10_SMTP_URL') && !err.message.includes('hunter2'),
  );
});

test('production refuses to start without a key-encryption secret', () => {
  assert.throws(() => loadConfig({ POSV10_MODE: 'production' }), /POSV10_KEY_ENCRYPTION_SECRET/);
});

test('the public URL loses its trailing slash', () => {
  assert.equal(loadConfig({ POSV10_PUBLIC_URL: 'https://pos.example.com/' }).publicUrl, 'https://pos.example.com');
});
