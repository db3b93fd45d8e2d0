import type { ColumnType } from 'kysely';
import type { Currency } from '../../shared/money.ts';
import type { RefundStatus } from './refund.state.ts';

/** One row per refund; `refund.repository.ts` turns rows into the `Refund` union and back. */
export interface RefundTable {
  /** A GUID: the API's refundId. */
  id: string;
  payment_id: string;
  integrator_id: string;
  merchant_id: string;
  refund_order_id: string;
  /** Minor units. */
  amount: number;
  currency: Currency;
  status: RefundStatus;
  /** Rises by one with every change; state-checked updates compare it. */
  version: number;
  expires_at: string;
  created_at: ColumnType<string, string, never>;
  updated_at: string;
  reserved_at: string | null;
  captured_at: string | null;
  cancelled_at: string | null;
}
