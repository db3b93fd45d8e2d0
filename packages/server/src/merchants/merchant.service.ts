/** Merchants, the integrators they let act for them, and their stores. */
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { isForeignKeyViolation } from '../db/constraint-errors.ts';
import { isGuid } from '../shared/ids.ts';
import { newId } from '../shared/random.ts';
import { TtlCache } from '../shared/ttl-cache.ts';
import { parseVatLenient, type MerchantVat } from '../shared/vat.ts';
import { displayText, displayTextRule, quoted } from '../shared/text.ts';
import * as repo from './merchant.repository.ts';
import type { MerchantRow, StoreRow } from './merchant.repository.ts';

export type { MerchantRow, StoreRow } from './merchant.repository.ts';

export const BRAND_ID = /^(MPPOS|POSDK|POSFI)[A-Z0-9]{5}$/;
export const LOCATION_ID = /^.{5}$/u;

/** A VAT number in its canonical form; the hyphenated `DK-12345678` is accepted as the PoS header accepts it. */
export function requireVat(value: string): MerchantVat {
  const vat = parseVatLenient(value);
  if (vat === undefined) throw invalid(`VAT number ${quoted(value)} must be DK or FI followed by 8 digits (e.g. DK12345678)`);
  return vat;
}

export async function addMerchant(db: Db, clock: Clock, input: { vat: string; name: string }): Promise<MerchantRow> {
  const vat = requireVat(input.vat);
  const name = displayText(input.name, 200);
  if (name === undefined) throw invalid(displayTextRule('merchant name', 200));
  if ((await repo.findMerchantByVat(db, vat)) !== undefined) throw conflict(`merchant ${vat} already exists`);
  const row: MerchantRow = { id: newId(), vat, name, created_at: clock.now().toISOString() };
  await repo.insertMerchant(db, row);
  return row;
}

export async function getMerchant(db: Db, vat: string): Promise<MerchantRow> {
  const row = await repo.findMerchantByVat(db, requireVat(vat));
  if (row === undefined) throw notFound(`merchant ${vat} not found`);
  return row;
}

export const listMerchants = (db: Db) => repo.listMerchants(db);

/** Grants access unless already granted; whether the grant is new. */
export async function grantIntegrator(db: Db, clock: Clock, vat: string, integratorId: string): Promise<boolean> {
  const merchant = await getMerchant(db, vat);
  return repo.insertGrant(db, merchant.id, integratorId, clock.now().toISOString());
}

/** Withdraws a grant; whether there was one. */
export async function revokeIntegrator(db: Db, vat: string, integratorId: string): Promise<boolean> {
  const merchant = await getMerchant(db, vat);
  return repo.deleteGrant(db, merchant.id, integratorId);
}

/**
 * Removes a merchant without stores, with its grants (the integrators whose grant went). A merchant
 * with stores is refused: each store is removed first, which is refused while it has points of sale.
 */
export async function removeMerchant(db: Db, vat: string): Promise<{ row: MerchantRow; revokedGrants: string[] }> {
  const row = await getMerchant(db, vat);
  const stores = await repo.listStores(db, row.id);
  if (stores.length > 0) {
    throw conflict(`merchant ${row.vat} still has ${stores.length} store(s) (${stores.map((s) => s.id).join(', ')}): remove them first with \`store remove\``);
  }
  try {
    return { row, revokedGrants: await db.transaction().execute((trx) => repo.deleteMerchant(trx, row.id)) };
  } catch (err) {
    if (isForeignKeyViolation(err)) throw conflict(`merchant ${row.vat} is still referred to by other records (payments, notifications)`);
    throw err;
  }
}

/**
 * Removes a store that never had a point of sale. Refused while it has active points of sale, and
 * also when only deleted ones remain: their payments and refunds keep referring to the store.
 */
export async function removeStore(db: Db, storeId: string): Promise<{ row: StoreRow; vat: string }> {
  const row = await findStore(db, storeId);
  if (row === undefined) throw notFound(`store ${storeId} not found`);
  const pos = await repo.countPointsOfSaleIn(db, row.id);
  if (pos.active > 0) throw conflict(`store ${row.id} has ${pos.active} active point(s) of sale: delete them through the PoS API first`);
  if (pos.all > 0) throw conflict(`store ${row.id} had ${pos.all} point(s) of sale whose payment history refers to it; it cannot be removed`);
  try {
    await repo.deleteStore(db, row.id);
  } catch (err) {
    if (isForeignKeyViolation(err)) throw conflict(`store ${row.id} is still referred to by other records`);
    throw err;
  }
  return { row, vat: (await repo.findMerchantById(db, row.merchant_id))?.vat ?? '' };
}

/**
 * Which merchants granted which integrators, kept in memory for a few seconds: the token endpoint
 * (merchant_vat) and the PoS guard (every PoS call) ask per request. Only a grant is cached, never
 * its absence, so a new grant works at once; a revoked grant stops working within `cacheSeconds`
 * (POSV10_CLIENT_CACHE_SECONDS), and at once in the process that revoked it (`forget`).
 */
