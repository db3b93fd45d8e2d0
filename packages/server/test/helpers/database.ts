/**
 * Which databases a test run uses, and throwaway databases on them.
 *
 * `POSV10_TEST_DIALECT` picks the database of this run: `sqlite` (in memory) or `postgres` (a fresh
 * schema `t_<random>` in `POSV10_TEST_POSTGRES_URL`, default postgres://root@127.0.0.1:5432/test,
 * dropped afterwards). `npm test` runs the whole suite once with each. Tests that loop explicitly
 * (`for (const dialect of DIALECTS)`, after Kysely's own tests) get that one dialect, or both when
 * a file is run by hand without the variable.
 */
import { after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { randomFromAlphabet } from '../../src/shared/random.ts';
import type { Db, Dialect } from '../../src/db/database.ts';
import { createDb } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { closeAllOpen, trackOpen } from './open-handles.ts';

const chosen = process.env.POSV10_TEST_DIALECT;
if (chosen !== undefined && chosen !== '' && chosen !== 'sqlite' && chosen !== 'postgres') {
  throw new Error(`POSV10_TEST_DIALECT must be sqlite or postgres, not ${chosen}`);
}

/** The dialect of this run; SQLite unless POSV10_TEST_DIALECT=postgres. */
export const TEST_DIALECT: Dialect = chosen === 'postgres' ? 'postgres' : 'sqlite';

/** The dialects tests that loop explicitly run on. */
export const DIALECTS: readonly Dialect[] = chosen === 'sqlite' || chosen === 'postgres' ? [chosen] : ['sqlite', 'postgres'];

export const TEST_POSTGRES_URL = process.env.POSV10_TEST_POSTGRES_URL || 'postgres://root@127.0.0.1:5432/test';

/** Schemas this process made and has not dropped yet. */
const schemas = new Set<string>();

/**
 * A database URL for one test's own database: `sqlite::memory:`, or a PostgreSQL URL naming a new
 * schema (created by the first migration, dropped by `dropTestDatabase` or when the file's tests end).
 */
export function testDatabaseUrl(dialect: Dialect = TEST_DIALECT): string {
  if (dialect === 'sqlite') return 'sqlite::memory:';
  const schema = `t_${randomFromAlphabet('abcdefghijklmnopqrstuvwxyz0123456789', 16)}`;
  schemas.add(schema);
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('schema', schema);
  return url.href;
}

/** Drops the schema a PostgreSQL test URL names (nothing to do for SQLite). Close pools on it first. */
export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  if (!databaseUrl.startsWith('postgres')) return;
  const schema = new URL(databaseUrl).searchParams.get('schema');
  if (schema === null || !schemas.has(schema)) return;
  schemas.delete(schema);
  await dropSchemas([schema]);
}

/** SQLSTATE of a deadlock PostgreSQL broke by failing one side. */
const DEADLOCK = '40P01';
const DROP_ATTEMPTS = 5;

async function dropSchemas(names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    // Names come from testDatabaseUrl: [a-z0-9_] only.
    for (const name of names) await dropSchema(client, name);
  } finally {
    await client.end();
  }
}

/**
 * DROP SCHEMA … CASCADE locks every table of the schema, while another test process migrating its
 * own schema reads every table of the database (Kysely's introspection): PostgreSQL may find the
 * two deadlocked and fail one. The drop is then tried again; the other side retries its migration.
 */
async function dropSchema(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`drop schema if exists "${name}" cascade`);
      return;
    } catch (err) {
      if (attempt >= DROP_ATTEMPTS || (err as { code?: string }).code !== DEADLOCK) throw err;
      await sleep(50 * attempt);
    }
  }
}

// Whatever a test file left behind (a testConfig() whose platform it closed itself) goes when the
// file's tests end, so runs never see each other's rows and the database does not fill up. What is
// still open on those schemas is closed first (see open-handles.ts).
//
// This hook must not throw: Node runs a file's top-level `after` hooks in the order they were
// registered, this one first, and one that throws skips the rest, so a file's own `after` would
// never close its servers and the test process would never end. A failure here is printed and
// fails the file through its exit code instead.
after(async () => {
  const failures = await closeAllOpen();
  const left = [...schemas];
  schemas.clear();
  await dropSchemas(left).catch((err: unknown) => failures.push(err));
  for (const failure of failures) {
    process.stderr.write(`test clean-up failed: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}\n`);
  }
  if (failures.length > 0) process.exitCode = 1;
});

export interface TestDb {
  readonly db: Db;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

/** A fresh, migrated database of `dialect` for repository tests; `close()` drops it. */
export async function openTestDb(dialect: Dialect = TEST_DIALECT): Promise<TestDb> {
  const url = testDatabaseUrl(dialect);
  const handle = createDb(url, { poolSize: 4 });
  try {
    await migrateToLatest(handle.db, handle.schema !== undefined ? { schema: handle.schema } : {});
  } catch (err) {
    await handle.close();
    throw err;
  }
  return {
    db: handle.db,
    dialect,
    close: trackOpen(async () => {
      await handle.close();
      await dropTestDatabase(url);
    }),
  };
}
