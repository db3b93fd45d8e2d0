import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform } from '../helpers/platform.ts';
import { ensureAdminToken } from '../../src/admin/admin-token.service.ts';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

test('the sandbox generates an admin token once, stores only its digest, and accepts it', async () => {
  const t = await startTestPlatform();
  try {
    const token = await ensureAdminToken(t.platform.db, t.clock, t.config);
    assert.ok(token !== undefined && token.length >= 43, 'at least 256 random bits');
    assert.equal(await ensureAdminToken(t.platform.db, t.clock, t.config), undefined, 'printed on the first start only');
    const stored = await t.platform.db.selectFrom('settings').selectAll().execute();
    assert.ok(!JSON.stringify(stored).includes(token));

    const ok = await t.app.inject({ method: 'GET', url: '/admin/v1/integrators', headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.statusCode, 200);
    const wrong = await t.app.inject({ method: 'GET', url: '/admin/v1/integrators', headers: { authorization: `Bearer ${token}x` } });
    assert.equal(wrong.statusCode, 401);
  } finally {
    await t.close();
  }
});

test('a configured admin token is never replaced by a generated one', async () => {
  const t = await startTestPlatform({ POSV10_ADMIN_TOKEN: 'configured-admin-token-0123456789abcdef' });
  try {
    assert.equal(await ensureAdminToken(t.platform.db, t.clock, t.config), undefined);
  } finally {
    await t.close();
  }
});

test('production mode refuses to start without POSV10_ADMIN_TOKEN', () => {
  assert.throws(
    () => loadConfig({ POSV10_MODE: 'production', POSV10_KEY_ENCRYPTION_SECRET: 'a-long-enough-secret' }),
    (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith('POSV10_ADMIN_TOKEN: required in production mode')),
  );
  assert.throws(() => loadConfig({ POSV10_ADMIN_TOKEN: 'short' }), /POSV10_ADMIN_TOKEN="\*\*\*": must be at least 32 characters/);
});

test('delivery settings are read and checked', () => {
  const config = loadConfig({ POSV10_SMTP_URL: 'smtp://127.0.0.1:2525', POSV10_SMS_URL: 'http://127.0.0.1:9999/sms', POSV10_OUTBOX_DIR: '/tmp/outbox' });
  assert.equal(config.smtpUrl, 'smtp://127.0.0.1:2525');
  assert.equal(config.smsUrl, 'http://127.0.0.1:9999/sms');
  assert.equal(config.outboxDir, '/tmp/outbox');
  assert.equal(loadConfig({}).outboxDir, './data/outbox');
  assert.throws(() => loadConfig({ POSV10_SMTP_URL: 'http://mail.example' }), /POSV10_SMTP_URL.*must be an smtp:\/\/ or smtps:\/\/ URL/);
});
