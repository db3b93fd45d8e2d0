import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, openTestDb } from '../helpers/database.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { newId } from '../../src/shared/random.ts';
import { RevocationService } from '../../src/oauth/revocation.service.ts';
import { RedisRevocationSignal } from '../../src/oauth/revocation-signal.redis.ts';

for (const dialect of DIALECTS) {
  test(`revocations are recorded once, seen by another instance and swept after expiry (${dialect})`, async () => {
    const handle = await openTestDb(dialect);
    try {
      const clock = new ManualClock('2026-05-01T12:00:00Z');
      const here = new RevocationService(handle.db, clock, 2);
      const there = new RevocationService(handle.db, clock, 2);
      const exp = Math.floor(clock.now().getTime() / 1000) + 3700;
      const jti = newId();
      assert.equal(await there.isRevoked(jti), false);
      await here.revoke({ jti, client_id: 'c', exp });
      await here.revoke({ jti, client_id: 'c', exp });
      assert.equal(await here.isRevoked(jti), true);
      clock.advance(2);
      assert.equal(await there.isRevoked(jti), true);
      assert.equal(await here.sweep(), 0);
      clock.advance(3700 + 60);
      assert.equal(await here.sweep(), 1);
      clock.advance(2);
      assert.equal(await there.isRevoked(jti), false);
    } finally {
      await handle.close();
    }
  });
}

for (const dialect of DIALECTS) {
  test(`with a shared Redis counter another instance sees a revocation on its next check (${dialect})`, async () => {
    const handle = await openTestDb(dialect);
    const prefix = `posv10-test-${newId()}:`;
    const clock = new ManualClock('2026-05-01T12:00:00Z');
    // A minute's cache: only the counter can make `there` notice within the same instant.
    const here = new RevocationService(handle.db, clock, 60, new RedisRevocationSignal('redis://127.0.0.1:6379', prefix));
    const there = new RevocationService(handle.db, clock, 60, new RedisRevocationSignal('redis://127.0.0.1:6379', prefix));
    try {
      const exp = Math.floor(clock.now().getTime() / 1000) + 3700;
      const jti = newId();
      assert.equal(await there.isRevoked(jti), false);
      await here.revoke({ jti, client_id: 'c', exp });
      assert.equal(await there.isRevoked(jti), true);
      // Without a counter the same cache would still answer from its stale set.
      const alone = new RevocationService(handle.db, clock, 60);
      const other = newId();
      assert.equal(await alone.isRevoked(other), false);
      await here.revoke({ jti: other, client_id: 'c', exp });
      assert.equal(await alone.isRevoked(other), false);
      assert.equal(await there.isRevoked(other), true);
    } finally {
      await here.close();
      await there.close();
      await handle.close();
    }
  });

  test(`an unreachable Redis counter is reported and revocations fall back to the timed refresh (${dialect})`, async () => {
    const handle = await openTestDb(dialect);
    const clock = new ManualClock('2026-05-01T12:00:00Z');
    // Nothing listens on port 1.
    const errors: unknown[] = [];
    const there = new RevocationService(handle.db, clock, 2, new RedisRevocationSignal('redis://127.0.0.1:1', 'x:'), (err) => errors.push(err));
    try {
      const here = new RevocationService(handle.db, clock, 2);
      const jti = newId();
      assert.equal(await there.isRevoked(jti), false);
      await here.revoke({ jti, client_id: 'c', exp: Math.floor(clock.now().getTime() / 1000) + 3700 });
      assert.equal(await there.isRevoked(jti), false);
      assert.ok(errors.length > 0, 'the failing counter was reported');
      clock.advance(2);
      assert.equal(await there.isRevoked(jti), true);
    } finally {
      await there.close();
      await handle.close();
    }
  });
}
