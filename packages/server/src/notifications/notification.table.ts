/** An integrator's notification endpoint, named by the alias its points of sale give as `callbackAlias`. */
export interface CallbackAliasTable {
  alias: string;
  /** The only integrator whose points of sale may use the alias. */
  integrator_id: string;
  url: string;
  /** The HMAC key of `x-posv10-signature`, sealed like private signing keys (POSV10_KEY_ENCRYPTION_SECRET). */
  signing_secret: string;
  created_at: string;
  updated_at: string;
  /** Set when removed: the alias stays reserved, and its notifications keep their history. */
  removed_at: string | null;
}

export type NotificationState = 'pending' | 'delivered' | 'failed';

/** The outbox: one check-in to announce, written in the check-in's own transaction. */
export interface NotificationTable {
  id: string;
  alias: string;
  pos_id: string;
  merchant_id: string;
  merchant_brand_id: string;
  merchant_location_id: string;
  merchant_pos_id: string;
  state: NotificationState;
  /** Attempts since it was queued (or resent). */
  attempts: number;
  /** When a pending notification is due; while an instance holds it, when that claim lapses. */
  next_attempt_at: string;
  /** The claim of the instance sending it now; only that claim may record the outcome. */
  claim_token: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** One HTTP attempt: its start, how long it took, and the status answered or the error met. */
export interface NotificationAttemptTable {
  id: string;
  notification_id: string;
  started_at: string;
  duration_ms: number;
  status: number | null;
  error: string | null;
}
