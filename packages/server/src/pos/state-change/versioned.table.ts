import type { ColumnType } from 'kysely';

/**
 * The columns of a table whose rows change only through a state machine (payments, refunds):
 * the state-change engine's state check compares `status` and `version`, its sweep reads
 * `expires_at`, and the timestamps record the steps of the life both machines share.
 */
export interface VersionedColumns<Status extends string> {
  /** A GUID: the API's id of the payment or refund. */
  id: string;
  status: Status;
  /** Rises by one with every change; state-checked updates compare it. */
  version: number;
  expires_at: string;
  created_at: ColumnType<string, string, never>;
  updated_at: string;
  reserved_at: string | null;
  captured_at: string | null;
  cancelled_at: string | null;
}
