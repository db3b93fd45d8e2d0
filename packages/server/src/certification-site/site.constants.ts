/** The certification merchant MobilePay's verification page names (development-guide/verification.md). */
export const CERTIFICATION_MERCHANT_VATS = ['DK90000028', 'FI90000040'] as const;
export const CERTIFICATION_STORE = { brandId: 'MPPOSCERT1', locationId: '00001' } as const;
