import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CheckinRow } from '../checkins/checkin.repository.ts';
import type { PointOfSaleTable } from './point-of-sale.table.ts';

export type PointOfSaleRow = Selectable<PointOfSaleTable>;

export async function insertPointOfSale(db: Db, row: PointOfSaleRow): Promise<void> {
  await db.insertInto('points_of_sale').values(row).execute();
}

/** A point of sale by id, deleted or not. */
export function findPointOfSale(db: Db, id: string): Promise<PointOfSaleRow | undefined> {
  return db.selectFrom('points_of_sale').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A point of sale with the customer checked in at it, if any. */
export interface PointOfSaleWithCheckin {
  readonly pos: PointOfSaleRow;
  readonly checkin: CheckinRow | undefined;
}

/**
 * `findPointOfSale` with the check-in at the point of sale, in one query: what an initiate and a
 * check-in poll read of a PoS named by id.
 */
export async function findPointOfSaleWithCheckin(db: Db, id: string): Promise<PointOfSaleWithCheckin | undefined> {
  const row = await db
    .selectFrom('points_of_sale as p')
    .leftJoin('checkins as c', 'c.pos_id', 'p.id')
    .selectAll('p')
    .select([
      'c.phone_number as checkin_phone_number',
      'c.customer_token as checkin_customer_token',
      'c.customer_receipt_token as checkin_customer_receipt_token',
      'c.loyalty_ids as checkin_loyalty_ids',
      'c.checked_in_at as checkin_checked_in_at',
    ])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { checkin_phone_number, checkin_customer_token, checkin_customer_receipt_token, checkin_loyalty_ids, checkin_checked_in_at, ...pos } = row;
  const checkin =
    checkin_phone_number === null || checkin_checked_in_at === null
      ? undefined
      : {
          pos_id: pos.id,
          phone_number: checkin_phone_number,
          customer_token: checkin_customer_token,
          customer_receipt_token: checkin_customer_receipt_token,
          loyalty_ids: checkin_loyalty_ids,
          checked_in_at: checkin_checked_in_at,
        };
  return { pos, checkin };
}

/** The points of sale not deleted: the only ones the API, beacons and uniqueness rules see. */
function activePointsOfSale(db: Db) {
  return db.selectFrom('points_of_sale').selectAll().where('deleted_at', 'is', null);
}

export function findActivePointOfSaleByBeacon(db: Db, beaconId: string): Promise<PointOfSaleRow | undefined> {
  return activePointsOfSale(db).where('beacon_id', '=', beaconId).executeTakeFirst();
}

/** The active point of sale with this merchantPosId among the integrator's for the merchant (unique, 1200). */
export function findActivePointOfSaleByMerchantPosId(
  db: Db,
  integratorId: string,
  merchantId: string,
  merchantPosId: string,
): Promise<PointOfSaleRow | undefined> {
  return activePointsOfSale(db)
    .where('integrator_id', '=', integratorId)
    .where('merchant_id', '=', merchantId)
    .where('merchant_pos_id', '=', merchantPosId)
    .executeTakeFirst();
}

export interface PointOfSaleFilter {
  readonly integratorId: string;
  readonly merchantId: string;
  readonly storeId?: string;
  readonly beaconId?: string;
  readonly merchantPosId?: string;
}

/** Ids of the active points of sale of one integrator and merchant that match every given filter. */
export async function listActivePointOfSaleIds(db: Db, filter: PointOfSaleFilter): Promise<string[]> {
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
export async function markPointOfSaleDeleted(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('points_of_sale').set({ deleted_at: at }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A point of sale with the names a customer sees at it: its store's, brand's and merchant's. */
export type PointOfSalePlaceRow = PointOfSaleRow & {
  store_name: string;
  brand_name: string;
  merchant_name: string;
  merchant_vat: string;
};

/** Active points of sale joined to their store and merchant. */
function activePlaces(db: Db) {
  return db
    .selectFrom('points_of_sale as p')
    .innerJoin('stores as s', 's.id', 'p.store_id')
    .innerJoin('merchants as m', 'm.id', 'p.merchant_id')
    .selectAll('p')
    .select(['s.name as store_name', 's.brand_name as brand_name', 'm.name as merchant_name', 'm.vat as merchant_vat'])
    .where('p.deleted_at', 'is', null);
}

/** The active point of sale with this beacon id, with its store and merchant names. */
export function findActivePlaceByBeacon(db: Db, beaconId: string): Promise<PointOfSalePlaceRow | undefined> {
  return activePlaces(db).where('p.beacon_id', '=', beaconId).executeTakeFirst();
}

/**
 * The integrator's active points of sale at merchants that still grant it access, with their
 * store and merchant names, by merchant, store and name; at most `limit`.
 */
export function listActivePlacesOfIntegrator(db: Db, integratorId: string, limit: number): Promise<PointOfSalePlaceRow[]> {
  return activePlaces(db)
    .innerJoin('merchant_grants as g', (join) => join.onRef('g.merchant_id', '=', 'p.merchant_id').onRef('g.integrator_id', '=', 'p.integrator_id'))
    .where('p.integrator_id', '=', integratorId)
    .orderBy('m.name')
    .orderBy('s.name')
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(limit)
    .execute();
}
