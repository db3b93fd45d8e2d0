/**
 * One HTTP exchange with a timeout per attempt and, for calls safe to repeat, retries on network
 * errors, timeouts, 5xx and 429. The caller decides what is safe; this module only counts and waits.
 */
import { eitherSignal, sleep } from './abort.js';
import { PosV10NetworkError } from './errors.js';
import { backoffMs, isTransientStatus, retryAfterMs, type RetryPolicy } from './retry.js';

/** The `fetch` the SDK calls: the platform's, or one the caller injects (tests, proxies, instrumentation). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** An answer read whole: status, headers and body text. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** One request and the rules for sending it again. */
export interface Exchange {
  readonly fetch: FetchLike;
  readonly url: string;
  readonly init: RequestInit;
  /** Each attempt's time limit. */
  readonly timeoutMs: number;
  /** Whether the call may be sent again (the request is idempotent, or carries an idempotency key). */
  readonly retry: boolean;
  readonly policy: RetryPolicy;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Sends the request until it gets an answer that is not transient, or retries run out. Resolves
 * with the last answer, whatever its status (the caller maps errors); rejects with
 * PosV10NetworkError when no answer came, or with the signal's reason when the caller aborted.
 */
export async function fetchRetrying(exchange: Exchange): Promise<Answer> {
  const { policy, signal } = exchange;
  for (let retry = 0; ; retry += 1) {
    signal?.throwIfAborted();
    const canRetry = exchange.retry && retry < policy.retries;
    const timeout = AbortSignal.timeout(exchange.timeoutMs);
    const both = signal === undefined ? undefined : eitherSignal(signal, timeout);
    let response: Answer;
    try {
      const res = await exchange.fetch(exchange.url, { ...exchange.init, signal: both?.signal ?? timeout });
      // Read the body under the same time limit: an answer cut off halfway is no answer.
      response = { status: res.status, headers: res.headers, text: await res.text() };
    } catch (err) {
      if (signal?.aborted === true) throw signal.reason;
      const failure = new PosV10NetworkError(
        timeout.aborted
          ? `${exchange.init.method} ${exchange.url}: no answer within ${exchange.timeoutMs} ms`
          : `${exchange.init.method} ${exchange.url}: ${String(err)}`,
        timeout.aborted,
        err,
      );
      if (!canRetry) throw failure;
      await sleep(backoffMs(policy, retry), signal);
      continue;
    } finally {
      both?.dispose();
    }
    if (!canRetry || !isTransientStatus(response.status)) return response;
    const asked = retryAfterMs(response.headers.get('retry-after'));
    if (asked !== undefined && asked > policy.maxDelayMs) return response;
    await sleep(Math.max(asked ?? 0, backoffMs(policy, retry)), signal);
  }
}
