/**
 * Payments in the database. One query per function; each takes `db` first so a transaction can
 * be passed in. Rows become the `Payment` union here and nowhere else; a status only ever comes
 * from `payment.state.ts`.
 */
import { PostgresAdapter, type Selectable } from 'kysely';
import type { CreateQuery, Db } from '../../db/database.ts';
import { PreparedQuery } from '../../db/prepared-query.ts';
import type { MinorUnits } from '../../shared/money.ts';
import { columnChecks, listDueRows, updateIfUnchanged } from '../state-change/state-change.repository.ts';
import {
  ACTIVE_PAYMENT_STATUSES,
  FINAL_PAYMENT_STATUSES,
  LISTED_PAYMENT_STATUSES,
  type Payment,
  type PaymentCustomer,
  type PaymentId,
  type PaymentRestrictions,
  type PaymentState,
  type PaymentStatus,
  type PaymentTerms,
} from './payment.state.ts';
import type { PaymentTable } from './payment.table.ts';

export type PaymentRow = Selectable<PaymentTable>;

/** The columns a transition may change: everything but the identity. */
type PaymentStateColumns = Omit<PaymentRow, 'id' | 'integrator_id' | 'merchant_id' | 'pos_id' | 'order_id' | 'created_at'>;

function stateColumns(p: Payment): PaymentStateColumns {
  const terms = p.terms;
  const customer = p.customer;
  return {
    status: p.status,
    version: p.version,
    amount: terms?.amount ?? null,
    currency: terms?.currency ?? null,
    restrictions: terms?.restrictions ? JSON.stringify(terms.restrictions) : null,
    merchant_payment_label: terms?.merchantPaymentLabel ?? null,
    planned_capture_delay: terms?.plannedCaptureDelay ?? null,
    customer_phone: customer?.phoneNumber ?? null,
    customer_token: customer?.customerToken ?? null,
    customer_receipt_token: customer?.customerReceiptToken ?? null,
    loyalty_ids: customer?.loyaltyIds ? JSON.stringify(customer.loyaltyIds) : null,
    partial_capture_possible: p.status === 'Reserved' ? Number(p.partialCapturePossible) : null,
    captured_amount: p.status === 'Captured' ? p.capturedAmount : null,
    expires_at: p.expiresAt,
    updated_at: p.updatedAt,
    reserved_at: p.status === 'Reserved' || p.status === 'Captured' ? p.reservedAt : null,
    captured_at: p.status === 'Captured' ? p.capturedAt : null,
    cancelled_at: 'cancelledAt' in p ? p.cancelledAt : null,
  };
}

/** The row that stores `payment`. */
export function toPaymentRow(p: Payment): PaymentRow {
  return {
    id: p.id,
    integrator_id: p.integratorId,
    merchant_id: p.merchantId,
    pos_id: p.posId,
    order_id: p.orderId,
    created_at: p.createdAt,
    ...stateColumns(p),
  };
}

function termsOf(row: PaymentRow): PaymentTerms | null {
  if (row.amount === null || row.currency === null || row.planned_capture_delay === null) return null;
  return {
    amount: row.amount as MinorUnits,
    currency: row.currency,
    restrictions: row.restrictions === null ? null : (JSON.parse(row.restrictions) as PaymentRestrictions),
    merchantPaymentLabel: row.merchant_payment_label,
    plannedCaptureDelay: row.planned_capture_delay,
  };
}

function customerOf(row: PaymentRow): PaymentCustomer | null {
  if (row.customer_phone === null) return null;
  return {
    phoneNumber: row.customer_phone,
    customerToken: row.customer_token,
    customerReceiptToken: row.customer_receipt_token,
    loyaltyIds: row.loyalty_ids === null ? null : (JSON.parse(row.loyalty_ids) as string[]),
  };
}

