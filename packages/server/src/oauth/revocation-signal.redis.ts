/**
 * Makes a revocation visible to every instance at once when the instances share a Redis: each
 * revocation bumps a counter after its row is committed, and each check reads the counter (one
 * round trip, no database query) and reloads the revoked set only when it moved. Without Redis an
 * instance learns of another's revocations within POSV10_REVOCATION_CACHE_SECONDS.
 */
import { Redis } from 'ioredis';

/** A shared "something was revoked" counter. */
export interface RevocationSignal {
  /** The counter now; rejects when the shared store does not answer. */
  generation(): Promise<string>;
  /** Moves the counter; called after the revocation row is committed. */
  bump(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Whether the counter moved away from `seen` (the generation a cache last loaded at); false, after
 * telling `onError`, when the shared store does not answer, so the caller keeps its timed refresh.
 */
export async function signalMoved(signal: RevocationSignal, seen: string | undefined, onError: (err: unknown) => void): Promise<boolean> {
  try {
    return (await signal.generation()) !== seen;
  } catch (err) {
    onError(err);
    return false;
  }
}

export class RedisRevocationSignal implements RevocationSignal {
  readonly #redis: Redis;
  readonly #key: string;

  /** @param name what is counted (`certificates` for imported certificates); `revocations` by default. */
  constructor(url: string, prefix: string, name = 'revocations') {
    // As for the rate-limit counters: fail fast, and let the caller fall back to its timed refresh.
    // Connects on first use, so a process that never checks a token (a CLI command) holds no socket.
    this.#redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500, enableAutoPipelining: true, lazyConnect: true });
    this.#redis.on('error', () => {});
    this.#key = `${prefix}${name}:generation`;
  }

  async generation(): Promise<string> {
    return (await this.#redis.get(this.#key)) ?? '0';
  }

  async bump(): Promise<void> {
    await this.#redis.incr(this.#key);
  }

  async close(): Promise<void> {
    // Nothing to flush: drop the connection (quit() would wait on a Redis that never answered).
    this.#redis.disconnect();
  }
}