export class GrantedMerchants {
  readonly #cache: TtlCache<string, MerchantRow>;

  constructor(
    private readonly db: Db,
    clock: Clock,
    cacheSeconds: number,
  ) {
    this.#cache = new TtlCache(cacheSeconds * 1000, 10_000, () => clock.now().getTime());
  }

  /** The merchant if it exists and has granted the integrator access; undefined otherwise. */
  async find(vat: MerchantVat, integratorId: string): Promise<MerchantRow | undefined> {
    const key = `${integratorId}|${vat}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const merchant = await repo.findGrantedMerchant(this.db, vat, integratorId);
    if (merchant !== undefined) this.#cache.set(key, merchant);
    return merchant;
  }

  /** Drops a grant from this process's memory (after revoking it here). */
  forget(vat: string, integratorId: string): void {
    this.#cache.delete(`${integratorId}|${vat}`);
  }
}

export const listGrantedIntegrators = (db: Db, merchantId: string) => repo.listGrantedIntegrators(db, merchantId);

/** Whether the merchant `merchantId` grants `integratorId` access now (uncached: for rare calls). */
export const grantsAccess = async (db: Db, merchantId: string, integratorId: string) =>
  (await repo.listGrantedIntegrators(db, merchantId)).includes(integratorId);

export interface NewStore {
  vat: string;
  brandId: string;
  brandName: string;
  locationId: string;
  name: string;
  street: string;
  zipCode: string;
  city: string;
}

export async function addStore(db: Db, clock: Clock, input: NewStore): Promise<StoreRow> {
  const merchant = await getMerchant(db, input.vat);
  checkStoreFormat(input);
  if ((await repo.findStoreByBrandLocation(db, merchant.id, input.brandId, input.locationId)) !== undefined) {
    throw conflict(`merchant ${merchant.vat} already has a store with brand ${input.brandId} and location ${input.locationId}`);
  }
  const row: StoreRow = {
    id: newId(),
    merchant_id: merchant.id,
    merchant_brand_id: input.brandId,
    brand_name: input.brandName.trim(),
    merchant_location_id: input.locationId,
    name: input.name.trim(),
    street: input.street.trim(),
    zip_code: input.zipCode.trim(),
    city: input.city.trim(),
    created_at: clock.now().toISOString(),
  };
  await repo.insertStore(db, row);
  return row;
}

function checkStoreFormat(input: NewStore): void {
  if (!BRAND_ID.test(input.brandId)) throw invalid(`brand id ${quoted(input.brandId)} must be MPPOS, POSDK or POSFI followed by 5 letters or digits`);
  if (!LOCATION_ID.test(input.locationId)) throw invalid(`location id ${quoted(input.locationId)} must be exactly 5 characters`);
  for (const [field, value] of [
    ['brand name', input.brandName],
    ['store name', input.name],
    ['street', input.street],
    ['zip code', input.zipCode],
    ['city', input.city],
  ] as const) {
    if (displayText(value, 100) === undefined) throw invalid(displayTextRule(field, 100));
  }
}

/** Zip codes by the merchant's country: four digits in Denmark, five in Finland. */
const ZIP_CODE = { DK: /^\d{4}$/, FI: /^\d{5}$/ } as const;

/**
 * What the operator's registry asks of a new store beyond its format (`addStore`): a zip code of
 * the merchant's country, and one brand name per brand id within a merchant, since the PoS API
 * shows the brand by its id. Checked where an operator adds a store (CLI, admin API).
 */
export async function checkNewStore(db: Db, input: NewStore): Promise<void> {
  const merchant = await getMerchant(db, input.vat);
  checkStoreFormat(input);
  const country = merchant.vat.startsWith('FI') ? 'FI' : 'DK';
  const zip = input.zipCode.trim();
  if (!ZIP_CODE[country].test(zip)) {
    throw invalid(
      `zip code ${quoted(input.zipCode)} must be ${country === 'DK' ? 'four digits (e.g. 8000) for a Danish' : 'five digits (e.g. 00100) for a Finnish'} merchant`,
    );
  }
  const brandName = await repo.findBrandName(db, merchant.id, input.brandId);
  if (brandName !== undefined && brandName.trim() !== input.brandName.trim()) {
    throw conflict(`brand ${input.brandId} of merchant ${merchant.vat} is already named ${quoted(brandName)}; use that name or another brand id`);
  }
}

export const listStores = (db: Db, merchantId?: string) => repo.listStores(db, merchantId);

/** A store by id (a GUID in any case), whichever merchant owns it; undefined when there is none. */
export function findStore(db: Db, storeId: string): Promise<StoreRow | undefined> {
  return isGuid(storeId) ? repo.findStore(db, storeId.toLowerCase()) : Promise.resolve(undefined);
}

/** A merchant's store by brand and location id; undefined when there is none. */
export const findStoreByBrandLocation = (db: Db, merchantId: string, brandId: string, locationId: string) =>
  repo.findStoreByBrandLocation(db, merchantId, brandId, locationId);
