import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { MerchantTable, StoreTable } from './merchant.table.ts';

export type MerchantRow = Selectable<MerchantTable>;
export type StoreRow = Selectable<StoreTable>;

export async function insertMerchant(db: Db, row: MerchantRow): Promise<void> {
  await db.insertInto('merchants').values(row).execute();
}

export function findMerchantByVat(db: Db, vat: string): Promise<MerchantRow | undefined> {
  return db.selectFrom('merchants').selectAll().where('vat', '=', vat).executeTakeFirst();
}

export function findMerchantById(db: Db, id: string): Promise<MerchantRow | undefined> {
  return db.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listMerchants(db: Db): Promise<MerchantRow[]> {
  return db.selectFrom('merchants').selectAll().orderBy('vat').execute();
}

/** Inserts a grant unless it exists (idempotent); whether it was new. */
export async function insertGrant(db: Db, merchantId: string, integratorId: string, at: string): Promise<boolean> {
  const result = await db
    .insertInto('merchant_grants')
    .values({ merchant_id: merchantId, integrator_id: integratorId, created_at: at })
    .onConflict((oc) => oc.columns(['merchant_id', 'integrator_id']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Whether there was a grant to delete. */
export async function deleteGrant(db: Db, merchantId: string, integratorId: string): Promise<boolean> {
  const result = await db.deleteFrom('merchant_grants').where('merchant_id', '=', merchantId).where('integrator_id', '=', integratorId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The merchant with `vat` if it has granted `integratorId` access. One indexed join. */
export function findGrantedMerchant(db: Db, vat: string, integratorId: string): Promise<MerchantRow | undefined> {
  return db
    .selectFrom('merchants')
    .innerJoin('merchant_grants', 'merchant_grants.merchant_id', 'merchants.id')
    .select(['merchants.id', 'merchants.vat', 'merchants.name', 'merchants.created_at'])
    .where('merchants.vat', '=', vat)
    .where('merchant_grants.integrator_id', '=', integratorId)
    .executeTakeFirst();
}

export function listGrantedIntegrators(db: Db, merchantId: string): Promise<string[]> {
  return db
    .selectFrom('merchant_grants')
    .select('integrator_id')
    .where('merchant_id', '=', merchantId)
    .execute()
    .then((rows) => rows.map((r) => r.integrator_id));
}

export async function insertStore(db: Db, row: StoreRow): Promise<void> {
  await db.insertInto('stores').values(row).execute();
}

export function listStores(db: Db, merchantId?: string): Promise<StoreRow[]> {
  let q = db.selectFrom('stores').selectAll();
  if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
  return q.orderBy('created_at').orderBy('id').execute();
}

export function findStore(db: Db, id: string): Promise<StoreRow | undefined> {
  return db.selectFrom('stores').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findStoreByBrandLocation(db: Db, merchantId: string, brandId: string, locationId: string): Promise<StoreRow | undefined> {
  return db
    .selectFrom('stores')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('merchant_brand_id', '=', brandId)
    .where('merchant_location_id', '=', locationId)
    .executeTakeFirst();
}

/** Removes a merchant row and its grants; the integrators whose grant went. */
export async function deleteMerchant(db: Db, merchantId: string): Promise<string[]> {
  const integratorIds = await listGrantedIntegrators(db, merchantId);
  await db.deleteFrom('merchant_grants').where('merchant_id', '=', merchantId).execute();
  await db.deleteFrom('merchants').where('id', '=', merchantId).execute();
  return integratorIds;
}

export async function deleteStore(db: Db, storeId: string): Promise<void> {
  await db.deleteFrom('stores').where('id', '=', storeId).execute();
}

/** A store's points of sale: all ever created (deleted ones keep their payments' history) and the active ones. */
export async function countPointsOfSaleIn(db: Db, storeId: string): Promise<{ all: number; active: number }> {
  const rows = await db.selectFrom('points_of_sale').select('deleted_at').where('store_id', '=', storeId).execute();
  return { all: rows.length, active: rows.filter((r) => r.deleted_at === null).length };
}

/** The brand name a merchant's stores already use for `brandId`, if any. */
export async function findBrandName(db: Db, merchantId: string, brandId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('stores')
    .select('brand_name')
    .where('merchant_id', '=', merchantId)
    .where('merchant_brand_id', '=', brandId)
    .executeTakeFirst();
  return row?.brand_name;
}
