/**
 * The rules of refunds: several per captured payment, their total never above the captured amount
 * (checked under the payment's row lock, so racing refunds cannot both fit), within 30 days, in the
 * payment's currency. Every change goes `load → expire if due → transition() → updateRefundState`.
 */
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { isGuid } from '../../shared/ids.ts';
import type { Currency } from '../../shared/money.ts';
import { newId } from '../../shared/random.ts';
import type { PosCaller } from '../pos.context.ts';
import { PosError } from '../pos.errors.ts';
import type { AnswerWriter } from '../idempotency/idempotency.service.ts';
import { isValidPosText } from '../pos.text.ts';
import { amountOf } from '../payments/payment.service.ts';
import { findPayment } from '../payments/payment.repository.ts';
import * as repo from './refund.repository.ts';
import { startRefund, transition, type Refund, type RefundEvent, type RefundId } from './refund.state.ts';

const MAX_ATTEMPTS = 8;

/**
 * Creates a refund of a captured payment the caller made (409 1001 unknown payment, 403 1401
 * another integrator's, 1411 another merchant's) and reserves it at once, as the sandbox's
 * MobilePay does. 409 1354/1365/1366/1367 when the refund rules forbid it.
 */
export async function createRefund(
  db: Db,
  clock: Clock,
  caller: PosCaller,
  input: { paymentId: string; refundOrderId: string; amount: string | number; currencyCode: Currency },
  answer?: AnswerWriter,
): Promise<Refund> {
  if (!isValidPosText(input.refundOrderId)) throw new PosError('invalid_refund_order_id');
  const amount = amountOf(input.amount);
  const payment = isGuid(input.paymentId) ? await findPayment(db, input.paymentId.toLowerCase()) : undefined;
  if (payment === undefined) throw new PosError('payment_not_found');
  if (payment.integratorId !== caller.integratorId) throw new PosError('payment_of_other_integrator');
  if (payment.merchantId !== caller.merchantId) throw new PosError('query_payment_of_other_merchant');
  const ctx = { now: clock.now() };
  const initiated = startRefund(
    { id: newId() as RefundId, paymentId: payment.id, integratorId: caller.integratorId, merchantId: caller.merchantId, refundOrderId: input.refundOrderId, amount, currency: input.currencyCode },
    ctx,
  );
  const reserved = transition(initiated, { type: 'reserve' }, ctx).refund;
  const outcome = await repo.insertRefundWithinCaptured(db, reserved, ctx.now, answer);
  if (!outcome.ok) throw new PosError(outcome.error);
  return reserved;
}

/** Applies `event` to the stored refund, expiring it first when due; a lost race reloads and decides again. */
export async function applyRefundEvent(db: Db, clock: Clock, id: RefundId, event: RefundEvent): Promise<Refund> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const loaded = await repo.findRefund(db, id);
    if (loaded === undefined) throw new PosError('not_found', 'Refund not found');
    const ctx = { now: clock.now() };
    const expired = transition(loaded, { type: 'expire' }, ctx);
    if (expired.changed) {
      if (!(await repo.updateRefundState(db, loaded, expired.refund))) continue;
      if (event.type === 'expire') return expired.refund;
    }
    const { refund: next, changed } = transition(expired.refund, event, ctx);
    if (!changed) return expired.refund;
    if (await repo.updateRefundState(db, expired.refund, next)) return next;
  }
  throw new Error(`refund ${id}: state kept changing under ${event.type}`);
}

/** Why a refund is loaded: only capture answers its own 404 code (1004). */
export type RefundPurpose = 'query' | 'capture' | 'cancel';

/**
 * A refund addressed in the path the caller may act on: unknown 404 (1004 for capture, as SPEC
 * says), another integrator's 403 1402. Another merchant's refund is answered as unknown: the
 * registry has no code for it and its existence is none of this merchant's business.
 */
export async function getRefundForCaller(db: Db, clock: Clock, caller: PosCaller, id: string, purpose: RefundPurpose): Promise<Refund> {
  const refund = isGuid(id) ? await repo.findRefund(db, id.toLowerCase()) : undefined;
  const notFound = () => new PosError(purpose === 'capture' ? 'refund_not_found_for_capture' : 'not_found', 'Refund not found');
  if (refund === undefined) throw notFound();
  if (refund.integratorId !== caller.integratorId) throw new PosError('refund_of_other_integrator');
  if (refund.merchantId !== caller.merchantId) throw notFound();
  if (Date.parse(refund.expiresAt) > clock.now().getTime()) return refund;
  return applyRefundEvent(db, clock, refund.id, { type: 'expire' });
}

/** POST /refunds/{id}/capture: 409 1351 unless reserved; a paid-out refund answers 200 again. */
export async function captureRefund(db: Db, clock: Clock, caller: PosCaller, id: string): Promise<Refund> {
  const refund = await getRefundForCaller(db, clock, caller, id, 'capture');
  return applyRefundEvent(db, clock, refund.id, { type: 'capture' });
}

/** POST /refunds/{id}/cancel: 409 1352 once paid out; a cancelled refund answers 200 again. */
export async function cancelRefund(db: Db, clock: Clock, caller: PosCaller, id: string): Promise<Refund> {
  const refund = await getRefundForCaller(db, clock, caller, id, 'cancel');
  return applyRefundEvent(db, clock, refund.id, { type: 'cancel' });
}

/** GET /refunds: the caller's refunds of a payment; 400 1110 without a paymentId. */
export function listRefundIdsForCaller(db: Db, caller: PosCaller, query: { paymentId?: string | null }): Promise<RefundId[]> {
  const paymentId = query.paymentId ?? undefined;
  if (paymentId === undefined) throw new PosError('refund_filter_not_specific');
  return repo.listRefundIds(db, { merchantId: caller.merchantId, integratorId: caller.integratorId, paymentId: paymentId.toLowerCase() });
}

/** One pass of the refund expiry sweep; returns how many refunds it moved on. */
export async function expireDueRefunds(db: Db, clock: Clock, limit = 100): Promise<number> {
  const due = await repo.listExpiredRefunds(db, clock.now().toISOString(), limit);
  let moved = 0;
  for (const refund of due) {
    const after = await applyRefundEvent(db, clock, refund.id, { type: 'expire' });
    if (after.version !== refund.version) moved += 1;
  }
  return moved;
}
