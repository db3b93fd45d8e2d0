/**
 * Rate-limit counters behind a small port, so one instance can keep them in memory and several
 * instances can share them in Redis (counter-store.redis.ts).
 *
 * Every counter is a sliding window approximated by two fixed buckets (the current and the
 * previous one): count = previous × (share of the window still covered by it) + current. It costs
 * two integers per key and one round trip per decision, and never lets more than `max` events
 * through in any window by more than the approximation's small error.
 */

/** One limit: at most `max` events per `windowMs` under `key`. */
export interface Limit {
  readonly key: string;
  readonly max: number;
  readonly windowMs: number;
}

export interface CounterStore {
  /**
   * Admits one event when every limit in `check` and in `take` still has room, and if so counts it
   * against each limit in `take`. One round trip. Answers 0 when admitted, else the milliseconds
   * until the fullest limit has room again (nothing is counted then).
   */
  attempt(check: readonly Limit[], take: readonly Limit[], nowMs: number): Promise<number>;
  /** Adds `amount` (1, or -1 to give back a `take`) to each limit's current bucket. One round trip. */
  add(changes: readonly { limit: Limit; amount: number }[], nowMs: number): Promise<void>;
  close(): Promise<void>;
}

/** The sliding count from the two buckets; `elapsedMs` is the time since the current bucket began. */
export function slidingCount(previous: number, current: number, elapsedMs: number, windowMs: number): number {
  return previous * (1 - elapsedMs / windowMs) + current;
}

/**
 * Milliseconds until one more event fits under `max`, when no further events arrive.
 * Within the current bucket the previous bucket's weight falls linearly; once the next bucket
 * begins, the current one becomes the previous and falls in turn.
 */
export function msUntilRoom(previous: number, current: number, elapsedMs: number, limit: Limit): number {
  const { max, windowMs } = limit;
  if (slidingCount(previous, current, elapsedMs, windowMs) + 1 <= max) return 0;
  if (current + 1 <= max && previous > 0) {
    // previous × (1 − t / window) + current + 1 ≤ max  ⇒  t ≥ window × (1 − (max − current − 1) / previous)
    const t = windowMs * (1 - (max - current - 1) / previous);
    return Math.max(1, Math.ceil(t - elapsedMs));
  }
  // Wait for the next bucket, then for the current one's weight to fall far enough.
  const untilNext = windowMs - elapsedMs;
  const t = current > 0 ? windowMs * (1 - (max - 1) / current) : 0;
  return Math.max(1, Math.ceil(untilNext + Math.max(0, t)));
}

/** Which bucket `nowMs` falls in, and how far into it. */
export function bucketOf(nowMs: number, windowMs: number): { index: number; elapsedMs: number } {
  const index = Math.floor(nowMs / windowMs);
  return { index, elapsedMs: nowMs - index * windowMs };
}

interface Buckets {
  index: number;
  previous: number;
  current: number;
  windowMs: number;
}

/**
 * Counters in this process's memory: right for a single instance. Bounded, so a flood of made-up
 * client ids or addresses cannot grow it without limit (the oldest key goes first).
 */
export class MemoryCounterStore implements CounterStore {
  readonly #buckets = new Map<string, Buckets>();

  constructor(private readonly maxKeys = 100_000) {}

  attempt(check: readonly Limit[], take: readonly Limit[], nowMs: number): Promise<number> {
    let wait = 0;
    for (const limit of [...check, ...take]) {
      const b = this.#roll(limit, nowMs);
      const { elapsedMs } = bucketOf(nowMs, limit.windowMs);
      wait = Math.max(wait, msUntilRoom(b.previous, b.current, elapsedMs, limit));
    }
    if (wait > 0) return Promise.resolve(wait);
    for (const limit of take) this.#roll(limit, nowMs).current += 1;
    return Promise.resolve(0);
  }

  add(changes: readonly { limit: Limit; amount: number }[], nowMs: number): Promise<void> {
    for (const { limit, amount } of changes) {
      const b = this.#roll(limit, nowMs);
      b.current = Math.max(0, b.current + amount);
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#buckets.clear();
    return Promise.resolve();
  }

  /** The key's buckets moved forward to the bucket `nowMs` falls in. */
  #roll(limit: Limit, nowMs: number): Buckets {
    const { index } = bucketOf(nowMs, limit.windowMs);
    let b = this.#buckets.get(limit.key);
    if (b === undefined || b.windowMs !== limit.windowMs) {
      if (this.#buckets.size >= this.maxKeys) {
        const oldest = this.#buckets.keys().next();
        if (oldest.done !== true) this.#buckets.delete(oldest.value);
      }
      b = { index, previous: 0, current: 0, windowMs: limit.windowMs };
      this.#buckets.set(limit.key, b);
    } else if (b.index !== index) {
      b.previous = b.index === index - 1 ? b.current : 0;
      b.current = 0;
      b.index = index;
    }
    return b;
  }
}
