import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createDb } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { newId } from '../../src/shared/random.ts';
import { RevocationService } from '../../src/oauth/revocation.service.ts';

/** SQLite always; PostgreSQL whenever a URL for it is set (each run in a schema of its own). */
const POSTGRES_URL = process.env.POSV10_TEST_POSTGRES_URL;
const DIALECTS = [{ name: 'sqlite', url: 'sqlite::memory:' }, ...(POSTGRES_URL !== undefined && POSTGRES_URL !== '' ? [{ name: 'postgres', url: POSTGRES_URL }] : [])];

for (const dialect of DIALECTS) {
  test(`revocations are recorded once, seen by another instance and swept after expiry (${dialect.name})`, async () => {
    const schema = `sec_${newId().replace(/-/g, '')}`;
    const admin = dialect.name === 'postgres' ? new pg.Client({ connectionString: dialect.url }) : undefined;
    if (admin !== undefined) {
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
    }
    const handle = createDb(admin !== undefined ? `${dialect.url}${dialect.url.includes('?') ? '&' : '?'}schema=${schema}` : dialect.url);
    try {
      await migrateToLatest(handle.db);
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
      if (admin !== undefined) {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      }
    }
  });
}
