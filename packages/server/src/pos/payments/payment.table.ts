import type { Currency } from '../../shared/money.ts';
import type { VersionedColumns } from '../state-change/versioned.table.ts';
import type { PaymentStatus, PlannedCaptureDelay } from './payment.state.ts';

/**
 * One row per payment. The columns a status does not have are null (a Prepared payment has no
 * amount); `payment.repository.ts` turns rows into the `Payment` union and back.
 */
export interface PaymentTable extends VersionedColumns<PaymentStatus> {
  integrator_id: string;
  merchant_id: string;
  pos_id: string;
  order_id: string;
  /** Minor units. */
  amount: number | null;
  currency: Currency | null;
  /** JSON `{debitCardDisallowed, creditCardDisallowed}`, or null when the client sent none. */
  restrictions: string | null;
  merchant_payment_label: string | null;
  planned_capture_delay: PlannedCaptureDelay | null;
  /** Set when a customer is paired or issued; the three columns after it may still be null. */
  customer_phone: string | null;
  customer_token: string | null;
  customer_receipt_token: string | null;
  /** JSON array of strings; null while loyalty is not looked up. */
  loyalty_ids: string | null;
  /** 1 or 0; set while Reserved. */
  partial_capture_possible: number | null;
  /** Minor units; set once Captured. `expires_at` is the contract's paymentExpiresAt. */
  captured_amount: number | null;
}
