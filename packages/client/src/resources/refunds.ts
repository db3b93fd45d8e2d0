import type { CreateRefundRequest, Refund, RefundStatus } from '../contract.js';
import { pollUntil, type WaitOptions } from '../polling.js';
import { segment, type CallOptions, type CreateOptions, type Transport } from '../transport.js';

/** States a refund never leaves. */
const FINAL: ReadonlySet<RefundStatus> = new Set(['Captured', 'CancelledByClient', 'CancelledByMobilePay', 'ExpiredAndCaptured']);

/**
 * Refunds of captured payments (`/pos/v10/refunds`): create, then capture (pay out) or cancel.
 *
 * @see https://developer.mobilepay.dk/docs/pos/payment-flows/refunds
 */
export class Refunds {
  readonly #transport: Transport;

  /** @internal Made by PosV10Client. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Refunds (part of) a captured payment. Retried with the same idempotency key, so a lost answer
   * never refunds twice.
   *
   * @example
   * ```ts
   * const { refundId } = await pos.refunds.create({ paymentId, refundOrderId: 'REFUND-1', amount: 5, currencyCode: 'DKK' });
   * await pos.refunds.waitForState(refundId, { until: ['Reserved'] });
   * await pos.refunds.capture(refundId);
   * ```
   */
  create(request: CreateRefundRequest, options: CreateOptions = {}): Promise<{ refundId: string }> {
    return this.#transport.send({
      method: 'POST',
      path: '/refunds',
      body: request,
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      retry: true,
      signal: options.signal,
    });
  }

  /** One refund, with its status and `pollDelayInMs`. */
  get(refundId: string, options: CallOptions = {}): Promise<Refund> {
    return this.#transport.send({ method: 'GET', path: `/refunds/${segment(refundId)}`, retry: true, signal: options.signal });
  }

  /** The ids of a payment's refunds. */
  list(paymentId: string, options: CallOptions = {}): Promise<{ refundIds: string[] }> {
    return this.#transport.send({ method: 'GET', path: '/refunds', query: { paymentId }, retry: true, signal: options.signal });
  }

  /** Polls the refund until its status is one of `until` or final, honouring `pollDelayInMs`. */
  waitForState(refundId: string, options: WaitOptions<RefundStatus>): Promise<Refund> {
    return pollUntil((signal) => this.get(refundId, { signal }), FINAL, options);
  }

  /** Pays a reserved refund out. Retried: a repeated capture is answered 200. */
  async capture(refundId: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.send({ method: 'POST', path: `/refunds/${segment(refundId)}/capture`, retry: true, signal: options.signal });
  }

  /** Cancels a refund that is not paid out. Retried: a repeated cancel is answered 200. */
  async cancel(refundId: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.send({ method: 'POST', path: `/refunds/${segment(refundId)}/cancel`, retry: true, signal: options.signal });
  }
}
