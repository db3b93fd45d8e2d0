/**
 * Operator reads of payments and refunds across every merchant and integrator (the PoS API's own
 * reads are always scoped to one caller). One query per function, `db` first.
 */
import type { Db } from '../../db/database.ts';
import { fromPaymentRow } from '../payments/payment.repository.ts';
import { fromRefundRow } from '../refunds/refund.repository.ts';
import type { Payment } from '../payments/payment.state.ts';
import type { Refund } from '../refunds/refund.state.ts';

export async function paymentsByPos(db: Db, posId: string, limit: number): Promise<Payment[]> {
  const rows = await db.selectFrom('payments').selectAll().where('pos_id', '=', posId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(fromPaymentRow);
}

export async function paymentsByOrderId(db: Db, orderId: string, limit: number): Promise<Payment[]> {
  const rows = await db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(fromPaymentRow);
}

export async function paymentsByIds(db: Db, ids: readonly string[]): Promise<Payment[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('payments').selectAll().where('id', 'in', ids).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(fromPaymentRow);
}

export async function refundsOfPayments(db: Db, paymentIds: readonly string[]): Promise<Refund[]> {
  if (paymentIds.length === 0) return [];
  const rows = await db.selectFrom('refunds').selectAll().where('payment_id', 'in', paymentIds).orderBy('created_at').orderBy('id').execute();
  return rows.map(fromRefundRow);
}

/** Payment ids of refunds with this id or refund order id. */
export async function paymentIdsOfRefunds(db: Db, match: { id?: string; refundOrderId?: string }, limit: number): Promise<string[]> {
  let q = db.selectFrom('refunds').select('payment_id');
  if (match.id !== undefined) q = q.where('id', '=', match.id);
  if (match.refundOrderId !== undefined) q = q.where('refund_order_id', '=', match.refundOrderId);
  const rows = await q.limit(limit).execute();
  return rows.map((r) => r.payment_id);
}
