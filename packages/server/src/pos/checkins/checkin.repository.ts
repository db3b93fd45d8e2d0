/** Check-ins in the database: one row per point of sale with a customer checked in. */
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CheckinTable } from './checkin.table.ts';

export type CheckinRow = Selectable<CheckinTable>;

/** Checks a customer in at a point of sale, replacing whoever was checked in there before. */
export async function insertCheckin(db: Db, row: CheckinRow): Promise<void> {
  await db
    .insertInto('checkins')
    .values(row)
    .onConflict((oc) =>
      oc.column('pos_id').doUpdateSet({
        phone_number: row.phone_number,
        customer_token: row.customer_token,
        customer_receipt_token: row.customer_receipt_token,
        loyalty_ids: row.loyalty_ids,
        checked_in_at: row.checked_in_at,
      }),
    )
    .execute();
}

/** The customer checked in at a point of sale, if any. */
export function findActiveCheckin(db: Db, posId: string): Promise<CheckinRow | undefined> {
  return db.selectFrom('checkins').selectAll().where('pos_id', '=', posId).executeTakeFirst();
}

/** Ends the check-in at a point of sale (payment done, cancelled, or the PoS deleted). */
export async function deleteCheckin(db: Db, posId: string): Promise<void> {
  await db.deleteFrom('checkins').where('pos_id', '=', posId).execute();
}
