/**
 * Check-ins: the customer standing at a point of sale, at most one at a time. A check-in is
 * recorded when the app checks in (the payment service joins it to the PoS's payment), ends when
 * the payment there is decided or the PoS is deleted, and is read by the PoS's check-in endpoint.
 */
import type { Db } from '../../db/database.ts';
import type { CheckinCustomer, Customer } from '../customer.ts';
import type { PosPorts } from '../pos.ports.ts';
import { deleteCheckin, findActiveCheckin, insertCheckin, type CheckinRow } from './checkin.repository.ts';

export interface Checkin {
  readonly posId: string;
  readonly customer: Customer;
  readonly checkedInAt: string;
}

/** The check-in a stored row records. */
export function checkinOf(row: CheckinRow): Checkin {
  const loyaltyIds = row.loyalty_ids === null ? null : (JSON.parse(row.loyalty_ids) as string[]);
  return {
    posId: row.pos_id,
    customer: { phoneNumber: row.phone_number, customerToken: row.customer_token, customerReceiptToken: row.customer_receipt_token, loyaltyIds },
    checkedInAt: row.checked_in_at,
  };
}

/** The point of sale a customer checks in at, as far as recording the check-in goes. */
export interface CheckinPos {
  readonly id: string;
  /** Its callback alias: named when the PoS was created, never changed after. */
  readonly callbackAlias: string | null;
}

export class CheckinService {
  constructor(private readonly deps: PosPorts) {}

  /** The customer checked in at `posId`, if any. */
  async find(posId: string): Promise<Checkin | undefined> {
    const row = await findActiveCheckin(this.deps.db, posId);
    return row && checkinOf(row);
  }

  /**
   * Checks `customer` in at `pos` now, replacing whoever was checked in there. A PoS with a
   * callback alias gets its notification queued in the same transaction (the outbox): every
   * recorded check-in is announced, and sending it never delays or fails the check-in.
   */
  async record(pos: CheckinPos, customer: CheckinCustomer): Promise<void> {
    const { db, clock, notifier } = this.deps;
    const row = {
      pos_id: pos.id,
      phone_number: customer.phoneNumber,
      customer_token: customer.customerToken,
      customer_receipt_token: customer.customerReceiptToken,
      loyalty_ids: JSON.stringify(customer.loyaltyIds),
      checked_in_at: clock.now().toISOString(),
    };
    // A PoS without a callback alias never gets one, so a check-in there has no notification to
    // queue: one upsert, without the transaction and the outbox's lookup (three round trips fewer
    // on PostgreSQL).
    if (pos.callbackAlias === null) return insertCheckin(db, row);
    const queued = await db.transaction().execute(async (trx) => {
      await insertCheckin(trx, row);
      return notifier.enqueueCheckin(trx, pos.id);
    });
    if (queued) notifier.committed();
  }

  /** Ends the check-in at `posId`; in `trx` when given, so that it commits with what ended it. */
  async end(posId: string, trx: Db = this.deps.db): Promise<void> {
    await deleteCheckin(trx, posId);
  }
}
