import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createDb } from '../../src/db/create-db.ts';
import { MIGRATION_NAMES, migrateToLatest } from '../../src/db/migrate.ts';
import { ensureKeys, listKeyInfo, rotateKeys } from '../../src/oauth/keys.service.ts';
import { keySettingsOf } from '../../src/oauth/oauth.area.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { DIALECTS, dropTestDatabase, testConfig, testDatabaseUrl } from '../helpers/platform.ts';

for (const dialect of DIALECTS) {
  describe(`database on ${dialect}`, () => {
    test('counts come back as numbers', async () => {
      const url = testDatabaseUrl(dialect);
      const handle = createDb(url);
      try {
        await migrateToLatest(handle.db, handle.schema !== undefined ? { schema: handle.schema } : {});
        const { rows } = await sql<{ n: unknown }>`select count(*) as n from signing_keys`.execute(handle.db);
        assert.strictEqual(rows[0]!.n, 0);
      } finally {
        await handle.close();
        await dropTestDatabase(url);
      }
    });
  });
}

// Several instances share a database only on PostgreSQL (SQLite in memory is one process's own).
for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
  describe(`${dialect}: instances starting and rotating at once`, () => {
    test('four pools migrating and creating keys at once leave one schema and one current key', async () => {
      const url = testDatabaseUrl(dialect);
      const handles = [1, 2, 3, 4].map(() => createDb(url, { poolSize: 2 }));
      const settings = keySettingsOf(testConfig({ POSV10_DATABASE_URL: url }));
      const clock = new ManualClock();
      try {
        await Promise.all(handles.map((h) => migrateToLatest(h.db, { schema: h.schema! })));
        await Promise.all(handles.map((h) => ensureKeys(h.db, clock, settings)));
        const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(handles[0]!.db);
        // Each migration recorded exactly once, every one of them.
        assert.deepEqual(rows.map((r) => r.name).sort(), [...MIGRATION_NAMES].sort());
        assert.deepEqual((await listKeyInfo(handles[0]!.db)).map((k) => k.state).sort(), ['current', 'next']);

        await Promise.all(handles.slice(0, 2).map((h) => rotateKeys(h.db, clock, settings)));
        const states = (await listKeyInfo(handles[0]!.db)).map((k) => k.state);
        assert.equal(states.filter((s) => s === 'current').length, 1);
        assert.equal(states.filter((s) => s === 'next').length, 1);
      } finally {
        await Promise.all(handles.map((h) => h.close()));
        await dropTestDatabase(url);
      }
    });
  });
}
