export type BeaconType = 'QR' | 'NFC' | 'Bluetooth';

export interface PointOfSaleTable {
  /** A GUID: the API's posId. */
  id: string;
  /** The integrator that created it: only that integrator may see or use it. */
  integrator_id: string;
  merchant_id: string;
  store_id: string;
  merchant_pos_id: string;
  name: string;
  /** A GUID or 15 digits; unique among active points of sale. */
  beacon_id: string;
  callback_alias: string | null;
  /** JSON array of BeaconType. */
  supported_beacon_types: string;
  /** 0 or 1 (an integer behaves the same on SQLite and PostgreSQL). */
  require_payment_before_checkin: number;
  created_at: string;
  /** Set when deleted: the row stays so payments keep their history. */
  deleted_at: string | null;
}
