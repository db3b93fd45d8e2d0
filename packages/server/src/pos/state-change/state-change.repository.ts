/**
 * The queries the state-change engine needs, once for both tables whose rows change only through
 * a state machine (payments and refunds): each has `id`, `status`, `version` and `expires_at`.
 * The repositories of payments and refunds map their rows; the SQL of a state change lives here.
 */
import type { Selectable, Updateable } from 'kysely';
import type { Database, Db } from '../../db/database.ts';

export type VersionedTable = 'payments' | 'refunds';

/** The stored state a change was decided on. */
export interface VersionedRef {
  readonly id: string;
  readonly status: string;
  readonly version: number;
}

/**
 * Stores `set` on the row of `from` only if the row still has `from`'s status and version.
 * Returns whether this call won: of two requests racing on one row exactly one gets true; the
 * loser should reload and decide again.
 */
export async function updateIfUnchanged<T extends VersionedTable>(db: Db, table: T, from: VersionedRef, set: Updateable<Database[T]>): Promise<boolean> {
  // Widened from T: Kysely types a query on a generic table name too loosely to call.
  const name: VersionedTable = table;
  const result = await db
    .updateTable(name)
    .set(set)
    .where('id', '=', from.id)
    // Each table's status column has its own union type; `from.status` was read from this table.
    .where('status', '=', from.status as never)
    .where('version', '=', from.version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Rows not in a final status whose deadline has passed at `nowIso`, for the expiry sweep, oldest deadline first. */
export async function listDueRows<T extends VersionedTable>(
  db: Db,
  table: T,
  finalStatuses: readonly Database[T]['status'][],
  nowIso: string,
  limit: number,
): Promise<Selectable<Database[T]>[]> {
  const name: VersionedTable = table;
  const rows = await db
    .selectFrom(name)
    .selectAll()
    .where('status', 'not in', finalStatuses as never)
    .where('expires_at', '<=', nowIso)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows as Selectable<Database[T]>[];
}

/**
 * For turning a row into its state: `need(value, 'reserved_at')` is the value of a column the
 * row's status requires, and throws on null, since such a row is corrupt (never an answer to give).
 */
export function columnChecks(kind: string, row: VersionedRef): <V>(value: V | null, what: string) => V {
  return (value, what) => {
    if (value === null) throw new Error(`${kind} ${row.id} (${row.status}) is stored without ${what}`);
    return value;
  };
}
