import type { InitiatePaymentRequest, Payment, PaymentReadyRequest, PaymentStatus, PreparePaymentRequest } from '../contract.js';
import { pollUntil, type WaitOptions } from '../polling.js';
import { segment, type CallOptions, type CreateOptions, type Transport } from '../transport.js';

/** States a payment never leaves. */
const FINAL: ReadonlySet<PaymentStatus> = new Set(['Captured', 'CancelledByUser', 'CancelledByClient', 'CancelledByMobilePay', 'ExpiredAndCancelled']);
/** States that hold the PoS: only one payment per PoS may be in one of them (else 409 `1301`). */
const ACTIVE: ReadonlySet<PaymentStatus> = new Set(['Prepared', 'Paired', 'Initiated', 'IssuedToUser']);

/** Filters of `payments.list`: a PoS, an order or both. */
export interface PaymentFilter {
  readonly posId?: string;
  readonly orderId?: string;
  /** `Captured` lists captured payments instead of the active and reserved ones. */
  readonly state?: 'Captured';
}

/** What `recoverActive` did. */
export interface RecoveredPayments {
  /** The active payments it cancelled (now `CancelledByClient`): the PoS is free for a new one. */
  readonly cancelled: Payment[];
  /**
   * Reserved payments it found and left alone: only the till knows whether to capture or cancel
   * them (MobilePay's best practices forbid guessing).
   */
  readonly reserved: Payment[];
}

/**
 * Payments (`/pos/v10/payments`): initiate (or prepare and ready), wait for the customer, capture
 * or cancel.
 *
 * @see https://developer.mobilepay.dk/docs/pos/payment-flows/payment-flow
 */
export class Payments {
  readonly #transport: Transport;

  /** @internal Made by PosV10Client. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Starts a payment at a PoS: `Initiated`, or `IssuedToUser` at once when a customer is checked in.
   * Retried with the same idempotency key, so a lost answer never makes two payments. A PoS with an
   * active payment answers 409 `1301`: see `recoverActive`.
   *
   * @example
   * ```ts
   * const { paymentId } = await pos.payments.initiate({ posId, orderId: 'ORDER-1', amount: 12.5, currencyCode: 'DKK', plannedCaptureDelay: 'None' });
   * ```
   */
  initiate(request: InitiatePaymentRequest, options: CreateOptions = {}): Promise<{ paymentId: string }> {
    return this.#create('/payments', request, options);
  }

  /** Prepares a payment whose amount comes later (`ready`): for loyalty, when the customer matters first. */
  prepare(request: PreparePaymentRequest, options: CreateOptions = {}): Promise<{ paymentId: string }> {
    return this.#create('/payments/prepare', request, options);
  }

  /** Gives a prepared payment its amount and issues it to the customer. Not retried: read the payment if it fails. */
  async ready(paymentId: string, request: PaymentReadyRequest, options: CallOptions = {}): Promise<void> {
    await this.#transport.send({ method: 'POST', path: `/payments/${segment(paymentId)}/ready`, body: request, retry: false, signal: options.signal });
  }

  /** One payment, with its status and `pollDelayInMs`. */
  get(paymentId: string, options: CallOptions = {}): Promise<Payment> {
    return this.#transport.send({ method: 'GET', path: `/payments/${segment(paymentId)}`, retry: true, signal: options.signal });
  }

  /** The ids of a PoS's or an order's active and reserved payments (or captured ones, with `state`). */
  list(filter: PaymentFilter, options: CallOptions = {}): Promise<{ paymentIds: string[] }> {
    return this.#transport.send({ method: 'GET', path: '/payments', query: { ...filter }, retry: true, signal: options.signal });
  }

  /**
   * Polls the payment until its status is one of `until`, or final (captured, cancelled, expired),
   * waiting `pollDelayInMs` after each answer as the API requires. Check the returned status.
   *
   * @example
   * ```ts
   * const payment = await pos.payments.waitForState(paymentId, { until: ['Reserved'], signal: AbortSignal.timeout(120_000) });
   * if (payment.status === 'Reserved') await pos.payments.capture(paymentId, payment.amount ?? 0);
   * ```
   */
  waitForState(paymentId: string, options: WaitOptions<PaymentStatus>): Promise<Payment> {
    return pollUntil((signal) => this.get(paymentId, { signal }), FINAL, options);
  }

  /**
   * Captures a reserved payment, in full or (where `partialCapturePossible`) in part. Retried: a
   * repeated capture of the same amount is answered 200.
   */
  async capture(paymentId: string, amount: number, options: CallOptions = {}): Promise<void> {
    await this.#transport.send({ method: 'POST', path: `/payments/${segment(paymentId)}/capture`, body: { amount }, retry: true, signal: options.signal });
  }

  /** Cancels a payment that is not captured. Retried: a repeated cancel is answered 200. */
  async cancel(paymentId: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.send({ method: 'POST', path: `/payments/${segment(paymentId)}/cancel`, retry: true, signal: options.signal });
  }

  /**
   * Frees a PoS whose payment flow was lost (a till restarted mid-payment, or `initiate` answered
   * 409 `1301`): finds the PoS's (and, given `orderId`, that order's) payments and cancels the ones
   * still active. Reserved payments are returned, not touched: capture or cancel them yourself.
   *
   * @see https://developer.mobilepay.dk/docs/pos/payment-flows/payment-flow-error-handling
   * @example
   * ```ts
   * const { reserved } = await pos.payments.recoverActive({ posId, orderId: unfinishedOrderId });
   * for (const p of reserved) await pos.payments.capture(p.paymentId, p.amount ?? 0); // the customer did pay
   * ```
   */
  async recoverActive(filter: { posId: string; orderId?: string }, options: CallOptions = {}): Promise<RecoveredPayments> {
    const { paymentIds } = await this.list(filter, options);
    const recovered: RecoveredPayments = { cancelled: [], reserved: [] };
    for (const paymentId of paymentIds) {
      const payment = await this.get(paymentId, options);
      if (ACTIVE.has(payment.status)) {
        await this.cancel(paymentId, options);
        recovered.cancelled.push(await this.get(paymentId, options));
      } else if (payment.status === 'Reserved') {
        recovered.reserved.push(payment);
      }
    }
    return recovered;
  }

  #create(path: string, body: unknown, options: CreateOptions): Promise<{ paymentId: string }> {
    return this.#transport.send({
      method: 'POST',
      path,
      body,
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      retry: true,
      signal: options.signal,
    });
  }
}
