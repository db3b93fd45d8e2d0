import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PointOfSaleTable } from './pos.table.ts';

export type PosRow = Selectable<PointOfSaleTable>;

export async function insertPos(db: Db, row: PosRow): Promise<void> {
  await db.insertInto('points_of_sale').values(row).execute();
}

/** A point of sale by id, deleted or not. */
export function findPos(db: Db, id: string): Promise<PosRow | undefined> {
  return db.selectFrom('points_of_sale').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findActivePosByBeacon(db: Db, beaconId: string): Promise<PosRow | undefined> {
  return db.selectFrom('points_of_sale').selectAll().where('beacon_id', '=', beaconId).where('deleted_at', 'is', null).executeTakeFirst();
}

export function findActivePosByMerchantPosId(db: Db, integratorId: string, merchantId: string, merchantPosId: string): Promise<PosRow | undefined> {
  return db
    .selectFrom('points_of_sale')
    .selectAll()
    .where('integrator_id', '=', integratorId)
    .where('merchant_id', '=', merchantId)
    .where('merchant_pos_id', '=', merchantPosId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export interface PosFilter {
  readonly integratorId: string;
  readonly merchantId: string;
  readonly storeId?: string;
  readonly beaconId?: string;
  readonly merchantPosId?: string;
}

/** Ids of the active points of sale of one integrator and merchant that match every given filter. */
export async function listActivePosIds(db: Db, filter: PosFilter): Promise<string[]> {
  let q = db
    .selectFrom('points_of_sale')
    .select('id')
    .where('integrator_id', '=', filter.integratorId)
    .where('merchant_id', '=', filter.merchantId)
    .where('deleted_at', 'is', null);
  if (filter.storeId !== undefined) q = q.where('store_id', '=', filter.storeId);
  if (filter.beaconId !== undefined) q = q.where('beacon_id', '=', filter.beaconId);
  if (filter.merchantPosId !== undefined) q = q.where('merchant_pos_id', '=', filter.merchantPosId);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Soft delete: the row stays for history. True when this call deleted it. */
export async function markPosDeleted(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('points_of_sale').set({ deleted_at: at }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
