/**
 * The rules of refunds: several per captured payment, their total never above the captured amount
 * (checked under the payment's row lock, so racing refunds cannot both fit), within 90 days, in the
 * payment's currency. Every change goes through the state-change engine, as a payment's does.
 */
import type { Currency } from '../../shared/money.ts';
import { newId } from '../../shared/random.ts';
import { grantsAccess } from '../../merchants/merchant.service.ts';
import type { PosCaller } from '../pos.context.ts';
import { PosError } from '../pos.errors.ts';
import type { PosPorts } from '../pos.ports.ts';
import type { AnswerWriter } from '../idempotency/idempotency.service.ts';
import { isValidPosText } from '../pos.text.ts';
import { amountOf, type PaymentService } from '../payments/payment.service.ts';
import { StateChangeEngine, type CallerErrors } from '../state-change/state-change.engine.ts';
import * as repo from './refund.repository.ts';
import { startRefund, transition, type Refund, type RefundEvent, type RefundId } from './refund.state.ts';

export type { Refund, RefundStatus } from './refund.state.ts';

/** Why a refund is loaded: only capture answers its own 404 code (1004). */
type RefundPurpose = 'query' | 'capture' | 'cancel';

/**
 * A refund addressed in the path: unknown 404 (1004 for capture, as SPEC says), another
 * integrator's 403 1402. Another merchant's refund is answered as unknown: the registry has no
 * code for it and its existence is none of this merchant's business.
 */
function callerErrors(purpose: RefundPurpose): CallerErrors {
  const notFound = () => new PosError(purpose === 'capture' ? 'refund_not_found_for_capture' : 'not_found', 'Refund not found');
  return { notFound, otherIntegrator: 'refund_of_other_integrator', otherMerchant: notFound };
}

/** The payment a new refund names, in the body: unknown 409 1001, another integrator's 403 1401, another merchant's 1411. */
const PAYMENT_TO_REFUND: CallerErrors = {
  notFound: () => new PosError('payment_not_found'),
  otherIntegrator: 'payment_of_other_integrator',
  otherMerchant: () => new PosError('query_payment_of_other_merchant'),
};

export class RefundService {
  readonly #engine: StateChangeEngine<Refund, RefundEvent>;

  constructor(private readonly deps: PosPorts & { readonly payments: PaymentService }) {
    const { db, clock } = deps;
    this.#engine = new StateChangeEngine(
      clock,
      {
        kind: 'refund',
        find: (id) => repo.findRefund(db, id),
        transition,
        update: (from, to) => repo.updateRefundState(db, from, to),
        listDue: (nowIso, limit) => repo.listExpiredRefunds(db, nowIso, limit),
      },
      deps.observer,
    );
  }

  /**
   * POST /refunds: a refund of a captured payment the caller made, reserved at once, as the
   * sandbox's MobilePay does. 409 1354/1365/1366/1367 when the refund rules forbid it.
   */
  async create(
    caller: PosCaller,
    input: { paymentId: string; refundOrderId: string; amount: string | number; currencyCode: Currency },
    answer?: AnswerWriter,
  ): Promise<Refund> {
    if (!isValidPosText(input.refundOrderId)) throw new PosError('invalid_refund_order_id');
    const amount = amountOf(input.amount);
    const payment = await this.deps.payments.findForCaller(caller, input.paymentId, PAYMENT_TO_REFUND);
    const ctx = { now: this.deps.clock.now() };
    const initiated = startRefund(
      {
        id: newId() as RefundId,
        paymentId: payment.id,
        integratorId: caller.integratorId,
        merchantId: caller.merchantId,
        refundOrderId: input.refundOrderId,
        amount,
        currency: input.currencyCode,
      },
      ctx,
    );
    const reserved = transition(initiated, { type: 'reserve' }, ctx).next;
    const outcome = await repo.insertRefundWithinCaptured(this.deps.db, reserved, ctx.now, answer);
    if (!outcome.ok) throw new PosError(outcome.error);
    return reserved;
  }

  /** GET /refunds/{id}: a refund the caller may see, expired on read when its deadline has passed. */
  async getForCaller(caller: PosCaller, id: string): Promise<Refund> {
    return this.#engine.expireIfDue(await this.#engine.loadForCaller(caller, id, callerErrors('query')));
  }

  /** POST /refunds/{id}/capture: 409 1351 unless reserved; a paid-out refund answers 200 again. */
  async capture(caller: PosCaller, id: string): Promise<Refund> {
    return this.#engine.apply(await this.#engine.loadForCaller(caller, id, callerErrors('capture')), { type: 'capture' });
  }

  /** POST /refunds/{id}/cancel: 409 1352 once paid out; a cancelled refund answers 200 again. */
  async cancel(caller: PosCaller, id: string): Promise<Refund> {
    return this.#engine.apply(await this.#engine.loadForCaller(caller, id, callerErrors('cancel')), { type: 'cancel' });
  }

  /** GET /refunds: the caller's refunds of a payment; 400 1110 without a paymentId. */
  async listIdsForCaller(caller: PosCaller, query: { paymentId?: string | null }): Promise<RefundId[]> {
    const paymentId = query.paymentId ?? undefined;
    if (paymentId === undefined) throw new PosError('refund_filter_not_specific');
    return repo.listRefundIds(this.deps.db, { merchantId: caller.merchantId, integratorId: caller.integratorId, paymentId: paymentId.toLowerCase() });
  }

  /** The refunds of these payments, newest first, each expired first if due. */
  async ofPayments(paymentIds: readonly string[]): Promise<Refund[]> {
    const current: Refund[] = [];
    for (const refund of await repo.listRefundsOfPayments(this.deps.db, paymentIds)) current.push(await this.#engine.expireIfDue(refund));
    return current;
  }

  /** Sandbox time for a refund, as `PaymentService.elapseForIntegrator`; 409 1352 once it is finished. */
  elapseForIntegrator(integratorId: string, id: string, seconds: number | null): Promise<Refund> {
    return this.#engine.elapse(integratorId, id, seconds, (merchantId) => grantsAccess(this.deps.db, merchantId, integratorId));
  }

  /** One pass of the expiry sweep: moves on up to `limit` refunds past their deadline; returns how many. */
  expireDue(limit: number): Promise<number> {
    return this.#engine.expireDue(limit);
  }
}
