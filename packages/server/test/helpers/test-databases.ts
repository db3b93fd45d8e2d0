/**
 * Repository tests run once per database (Kysely's test/node/src/insert.test.ts does the same):
 * SQLite in memory, and PostgreSQL in a schema of its own that is dropped afterwards.
 * POSV10_TEST_POSTGRES_URL points at the server (default: the local one CI starts); set it to
 * an empty string to run on SQLite only.
 */
import { sql } from 'kysely';
import { createDb } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Db, Dialect } from '../../src/db/database.ts';
import { randomToken } from '../../src/shared/random.ts';

const POSTGRES_URL = process.env['POSV10_TEST_POSTGRES_URL'] ?? 'postgres://root@127.0.0.1:5432/test';

export const DIALECTS: readonly Dialect[] = POSTGRES_URL === '' ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestDb {
  readonly db: Db;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

/** A fresh, migrated database of the dialect. */
export async function openTestDb(dialect: Dialect): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const handle = createDb('sqlite::memory:');
    await migrateToLatest(handle.db);
    return { db: handle.db, dialect, close: () => handle.close() };
  }
  const schema = `test_${randomToken(8).toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('schema', schema);
  const handle = createDb(url.href);
  await sql`create schema ${sql.id(schema)}`.execute(handle.db);
  await migrateToLatest(handle.db);
  return {
    db: handle.db,
    dialect,
    async close() {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
      await handle.close();
    },
  };
}
