/**
 * Stores as the PoS API shows them: read-only, always the caller's merchant's own. The stores
 * themselves belong to the merchants area (onboarded by the operator).
 */
import { BRAND_ID, LOCATION_ID, findStore, findStoreByBrandLocation, listStores, type StoreRow } from '../../merchants/merchant.service.ts';
import type { PosCaller } from '../pos.context.ts';
import { PosError } from '../pos.errors.ts';
import type { PosPorts } from '../pos.ports.ts';
import type { StoreFilter, StoreResponse } from './store.schemas.ts';

export function toStoreResponse(row: StoreRow): StoreResponse {
  return {
    storeName: row.name,
    storeId: row.id,
    storeStreet: row.street,
    storeZipCode: row.zip_code,
    storeCity: row.city,
    brandName: row.brand_name,
    merchantBrandId: row.merchant_brand_id,
    merchantLocationId: row.merchant_location_id,
  };
}

export class StoreService {
  constructor(private readonly deps: PosPorts) {}

  /**
   * The caller's merchant's stores, all of them or the one with a brand and location id.
   * SPEC §3: an invalid brand id is 1119, an invalid location id 1120, only one of the two 1122.
   */
  async findForCaller(caller: PosCaller, filter: StoreFilter): Promise<StoreRow[]> {
    const brand = filter.merchantBrandId === '' ? undefined : filter.merchantBrandId;
    const location = filter.merchantLocationId === '' ? undefined : filter.merchantLocationId;
    if (brand !== undefined && !BRAND_ID.test(brand)) throw new PosError('invalid_merchant_brand_id');
    if (location !== undefined && !LOCATION_ID.test(location)) throw new PosError('invalid_merchant_location_id');
    if ((brand === undefined) !== (location === undefined)) throw new PosError('store_filter_incomplete');
    if (brand === undefined || location === undefined) return listStores(this.deps.db, caller.merchantId);
    const store = await findStoreByBrandLocation(this.deps.db, caller.merchantId, brand, location);
    return store === undefined ? [] : [store];
  }

  /**
   * One store of the caller's merchant. Another merchant's store is answered like a missing one
   * (404), so the API does not tell which store ids exist elsewhere.
   */
  async getForCaller(caller: PosCaller, storeId: string): Promise<StoreRow> {
    const store = await findStore(this.deps.db, storeId);
    if (store === undefined || store.merchant_id !== caller.merchantId) throw new PosError('not_found', 'Store not found');
    return store;
  }
}
