/** Callback aliases, the notification outbox and its attempts in the database; one query per function. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import { isPostgres } from '../db/lock.ts';
import type { CallbackAliasTable, NotificationAttemptTable, NotificationTable } from './notification.table.ts';

export type CallbackAliasRow = Selectable<CallbackAliasTable>;
export type NotificationRow = Selectable<NotificationTable>;
export type NotificationAttemptRow = Selectable<NotificationAttemptTable>;

export async function insertAlias(db: Db, row: CallbackAliasRow): Promise<void> {
  await db.insertInto('callback_aliases').values(row).execute();
}

/** An alias, removed or not. */
export function findAlias(db: Db, alias: string): Promise<CallbackAliasRow | undefined> {
  return db.selectFrom('callback_aliases').selectAll().where('alias', '=', alias).executeTakeFirst();
}

/** Some aliases, removed or not, by name (the ones of a batch of notifications, in one query). */
export async function findAliases(db: Db, aliases: readonly string[]): Promise<Map<string, CallbackAliasRow>> {
  if (aliases.length === 0) return new Map();
  const rows = await db.selectFrom('callback_aliases').selectAll().where('alias', 'in', aliases).execute();
  return new Map(rows.map((row) => [row.alias, row]));
}

export function listAliases(db: Db, integratorId?: string): Promise<CallbackAliasRow[]> {
  let query = db.selectFrom('callback_aliases').selectAll().where('removed_at', 'is', null);
  if (integratorId !== undefined) query = query.where('integrator_id', '=', integratorId);
  return query.orderBy('alias').execute();
}

/** Whether `alias` exists, is not removed and belongs to `integratorId`. */
export async function aliasBelongsTo(db: Db, alias: string, integratorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('callback_aliases')
    .select('alias')
    .where('alias', '=', alias)
    .where('integrator_id', '=', integratorId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateAliasUrl(db: Db, alias: string, url: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('callback_aliases')
    .set({ url, updated_at: at })
    .where('alias', '=', alias)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markAliasRemoved(db: Db, alias: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('callback_aliases')
    .set({ removed_at: at, updated_at: at })
    .where('alias', '=', alias)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteAlias(db: Db, alias: string): Promise<void> {
  await db.deleteFrom('callback_aliases').where('alias', '=', alias).execute();
}

/** What a check-in notification says about a point of sale, when it has a live callback alias. */
export function findNotifiedPos(
  db: Db,
  posId: string,
): Promise<Pick<NotificationRow, 'alias' | 'pos_id' | 'merchant_id' | 'merchant_brand_id' | 'merchant_location_id' | 'merchant_pos_id'> | undefined> {
  return db
    .selectFrom('points_of_sale as p')
    .innerJoin('stores as s', 's.id', 'p.store_id')
    .innerJoin('callback_aliases as a', (join) => join.onRef('a.alias', '=', 'p.callback_alias').onRef('a.integrator_id', '=', 'p.integrator_id'))
    .select([
      'a.alias as alias',
      'p.id as pos_id',
      'p.merchant_id as merchant_id',
      's.merchant_brand_id as merchant_brand_id',
      's.merchant_location_id as merchant_location_id',
      'p.merchant_pos_id as merchant_pos_id',
    ])
    .where('p.id', '=', posId)
    .where('a.removed_at', 'is', null)
    .executeTakeFirst();
}

export async function insertNotification(db: Db, row: NotificationRow): Promise<void> {
  await db.insertInto('notifications').values(row).execute();
}

export function findNotification(db: Db, id: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Claims up to `limit` due notifications for one sender: they stay pending, but are not due again
 * until `leaseUntil`, and only `token` may record their outcome. On PostgreSQL the candidates are
 * locked with FOR UPDATE SKIP LOCKED, so instances claiming at once take disjoint rows without
 * waiting; the outer WHERE is re-checked on the locked row, so a row claimed meanwhile is skipped.
 * SQLite has one writer at a time, which serialises claims by itself, so there the outer WHERE is
 * left out: with it SQLite's planner walked every due row of the index once per claim (a backlog
 * of n cost n²/limit), where the ids alone are looked up by key.
 */
export function claimDue(db: Db, now: string, leaseUntil: string, token: string, limit: number): Promise<NotificationRow[]> {
  const due = db
    .selectFrom('notifications')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit);
  const claim = db.updateTable('notifications').set({ next_attempt_at: leaseUntil, claim_token: token });
  if (!isPostgres(db)) return claim.where('id', 'in', due).returningAll().execute();
  return claim.where('id', 'in', due.forUpdate().skipLocked()).where('state', '=', 'pending').where('next_attempt_at', '<=', now).returningAll().execute();
}

/** What one attempt of a claimed notification changes on it. */
export type AttemptResult = Pick<NotificationRow, 'id' | 'state' | 'next_attempt_at' | 'last_error' | 'finished_at'>;

/**
 * Records the outcomes of the attempts of one claim in one statement, each notification with its
 * own values (a CASE on the id per column; `attempts` counts up from the stored count, which only
 * the claim's holder changes), and answers the ids whose claim held: a lapsed claim (another
 * sender has the notification now) records nothing, that sender's attempt will.
 */
export async function finishAttempts(db: Db, token: string, results: readonly AttemptResult[]): Promise<string[]> {
  if (results.length === 0) return [];
  const byId = <K extends Exclude<keyof AttemptResult, 'id'>>(column: K) =>
    sql<AttemptResult[K]>`case id ${sql.join(
      results.map((r) => sql`when ${r.id} then ${r[column]}`),
      sql` `,
    )} end`;
  const rows = await db
    .updateTable('notifications')
    .set({
      state: byId('state'),
      attempts: sql<number>`attempts + 1`,
      next_attempt_at: byId('next_attempt_at'),
      last_error: byId('last_error'),
      finished_at: byId('finished_at'),
      claim_token: null,
    })
    .where(
      'id',
      'in',
      results.map((r) => r.id),
    )
    .where('claim_token', '=', token)
    .where('state', '=', 'pending')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Several attempts in one statement. */
export async function insertAttempts(db: Db, rows: readonly NotificationAttemptRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('notification_attempts').values(rows).execute();
}

/** Puts a finished notification back in the queue with a fresh retry budget. */
export async function requeue(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ state: 'pending', attempts: 0, next_attempt_at: at, claim_token: null, finished_at: null })
    .where('id', '=', id)
    .where('state', '!=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The newest notifications of an alias. */
export function listNotifications(db: Db, alias: string, limit: number): Promise<NotificationRow[]> {
  return db.selectFrom('notifications').selectAll().where('alias', '=', alias).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

/** The attempts of some notifications, oldest first. */
export function listAttempts(db: Db, notificationIds: readonly string[]): Promise<NotificationAttemptRow[]> {
  if (notificationIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('notification_attempts').selectAll().where('notification_id', 'in', notificationIds).orderBy('started_at').orderBy('id').execute();
}
