export interface MerchantTable {
  id: string;
  /** Canonical VAT number: DK or FI + 8 digits. */
  vat: string;
  name: string;
  created_at: string;
}

/** A merchant lets an integrator act for it. */
export interface MerchantGrantTable {
  merchant_id: string;
  integrator_id: string;
  created_at: string;
}

export interface StoreTable {
  /** A GUID: the PoS API's storeId. */
  id: string;
  merchant_id: string;
  /** MPPOSXXXXX, POSDKXXXXX or POSFIXXXXX. */
  merchant_brand_id: string;
  brand_name: string;
  /** Exactly 5 characters. */
  merchant_location_id: string;
  name: string;
  street: string;
  zip_code: string;
  city: string;
  created_at: string;
}
