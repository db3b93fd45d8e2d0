/**
 * Finding payments and refunds for an operator (the console): by payment or refund id, by point of
 * sale, or by order id, whichever merchant they belong to, each with the steps of its life the
 * rows record. Read-only: nothing here changes a payment.
 */
import type { Db } from '../../db/database.ts';
import { isGuid } from '../../shared/ids.ts';
import { invalid } from '../../shared/errors.ts';
import type { Payment } from '../payments/payment.state.ts';
import type { Refund } from '../refunds/refund.state.ts';
import * as repo from './payment-lookup.repository.ts';

/** At most this many payments answer one search. */
export const LOOKUP_LIMIT = 50;

export type LookupBy = 'id' | 'posId' | 'orderId';

/** One recorded step: the status reached and when. */
export interface HistoryStep {
  readonly at: string;
  readonly step: string;
}

export interface FoundRefund {
  readonly refund: Refund;
  readonly history: readonly HistoryStep[];
}

export interface FoundPayment {
  readonly payment: Payment;
  readonly history: readonly HistoryStep[];
  readonly refunds: readonly FoundRefund[];
}

/**
 * The steps a payment or refund row records, oldest first. The rows keep when each milestone was
 * reached (created, reserved, captured, cancelled) and when they last changed; intermediate steps
 * without a timestamp of their own (Paired, IssuedToUser) show as the current status at `updatedAt`.
 */
export function historyOf(row: {
  status: string;
  createdAt: string;
  updatedAt: string;
  reservedAt?: string | null;
  capturedAt?: string | null;
  cancelledAt?: string | null;
}): HistoryStep[] {
  const steps: HistoryStep[] = [{ at: row.createdAt, step: 'Created' }];
  if (row.reservedAt != null) steps.push({ at: row.reservedAt, step: 'Reserved' });
  if (row.capturedAt != null) steps.push({ at: row.capturedAt, step: row.status === 'ExpiredAndCaptured' ? 'ExpiredAndCaptured' : 'Captured' });
  if (row.cancelledAt != null) steps.push({ at: row.cancelledAt, step: row.status });
  const last = steps.at(-1)!;
  if (last.step !== row.status) steps.push({ at: row.updatedAt, step: row.status });
  return steps;
}

const field = <T extends object>(o: T, key: string): string | null => (key in o ? ((o as Record<string, unknown>)[key] as string | null) : null);

const historyOfPayment = (p: Payment) =>
  historyOf({ ...p, reservedAt: field(p, 'reservedAt'), capturedAt: field(p, 'capturedAt'), cancelledAt: field(p, 'cancelledAt') });
const historyOfRefund = (r: Refund) =>
  historyOf({ ...r, reservedAt: field(r, 'reservedAt'), capturedAt: field(r, 'capturedAt'), cancelledAt: field(r, 'cancelledAt') });

export class PaymentLookup {
  constructor(private readonly ports: { readonly db: Db }) {}

  /** Payments matching `value` (newest first, at most LOOKUP_LIMIT), each with its refunds. */
  async find(by: LookupBy, value: string): Promise<FoundPayment[]> {
    const { db } = this.ports;
    const text = value.trim();
    if (text === '' || text.length > 100) throw invalid('enter 1 to 100 characters to search for');
    let payments: Payment[];
    switch (by) {
      case 'id': {
        if (!isGuid(text)) throw invalid(`"${text}" is not a payment or refund id (a GUID)`);
        const id = text.toLowerCase();
        const viaRefund = await repo.paymentIdsOfRefunds(db, { id }, 1);
        payments = await repo.paymentsByIds(db, [id, ...viaRefund]);
        break;
      }
      case 'posId':
        payments = isGuid(text) ? await repo.paymentsByPos(db, text.toLowerCase(), LOOKUP_LIMIT) : [];
        break;
      case 'orderId': {
        const viaRefund = await repo.paymentIdsOfRefunds(db, { refundOrderId: text }, LOOKUP_LIMIT);
        const direct = await repo.paymentsByOrderId(db, text, LOOKUP_LIMIT);
        const others = await repo.paymentsByIds(
          db,
          viaRefund.filter((id) => !direct.some((p) => p.id === id)),
        );
        payments = [...direct, ...others].slice(0, LOOKUP_LIMIT);
        break;
      }
    }
    const refunds = await repo.refundsOfPayments(
      db,
      payments.map((p) => p.id),
    );
    return payments.map((payment) => ({
      payment,
      history: historyOfPayment(payment),
      refunds: refunds.filter((r) => r.paymentId === payment.id).map((refund) => ({ refund, history: historyOfRefund(refund) })),
    }));
  }
}
