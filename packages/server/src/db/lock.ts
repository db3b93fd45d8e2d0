/**
 * Cross-instance mutual exclusion for the few steps that read, decide and write shared state at
 * start-up (migrations, first signing keys, rotation). On PostgreSQL these are advisory locks keyed
 * by the session's search_path and a name, so separate schemas (one per test run) never wait for
 * each other. The search_path, unlike current_schema(), does not change when the schema is created
 * while the lock is held, so the unlock names the same key as the lock.
 * On SQLite the database itself serialises writers, and one file is not shared across machines.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from './database.ts';

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const lockKey = (name: string) => sql`hashtext(current_setting('search_path') || ':' || ${name})`;

/**
 * Takes the named lock until the surrounding transaction ends (`pg_advisory_xact_lock`). Call it
 * first in the transaction and read after it: under READ COMMITTED each later statement sees what
 * the previous holder committed.
 */
export async function lockForTransaction(trx: Db, name: string): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(${lockKey(name)})`.execute(trx);
}

/**
 * Runs `work` while holding the named session lock on one pooled connection. `work` runs its
 * queries on the other connections of the pool, so the pool needs at least two.
 */
export async function withSessionLock<T>(db: Db, name: string, work: () => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return work();
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${lockKey(name)})`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${lockKey(name)})`.execute(conn);
    }
  });
}
