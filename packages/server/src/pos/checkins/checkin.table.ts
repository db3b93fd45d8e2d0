/** The customer checked in at a point of sale (at most one at a time). */
export interface CheckinTable {
  pos_id: string;
  /** E.164, e.g. +4520031801. */
  phone_number: string;
  customer_token: string | null;
  customer_receipt_token: string | null;
  /** JSON array of strings; null when loyalty has not been looked up. */
  loyalty_ids: string | null;
  checked_in_at: string;
}
