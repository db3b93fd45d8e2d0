/**
 * When and how long to wait before trying a call again. MobilePay's API principles: retry network
 * and server errors 2 times by default, never more than 5, with exponential backoff and jitter.
 *
 * @see https://developer.mobilepay.dk/docs/pos/api-principles#retrying-requests
 */

/** How the SDK retries calls that are safe to repeat. */
export interface RetryOptions {
  /** Retries after the first attempt: 2 by default, at most 5 (MobilePay's limit). */
  readonly retries?: number;
  /** The first backoff in milliseconds (default 200); each next one doubles, with jitter. */
  readonly baseDelayMs?: number;
  /** The longest backoff in milliseconds (default 2000); a longer `Retry-After` ends the retries. */
  readonly maxDelayMs?: number;
}

/** RetryOptions with their defaults applied and `retries` clamped to 0–5. */
export interface RetryPolicy {
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The policy for `options`: 2 retries, 200 ms first backoff, 2000 ms longest, unless told otherwise. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const retries = Math.min(5, Math.max(0, Math.floor(options.retries ?? 2)));
  return { retries, baseDelayMs: options.baseDelayMs ?? 200, maxDelayMs: options.maxDelayMs ?? 2000 };
}

/** Whether an HTTP status means "try again later": a server error or 429 Too Many Requests. */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/**
 * The wait before retry number `retry` (0 for the first): exponential, with "equal jitter" (half
 * fixed, half random) so retries of many tills spread out but never come back at once.
 */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** A `Retry-After` header in milliseconds (delta-seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
