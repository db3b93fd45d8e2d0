/**
 * A merchant's VAT number: `DK` or `FI` followed by exactly 8 digits, always stored and compared in
 * this canonical form.
 */
export type MerchantVat = string & { readonly __brand: 'MerchantVat' };

const CANONICAL = /^(DK|FI)\d{8}$/;
/** The PoS API also accepts the older hyphenated form `DK-12345678`. */
const HYPHENATED = /^(DK|FI)-(\d{8})$/;

export function parseVat(value: string): MerchantVat | undefined {
  return CANONICAL.test(value) ? (value as MerchantVat) : undefined;
}

/** Canonical or hyphenated form, as the PoS header allows. */
export function parseVatLenient(value: string): MerchantVat | undefined {
  const m = HYPHENATED.exec(value);
  return m ? ((m[1]! + m[2]!) as MerchantVat) : parseVat(value);
}
