/** Branded ids: an IntegratorId cannot be passed where a ClientId is expected. */
export type IntegratorId = string & { readonly __brand: 'IntegratorId' };
export type ClientId = string & { readonly __brand: 'ClientId' };
export type MerchantId = string & { readonly __brand: 'MerchantId' };
export type StoreId = string & { readonly __brand: 'StoreId' };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}
