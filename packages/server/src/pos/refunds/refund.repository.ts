/**
 * Refunds in the database. One query per function, `db` first, undefined for "not found";
 * `insertRefundWithinCaptured` is the one transaction, because the captured-amount rule is only
 * safe under the payment's lock.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { MinorUnits } from '../../shared/money.ts';
import { findPaymentForUpdate } from '../payments/payment.repository.ts';
import type { PaymentId } from '../payments/payment.state.ts';
import { columnChecks, listDueRows, updateIfUnchanged } from '../state-change/state-change.repository.ts';
import {
  COUNTED_REFUND_STATUSES,
  FINAL_REFUND_STATUSES,
  refundRuleViolation,
  type Refund,
  type RefundId,
  type RefundRuleError,
  type RefundState,
} from './refund.state.ts';
import type { RefundTable } from './refund.table.ts';

export type RefundRow = Selectable<RefundTable>;

export function toRefundRow(r: Refund): RefundRow {
  return {
    id: r.id,
    payment_id: r.paymentId,
    integrator_id: r.integratorId,
    merchant_id: r.merchantId,
    refund_order_id: r.refundOrderId,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    version: r.version,
    expires_at: r.expiresAt,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    reserved_at: 'reservedAt' in r ? r.reservedAt : null,
    captured_at: 'capturedAt' in r ? r.capturedAt : null,
    cancelled_at: 'cancelledAt' in r ? r.cancelledAt : null,
  };
}

/** The `Refund` a row stores; throws if the row breaks the state's invariants (a corrupt row). */
export function fromRefundRow(row: RefundRow): Refund {
  const need = columnChecks('refund', row);
  let state: RefundState;
  switch (row.status) {
    case 'Initiated':
      state = { status: 'Initiated' };
      break;
    case 'Reserved':
      state = { status: 'Reserved', reservedAt: need(row.reserved_at, 'reserved_at') };
      break;
    case 'Captured':
    case 'ExpiredAndCaptured':
      state = { status: row.status, reservedAt: need(row.reserved_at, 'reserved_at'), capturedAt: need(row.captured_at, 'captured_at') };
      break;
    case 'CancelledByClient':
    case 'CancelledByMobilePay':
      state = { status: row.status, cancelledAt: need(row.cancelled_at, 'cancelled_at') };
      break;
  }
  return {
    id: row.id as RefundId,
    paymentId: row.payment_id as PaymentId,
    integratorId: row.integrator_id,
    merchantId: row.merchant_id,
    refundOrderId: row.refund_order_id,
    amount: row.amount as MinorUnits,
    currency: row.currency,
    createdAt: row.created_at,
    ...state,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export async function findRefund(db: Db, id: string): Promise<Refund | undefined> {
  const row = await db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRefundRow(row);
}

/** The sum, in minor units, of the payment's refunds that count against its captured amount. */
export async function sumCountedRefunds(db: Db, paymentId: string): Promise<number> {
  const row = await db
    .selectFrom('refunds')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('amount'), eb.lit(0)).as('total'))
    .where('payment_id', '=', paymentId)
    .where('status', 'in', COUNTED_REFUND_STATUSES)
    .executeTakeFirstOrThrow();
  // PostgreSQL's sum(integer) is a bigint, which pg hands over as a string.
  return Number(row.total);
}

export type RefundInsertOutcome = { readonly ok: true } | { readonly ok: false; readonly error: RefundRuleError | 'payment_not_found' };

/**
 * Inserts `refund` only if its payment exists and the refund rules hold (`refundRuleViolation`:
 * captured, same currency, within 90 days, total within the captured amount), all in one
 * transaction under the payment's row lock, so concurrent refunds of one payment are checked one
 * after the other and their total never exceeds the captured amount. On `ok: false` nothing was
 * written; the caller throws `new PosError(outcome.error)`.
 *
 * Ownership (integrator, merchant) is the caller's check, before this call. `alsoInTransaction`
 * (the idempotent answer) commits or rolls back with the insert.
 */
export function insertRefundWithinCaptured(
  db: Db,
  refund: Refund,
  now: Date,
  alsoInTransaction?: (trx: Db, id: RefundId) => Promise<void>,
): Promise<RefundInsertOutcome> {
  return db.transaction().execute(async (trx): Promise<RefundInsertOutcome> => {
    const payment = await findPaymentForUpdate(trx, refund.paymentId);
    if (payment === undefined) return { ok: false, error: 'payment_not_found' };
    const refundedSoFar = await sumCountedRefunds(trx, payment.id);
    const violation = refundRuleViolation(payment, refundedSoFar, refund, now);
    if (violation !== undefined) return { ok: false, error: violation };
    await trx.insertInto('refunds').values(toRefundRow(refund)).execute();
    await alsoInTransaction?.(trx, refund.id);
    return { ok: true };
  });
}

export interface RefundFilter {
  readonly merchantId: string;
  readonly integratorId: string;
  readonly paymentId?: string;
  readonly refundOrderId?: string;
}

/** Ids of the merchant's refunds made by the integrator that match the filter, oldest first. */
export async function listRefundIds(db: Db, filter: RefundFilter): Promise<RefundId[]> {
  let q = db.selectFrom('refunds').select('id').where('merchant_id', '=', filter.merchantId).where('integrator_id', '=', filter.integratorId);
  if (filter.paymentId !== undefined) q = q.where('payment_id', '=', filter.paymentId);
  if (filter.refundOrderId !== undefined) q = q.where('refund_order_id', '=', filter.refundOrderId);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id as RefundId);
}

/** The refunds of these payments, newest first (at most a few hundred ids: the app's activity list). */
export async function listRefundsOfPayments(db: Db, paymentIds: readonly string[]): Promise<Refund[]> {
  if (paymentIds.length === 0) return [];
  const rows = await db.selectFrom('refunds').selectAll().where('payment_id', 'in', paymentIds).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(fromRefundRow);
}

/**
 * Stores `to`, the result of `transition(from, …)`, only if the stored refund is still `from`
 * (same status and version). Returns whether this call won the race.
 */
export function updateRefundState(db: Db, from: Refund, to: Refund): Promise<boolean> {
  const row = toRefundRow(to);
  return updateIfUnchanged(db, 'refunds', from, {
    status: row.status,
    version: row.version,
    expires_at: row.expires_at,
    updated_at: row.updated_at,
    reserved_at: row.reserved_at,
    captured_at: row.captured_at,
    cancelled_at: row.cancelled_at,
  });
}

/** Unfinished refunds whose deadline has passed at `nowIso`, for the expiry sweep (`expire` event). */
export async function listExpiredRefunds(db: Db, nowIso: string, limit: number): Promise<Refund[]> {
  return (await listDueRows(db, 'refunds', FINAL_REFUND_STATUSES, nowIso, limit)).map(fromRefundRow);
}
