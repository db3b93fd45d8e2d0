/**
 * Polling that honours the server's `pollDelayInMs`: the next read starts no sooner than that long
 * after the previous answer arrived.
 *
 * @see https://developer.mobilepay.dk/docs/pos/api-principles#call-throttling
 */
import { sleep } from './abort.js';

/** When the server sends no usable `pollDelayInMs`: MobilePay allows at most one poll per second. */
const DEFAULT_POLL_DELAY_MS = 1000;

/** Options of `waitForState`. */
export interface WaitOptions<S extends string> {
  /** The states to wait for. The wait also ends in a final state (one that cannot change again). */
  readonly until: readonly S[];
  /** Ends the wait; combine with `AbortSignal.timeout(ms)` for a deadline. */
  readonly signal?: AbortSignal;
}

/** Reads with `read` until the status is in `until` or in `final`, sleeping `pollDelayInMs` between reads. */
export async function pollUntil<T extends { status: S; pollDelayInMs: number }, S extends string>(
  read: (signal: AbortSignal | undefined) => Promise<T>,
  final: ReadonlySet<S>,
  options: WaitOptions<S>,
): Promise<T> {
  const wanted = new Set<S>(options.until);
  for (;;) {
    const current = await read(options.signal);
    if (wanted.has(current.status) || final.has(current.status)) return current;
    const delay = Number.isFinite(current.pollDelayInMs) && current.pollDelayInMs >= 0 ? current.pollDelayInMs : DEFAULT_POLL_DELAY_MS;
    await sleep(delay, options.signal);
  }
}
