/**
 * What a call can fail with. Each error keeps what a support request needs: the HTTP status, the
 * PoS code and the correlation id.
 */

/**
 * The PoS V10 API answered with an error: `{code, message, correlationId}`.
 *
 * @example
 * ```ts
 * try {
 *   await pos.payments.initiate({ posId, orderId, amount: 12.5, currencyCode: 'DKK', plannedCaptureDelay: 'None' });
 * } catch (err) {
 *   if (err instanceof PosV10Error && err.code === '1301') await pos.payments.recoverActive({ posId });
 *   else throw err;
 * }
 * ```
 * @see https://developer.mobilepay.dk/docs/pos/api-errors
 */
export class PosV10Error extends Error {
  override readonly name = 'PosV10Error';
  /** The HTTP status, e.g. 409. */
  readonly status: number;
  /** The PoS error code, e.g. `'1301'`; `undefined` when the answer had no PoS error body. */
  readonly code: string | undefined;
  /** The correlation id to quote to support: from the body, else the `x-correlation-id` header. */
  readonly correlationId: string | undefined;

  constructor(status: number, code: string | undefined, message: string, correlationId: string | undefined) {
    super(message);
    this.status = status;
    this.code = code;
    this.correlationId = correlationId;
  }
}

/**
 * The token endpoint refused the client: the RFC 6749 §5.2 `error` (`invalid_client`,
 * `invalid_request`, `slow_down`, …) and its description.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export class PosV10AuthError extends Error {
  override readonly name = 'PosV10AuthError';
  /** The HTTP status of the token endpoint's answer. */
  readonly status: number;
  /** The RFC 6749 error code, e.g. `'invalid_client'`. */
  readonly error: string;
  /** The server's `error_description`, if it sent one. */
  readonly errorDescription: string | undefined;

  constructor(status: number, error: string, errorDescription: string | undefined) {
    super(errorDescription !== undefined ? `${error}: ${errorDescription}` : error);
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
  }
}

/**
 * No answer arrived (connection refused or reset, DNS, timeout), after the retries the call allows.
 * The request may or may not have taken effect: read the resource before deciding (for a lost
 * payment, `payments.recoverActive`).
 */
export class PosV10NetworkError extends Error {
  override readonly name = 'PosV10NetworkError';
  /** Whether the last attempt ran out of time rather than failing outright. */
  readonly timedOut: boolean;

  constructor(message: string, timedOut: boolean, cause: unknown) {
    super(message, { cause });
    this.timedOut = timedOut;
  }
}
