import type { Currency } from '../../shared/money.ts';
import type { VersionedColumns } from '../state-change/versioned.table.ts';
import type { RefundStatus } from './refund.state.ts';

/** One row per refund; `refund.repository.ts` turns rows into the `Refund` union and back. */
export interface RefundTable extends VersionedColumns<RefundStatus> {
  payment_id: string;
  integrator_id: string;
  merchant_id: string;
  refund_order_id: string;
  /** Minor units. */
  amount: number;
  currency: Currency;
}
