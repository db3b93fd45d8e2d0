import type { Selectable } from 'kysely';
import type { CreateQuery, Database, Db } from '../../db/database.ts';
import type { IdempotencyKeyTable } from './idempotency.table.ts';

export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;

/**
 * Claims a key: true when this call inserted it, or took over a key that had expired by the
 * claim's `created_at`; false when a live key was already there. One statement instead of a
 * delete of the expired key then an insert: the conflict locks the existing row (PostgreSQL) or
 * runs under the single writer (SQLite), so of two claims racing for an expired key exactly one
 * takes it over, and the other then sees a live key.
 */
export async function claimKey(db: Db, row: IdempotencyKeyRow): Promise<boolean> {
  const { request_hash, status, response, created_at, expires_at } = row;
  const result = await db
    .insertInto('idempotency_keys')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['scope', 'key'])
        .doUpdateSet({ request_hash, status, response, created_at, expires_at })
        .where('idempotency_keys.expires_at', '<=', created_at),
    )
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export function findKey(db: Db, scope: string, key: string): Promise<IdempotencyKeyRow | undefined> {
  return db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
}

/** Stores the first request's answer on its claim. */
export async function completeKey(db: Db, scope: string, key: string, status: number, response: string): Promise<void> {
  await db.updateTable('idempotency_keys').set({ status, response }).where('scope', '=', scope).where('key', '=', key).where('status', 'is', null).execute();
}

/**
 * Runs `create` (an INSERT of the resource the key's request creates) and stores the key's answer
 * in one statement: PostgreSQL only, where a data-modifying CTE runs to completion whether or not
 * the outer statement reads it, and the two commit or fail together.
 */
export async function createAndCompleteKey<T extends keyof Database>(
  db: Db,
  create: CreateQuery<T>,
  scope: string,
  key: string,
  status: number,
  response: string,
): Promise<void> {
  await db
    .with('created', () => create)
    .updateTable('idempotency_keys')
    .set({ status, response })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('status', 'is', null)
    .execute();
}

/** Drops an unanswered claim (the first request failed), so a retry may run again. */
export async function releaseKey(db: Db, scope: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('status', 'is', null).execute();
}

/** Deletes every key that expired by `nowIso`; returns how many. */
export async function deleteExpiredKeys(db: Db, nowIso: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', nowIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}