/** The `Payment` a row stores; throws if the row breaks the state's invariants (a corrupt row). */
export function fromPaymentRow(row: PaymentRow): Payment {
  const terms = termsOf(row);
  const customer = customerOf(row);
  const need = columnChecks('payment', row);
  /** Terms and customer, which every status from IssuedToUser on has. */
  const issued = () => ({ terms: need(terms, 'terms'), customer: need(customer, 'a customer') });
  let state: PaymentState;
  switch (row.status) {
    case 'Prepared':
      state = { status: 'Prepared', terms: null, customer: null };
      break;
    case 'Paired':
      state = { status: 'Paired', terms: null, customer: need(customer, 'a customer') };
      break;
    case 'Initiated':
      state = { status: 'Initiated', terms: need(terms, 'terms'), customer: null };
      break;
    case 'IssuedToUser':
      state = { status: 'IssuedToUser', ...issued() };
      break;
    case 'Reserved':
      state = {
        status: 'Reserved',
        ...issued(),
        partialCapturePossible: need(row.partial_capture_possible, 'partial_capture_possible') === 1,
        reservedAt: need(row.reserved_at, 'reserved_at'),
      };
      break;
    case 'Captured':
      state = {
        status: 'Captured',
        ...issued(),
        reservedAt: need(row.reserved_at, 'reserved_at'),
        capturedAmount: need(row.captured_amount, 'captured_amount') as MinorUnits,
        capturedAt: need(row.captured_at, 'captured_at'),
      };
      break;
    case 'CancelledByClient':
    case 'CancelledByMobilePay':
    case 'CancelledByUser':
    case 'ExpiredAndCancelled':
      state = { status: row.status, terms, customer, cancelledAt: need(row.cancelled_at, 'cancelled_at') };
      break;
  }
  return {
    id: row.id as PaymentId,
    integratorId: row.integrator_id,
    merchantId: row.merchant_id,
    posId: row.pos_id,
    orderId: row.order_id,
    createdAt: row.created_at,
    ...state,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** SQLite (better-sqlite3) and PostgreSQL report a unique violation differently. */
function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  return err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Inserts a new payment. Returns false, inserting nothing, when its point of sale already has an
 * active payment (the partial unique index `payments_active_pos_uq` decides, so of two racing
 * initiates exactly one returns true); the caller answers 409 1301. `run` runs the INSERT (with
 * the request's idempotent answer in the same statement, say).
 */
export async function insertPayment(
  db: Db,
  payment: Payment,
  run: (insert: CreateQuery<'payments'>) => Promise<unknown> = (insert) => insert.execute(),
): Promise<boolean> {
  try {
    await run(db.insertInto('payments').values(toPaymentRow(payment)));
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Compiled once: a PoS read runs it on every call. */
const paymentById = new PreparedQuery((db, id: string) => db.selectFrom('payments').selectAll().where('id', '=', id), ['id']);

export async function findPayment(db: Db, id: string): Promise<Payment | undefined> {
  const row = await paymentById.first(db, id);
  return row && fromPaymentRow(row);
}

/**
 * `findPayment` that also locks the row until the surrounding transaction ends (PostgreSQL
 * `FOR UPDATE`). SQLite needs no lock: its single writer already serializes transactions.
 * Call it inside `db.transaction()`.
 */
export async function findPaymentForUpdate(trx: Db, id: string): Promise<Payment | undefined> {
  const locks = trx.getExecutor().adapter instanceof PostgresAdapter;
  const row = await trx
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', id)
    .$if(locks, (q) => q.forUpdate())
    .executeTakeFirst();
  return row && fromPaymentRow(row);
}

/** The payment that occupies the point of sale (Prepared, Paired, Initiated or IssuedToUser), if any. */
export async function findActivePaymentByPos(db: Db, posId: string): Promise<Payment | undefined> {
  const row = await db.selectFrom('payments').selectAll().where('pos_id', '=', posId).where('status', 'in', ACTIVE_PAYMENT_STATUSES).executeTakeFirst();
  return row && fromPaymentRow(row);
}

/** An active payment found through its point of sale's beacon, with what a check-in needs of that PoS. */
export interface PaymentAtBeacon {
  readonly payment: Payment;
  /** The PoS's callback alias, named when it was created and never changed after. */
  readonly posCallbackAlias: string | null;
}

/**
 * The payment occupying the active point of sale behind `beaconId` (normalized), if any: the
 * beacon's PoS and its payment in one query, which is all a customer's accept or check-in needs
 * when the PoS has a payment (the usual case).
 */
export async function findActivePaymentByBeacon(db: Db, beaconId: string): Promise<PaymentAtBeacon | undefined> {
  const row = await db
    .selectFrom('payments')
    .innerJoin('points_of_sale as p', 'p.id', 'payments.pos_id')
    .selectAll('payments')
    .select('p.callback_alias as pos_callback_alias')
    .where('p.beacon_id', '=', beaconId)
    .where('p.deleted_at', 'is', null)
    .where('payments.status', 'in', ACTIVE_PAYMENT_STATUSES)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { pos_callback_alias, ...payment } = row;
  return { payment: fromPaymentRow(payment), posCallbackAlias: pos_callback_alias };
}

export interface PaymentFilter {
  readonly merchantId: string;
  readonly integratorId: string;
  readonly posId?: string;
  readonly orderId?: string;
  /** Default: the active and reserved payments (`LISTED_PAYMENT_STATUSES`), as GET /payments lists. */
  readonly statuses?: readonly PaymentStatus[];
}

/** The merchant's payments made by the integrator that match the filter, oldest first. */
export async function listPayments(db: Db, filter: PaymentFilter): Promise<Payment[]> {
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where('merchant_id', '=', filter.merchantId)
    .where('integrator_id', '=', filter.integratorId)
    .where('status', 'in', filter.statuses ?? LISTED_PAYMENT_STATUSES)
    .$if(filter.posId !== undefined, (q) => q.where('pos_id', '=', filter.posId!))
    .$if(filter.orderId !== undefined, (q) => q.where('order_id', '=', filter.orderId!))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(fromPaymentRow);
}

/**
 * The caller's latest payment with `orderId` (of `posId` when given), whatever its status: a
 * reused orderId maps to its latest payment (best-practices.md), so only that one is found by it.
 */
export async function findLatestPaymentByOrderId(
  db: Db,
  filter: Omit<PaymentFilter, 'statuses' | 'orderId'> & { readonly orderId: string },
): Promise<Payment | undefined> {
  const row = await db
    .selectFrom('payments')
    .selectAll()
    .where('merchant_id', '=', filter.merchantId)
    .where('integrator_id', '=', filter.integratorId)
    .where('order_id', '=', filter.orderId)
    .$if(filter.posId !== undefined, (q) => q.where('pos_id', '=', filter.posId!))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && fromPaymentRow(row);
}

/** The integrator's latest `limit` payments issued to the customer with `phoneNumber`, newest first (the app's activity list). */
export async function listLatestPaymentsOfCustomer(db: Db, integratorId: string, phoneNumber: string, limit: number): Promise<Payment[]> {
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where('integrator_id', '=', integratorId)
    .where('customer_phone', '=', phoneNumber)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(fromPaymentRow);
}

/** Unfinished payments whose deadline has passed at `nowIso`, for an expiry sweep (`expire` event). */
export async function listExpiredPayments(db: Db, nowIso: string, limit: number): Promise<Payment[]> {
  return (await listDueRows(db, 'payments', FINAL_PAYMENT_STATUSES, nowIso, limit)).map(fromPaymentRow);
}

/**
 * Stores `to`, the result of `transition(from, …)`, only if the stored payment is still `from`
 * (same status and version). Returns whether this call won: of two requests racing on one
 * payment exactly one gets true; the loser should reload and re-apply its event.
 */
export function updatePaymentState(db: Db, from: Payment, to: Payment): Promise<boolean> {
  return updateIfUnchanged(db, 'payments', from, stateColumns(to));
}

/**
 * `updatePaymentState`, ending the check-in at the payment's point of sale in the same atomic
 * step when (and only when) this call wins. PostgreSQL does both in one statement (a data-modifying
 * CTE is atomic on its own), which spares the BEGIN, the DELETE and the COMMIT round trips of a
 * transaction on every accept and cancel at a beacon; SQLite, which has no data-modifying CTEs and
 * no round trips, runs the two statements in a transaction.
 */
export async function updatePaymentStateEndingCheckin(db: Db, from: Payment, to: Payment): Promise<boolean> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    return db.transaction().execute(async (trx) => {
      if (!(await updatePaymentState(trx, from, to))) return false;
      await trx.deleteFrom('checkins').where('pos_id', '=', from.posId).execute();
      return true;
    });
  }
  const won = await db
    .with('changed', (q) =>
      q
        .updateTable('payments')
        .set(stateColumns(to))
        .where('id', '=', from.id)
        .where('status', '=', from.status)
        .where('version', '=', from.version)
        .returning('pos_id'),
    )
    .with('ended', (q) => q.deleteFrom('checkins').where('pos_id', 'in', q.selectFrom('changed').select('pos_id')).returning('pos_id'))
    .selectFrom('changed')
    .select('pos_id')
    .executeTakeFirst();
  return won !== undefined;
}
