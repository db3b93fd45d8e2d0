import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { IdempotencyKeyTable } from './idempotency.table.ts';

export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;

/** Claims a key: true when this call inserted it, false when it was already there. */
export async function claimKey(db: Db, row: IdempotencyKeyRow): Promise<boolean> {
  const result = await db
    .insertInto('idempotency_keys')
    .values(row)
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
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

/** Drops an unanswered claim (the first request failed), so a retry may run again. */
export async function releaseKey(db: Db, scope: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('status', 'is', null).execute();
}

/** Deletes one key if it expired by `nowIso`. */
export async function deleteKeyIfExpired(db: Db, scope: string, key: string, nowIso: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('expires_at', '<=', nowIso).execute();
}

/** Deletes every key that expired by `nowIso`; returns how many. */
export async function deleteExpiredKeys(db: Db, nowIso: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', nowIso).executeTakeFirst();
  return Number(result.numDeletedRows);
}
