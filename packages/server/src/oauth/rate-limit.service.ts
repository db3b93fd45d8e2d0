/**
 * Brute-force protection and the per-client token quota of the client-authenticating endpoints.
 *
 * - Failed client authentications are counted per source address and per client id + address.
 *   Over either limit, a request is answered 429 before its secret is looked at. There is
 *   deliberately no limit per client id alone: anyone can send a victim's client id, and such a
 *   limit would let them lock the victim out from its own address.
 * - Tokens issued are counted per client against a generous quota that only a client which does
 *   not cache its tokens can reach.
 *
 * The happy path costs one counter round trip: the failure limits are checked and the quota slot
 * taken in the same `attempt`. When the secret then turns out wrong, the slot is given back and
 * the failure counted, in one more round trip (failures are not the hot path).
 * @see RFC 6749 §2.3.1 ("MUST protect against brute force attacks"), RFC 8628 §3.5 (slow_down)
 */
import type { Clock } from '../shared/clock.ts';
import { sha256Hex } from '../shared/compare.ts';
import type { CounterStore, Limit } from './counter-store.ts';
import { OAuthError } from './oauth.errors.ts';

export interface RateLimitSettings {
  readonly failureWindowSeconds: number;
  /** 0 turns the limit off. */
  readonly failuresPerAddress: number;
  /** 0 turns the limit off. */
  readonly failuresPerClientAddress: number;
  /** Tokens per client per minute; 0 turns the quota off. */
  readonly tokensPerMinute: number;
}

/** What one admitted authentication attempt holds, so its outcome can be recorded. */
export interface Admission {
  readonly failureLimits: readonly Limit[];
  readonly quota: Limit | undefined;
}

/** Keys stay short and free of odd bytes whatever a caller sends as client id. */
function keyPart(value: string): string {
  return /^[0-9A-Za-z._:-]{1,64}$/.test(value) ? value : `h${sha256Hex(value).slice(0, 32)}`;
}

export class TokenRateLimiter {
  /** @param onError told when the counter store fails; the request is then admitted (fail open, see docs/security.md). */
  constructor(
    private readonly store: CounterStore,
    private readonly clock: Clock,
    private readonly settings: RateLimitSettings,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /**
   * Admits one client authentication from `address` naming `clientId`, or throws 429 slow_down with
   * Retry-After. `countsTowardQuota` is true for token requests (introspection and revocation
   * authenticate the client but mint nothing).
   */
  async admit(address: string, clientId: string, countsTowardQuota: boolean): Promise<Admission> {
    const failureLimits = this.#failureLimits(address, clientId);
    const quota =
      countsTowardQuota && this.settings.tokensPerMinute > 0
        ? { key: `q:${keyPart(clientId)}`, max: this.settings.tokensPerMinute, windowMs: 60_000 }
        : undefined;
    const take = quota === undefined ? [] : [quota];
    if (failureLimits.length === 0 && quota === undefined) return { failureLimits, quota };
    let waitMs: number;
    try {
      waitMs = await this.store.attempt(failureLimits, take, this.clock.now().getTime());
    } catch (err) {
      this.onError(err);
      return { failureLimits: [], quota: undefined };
    }
    if (waitMs > 0) {
      const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
      throw new OAuthError('slow_down', 'Too many requests; retry after the time in Retry-After', { status: 429, headers: { 'retry-after': retryAfter } });
    }
    return { failureLimits, quota };
  }

  /** Records a failed authentication: counts it against the failure limits and gives back the quota slot. */
  async failed(admission: Admission): Promise<void> {
    const changes = admission.failureLimits.map((limit) => ({ limit, amount: 1 }));
    if (admission.quota !== undefined) changes.push({ limit: admission.quota, amount: -1 });
    if (changes.length === 0) return;
    try {
      await this.store.add(changes, this.clock.now().getTime());
    } catch (err) {
      this.onError(err);
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }

  #failureLimits(address: string, clientId: string): Limit[] {
    const windowMs = this.settings.failureWindowSeconds * 1000;
    const limits: Limit[] = [];
    const addr = keyPart(address);
    if (this.settings.failuresPerAddress > 0) limits.push({ key: `fa:${addr}`, max: this.settings.failuresPerAddress, windowMs });
    if (this.settings.failuresPerClientAddress > 0)
      limits.push({ key: `fca:${keyPart(clientId)}|${addr}`, max: this.settings.failuresPerClientAddress, windowMs });
    return limits;
  }
}
