/** What operators see of the rows (camelCase JSON), the same from the CLI and the admin API. */
import type { ClientRow, IntegratorRow } from '../integrators/integrator.service.ts';
import type { MerchantRow, StoreRow } from '../merchants/merchant.service.ts';

export const integratorJson = (r: IntegratorRow) => ({ integratorId: r.id, name: r.name, email: r.email, phone: r.phone, createdAt: r.created_at });

/**
 * `deliveryFailed`: the client never received credentials (every secret it was issued failed
 * delivery and was revoked). It stays disabled; `client delete` removes it.
 */
export const clientJson = (c: ClientRow, deliveryFailed: boolean) => ({
  clientId: c.id,
  integratorId: c.integrator_id,
  status: c.status,
  deliveryFailed,
  createdAt: c.created_at,
  disabledAt: c.disabled_at,
  /** When it was last issued a token, to the minute; null if never. */
  lastTokenAt: c.last_token_at,
});

export const merchantJson = (m: MerchantRow, integratorIds: string[]) => ({
  vat: m.vat,
  name: m.name,
  createdAt: m.created_at,
  grantedIntegrators: integratorIds,
});

export const storeJson = (s: StoreRow, vat: string) => ({
  storeId: s.id,
  vat,
  brandId: s.merchant_brand_id,
  brandName: s.brand_name,
  locationId: s.merchant_location_id,
  name: s.name,
  street: s.street,
  zipCode: s.zip_code,
  city: s.city,
  createdAt: s.created_at,
});

export type IntegratorView = ReturnType<typeof integratorJson>;
export type ClientView = ReturnType<typeof clientJson>;
export type MerchantView = ReturnType<typeof merchantJson>;
export type StoreView = ReturnType<typeof storeJson>;
