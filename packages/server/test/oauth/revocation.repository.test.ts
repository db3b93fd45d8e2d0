import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, openTestDb } from '../helpers/database.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { newId } from '../../src/shared/random.ts';
import { RevocationService } from '../../src/oauth/revocation.service.ts';

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
