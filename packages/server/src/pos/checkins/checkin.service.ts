/**
 * Check-ins: the customer standing at a point of sale, at most one at a time. A check-in is
 * recorded when the app checks in (the payment service joins it to the PoS's payment), ends when
 * the payment there is decided or the PoS is deleted, and is read by the PoS's check-in endpoint.
 */
import type { Db } from '../../db/database.ts';
import type { CheckinCustomer, Customer } from '../customer.ts';
import type { PosPorts } from '../pos.ports.ts';
import { deleteCheckin, findActiveCheckin, insertCheckin } from './checkin.repository.ts';

export interface Checkin {
  readonly posId: string;
  readonly customer: Customer;
  readonly checkedInAt: string;
}

export class CheckinService {
  constructor(private readonly deps: PosPorts) {}

  /** The customer checked in at `posId`, if any. */
  async find(posId: string): Promise<Checkin | undefined> {
    const row = await findActiveCheckin(this.deps.db, posId);
    if (row === undefined) return undefined;
    const loyaltyIds = row.loyalty_ids === null ? null : (JSON.parse(row.loyalty_ids) as string[]);
    return {
      posId: row.pos_id,
      customer: { phoneNumber: row.phone_number, customerToken: row.customer_token, customerReceiptToken: row.customer_receipt_token, loyaltyIds },
      checkedInAt: row.checked_in_at,
    };
  }

  /**
   * Checks `customer` in at `posId` now, replacing whoever was checked in there. A PoS with a
   * callback alias gets its notification queued in the same transaction (the outbox): every
   * recorded check-in is announced, and sending it never delays or fails the check-in.
   */
  async record(posId: string, customer: CheckinCustomer): Promise<void> {
    const { db, clock, notifier } = this.deps;
    const queued = await db.transaction().execute(async (trx) => {
      await insertCheckin(trx, {
        pos_id: posId,
        phone_number: customer.phoneNumber,
        customer_token: customer.customerToken,
        customer_receipt_token: customer.customerReceiptToken,
        loyalty_ids: JSON.stringify(customer.loyaltyIds),
        checked_in_at: clock.now().toISOString(),
      });
      return notifier.enqueueCheckin(trx, posId);
    });
    if (queued) notifier.committed();
  }

  /** Ends the check-in at `posId`; in `trx` when given, so that it commits with what ended it. */
  async end(posId: string, trx: Db = this.deps.db): Promise<void> {
    await deleteCheckin(trx, posId);
  }
}
