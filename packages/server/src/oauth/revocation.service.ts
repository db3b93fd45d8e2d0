/**
 * Revoked access tokens (RFC 7009): recorded by jti in the database, and known to every instance
 * through an in-memory set that is brought up to date at most `cacheSeconds` after it was last
 * read. `isRevoked` is therefore a set lookup on almost every call (the PoS guard calls it per
 * request), and a revocation made on any instance is seen everywhere within `cacheSeconds`.
 * @see RFC 7009 §2
 */
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import { CLOCK_SKEW_SECONDS, type AccessTokenClaims } from './access-token.ts';
import * as repo from './revoked-token.repository.ts';
import { signalMoved, type RevocationSignal } from './revocation-signal.redis.ts';

/**
 * Each refresh re-reads revocations from a little before the previous one, so a row written by an
 * instance whose clock runs behind ours (or whose transaction committed late) is not missed.
 */
const REFRESH_OVERLAP_MS = 60_000;
/** Expired revocations are swept at most this often, by whichever instance refreshes. */
const SWEEP_EVERY_MS = 10 * 60_000;

export class RevocationService {
  /** Revoked jti → the token's expiry (ms), for tokens not yet expired. */
  readonly #revoked = new Map<string, number>();
  /** When the set was last brought up to date (ms); undefined before the first load. */
  #loadedAt: number | undefined;
  #refreshing: Promise<void> | undefined;
  #lastSweep = 0;
  /** The shared counter's value when the set was last loaded; undefined when unknown. */
  #generation: string | undefined;

  /**
   * @param signal a counter shared by every instance (Redis): with it, a revocation anywhere is
   *   seen by the next check everywhere; without it, within `cacheSeconds`.
   * @param onSignalError told when the shared counter does not answer; checks fall back to cacheSeconds.
   */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cacheSeconds: number,
    private readonly signal?: RevocationSignal,
    private readonly onSignalError: (err: unknown) => void = () => {},
  ) {}

  /**
   * Whether the token with this jti was revoked. Answers from memory while the set is fresher than
   * `cacheSeconds`; otherwise refreshes it first (one query, shared by concurrent callers).
   * @example if (await revocations.isRevoked(claims.jti)) throw invalidToken();
   */
  async isRevoked(jti: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    if (this.#loadedAt === undefined || now - this.#loadedAt >= this.cacheSeconds * 1000) await this.refresh();
    else if (this.signal !== undefined) await this.#followSignal();
    const exp = this.#revoked.get(jti);
    return exp !== undefined && exp > now - CLOCK_SKEW_SECONDS * 1000;
  }

  /** Revokes a verified token: recorded for every instance, and known to this one at once. */
  async revoke(claims: Pick<AccessTokenClaims, 'jti' | 'client_id' | 'exp'>): Promise<void> {
    const expiresAt = claims.exp * 1000;
    await repo.insertRevokedToken(this.db, {
      jti: claims.jti,
      client_id: claims.client_id,
      // Kept past exp by the skew a verifier tolerates, so the token stays refused as long as it could pass.
      expires_at: new Date(expiresAt + CLOCK_SKEW_SECONDS * 1000).toISOString(),
      revoked_at: this.clock.now().toISOString(),
    });
    this.#revoked.set(claims.jti, expiresAt);
    if (this.signal !== undefined) {
      // The row is committed: every other instance's next check reloads. If Redis does not answer,
      // they still see it within cacheSeconds.
      await this.signal.bump().catch((err: unknown) => this.onSignalError(err));
    }
  }

  /** Reloads when another instance revoked something since our last load. */
  async #followSignal(): Promise<void> {
    if (await signalMoved(this.signal!, this.#generation, (err) => this.onSignalError(err))) await this.refresh();
  }

  async close(): Promise<void> {
    await this.signal?.close();
  }

  /** Brings the in-memory set up to date; concurrent callers share one query. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#load().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Deletes revocations of tokens that have expired (plus skew); answers how many went. */
  async sweep(): Promise<number> {
    const now = this.clock.now().getTime();
    this.#lastSweep = now;
    return repo.deleteExpiredRevocations(this.db, new Date(now).toISOString());
  }

  async #load(): Promise<void> {
    const now = this.clock.now().getTime();
    // Read the counter before the rows: a revocation committed in between is loaded now or next time.
    const generation = this.signal !== undefined ? await this.signal.generation().catch(() => undefined) : undefined;
    const since = this.#loadedAt === undefined ? new Date(0) : new Date(this.#loadedAt - REFRESH_OVERLAP_MS);
    const rows = await repo.listRevokedSince(this.db, since.toISOString(), new Date(now).toISOString());
    for (const row of rows) this.#revoked.set(row.jti, new Date(row.expires_at).getTime() - CLOCK_SKEW_SECONDS * 1000);
    for (const [jti, exp] of this.#revoked) if (exp <= now - CLOCK_SKEW_SECONDS * 1000) this.#revoked.delete(jti);
    this.#loadedAt = now;
    this.#generation = generation;
    if (now - this.#lastSweep >= SWEEP_EVERY_MS) await this.sweep();
  }
}
