/**
 * Which client may call the PoS API at which Major.Minor (production admits certified clients
 * only): the set of unrevoked certificates held in memory and brought up to date at most
 * `cacheSeconds` after it was last loaded — like the revoked-token set, so the check on every PoS
 * call is a set lookup and one query per `cacheSeconds` per instance, however many clients call
 * (an uncertified client hammering production costs no query per call). The set is small: one
 * entry per certified client version.
 *
 * An import or revocation on this instance reloads it at once; other instances see it within
 * `cacheSeconds` (POSV10_REVOCATION_CACHE_SECONDS), or at their next check when a shared counter
 * (Redis) is configured — the same path a token revocation takes.
 */
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/database.ts';
import type { ClientAdmission } from '../pos/pos.ports.ts';
import { signalMoved, type RevocationSignal } from '../oauth/revocation-signal.redis.ts';
import { majorMinorOf } from './certificate.claims.ts';
import { listAdmitted } from './certificate.repository.ts';

const key = (clientId: string, majorMinor: string): string => `${clientId} ${majorMinor}`;

export class CertifiedClients implements ClientAdmission {
  #admitted = new Set<string>();
  #loadedAt: number | undefined;
  #loading: Promise<void> | undefined;
  #generation: string | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cacheSeconds: number,
    private readonly signal?: RevocationSignal,
    private readonly onSignalError: (err: unknown) => void = () => {},
  ) {}

  /** Whether `clientId` holds an unrevoked certificate for the Major.Minor of `version` (Major.Minor.Build). */
  async admits(clientId: string, version: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    if (this.#loadedAt === undefined || now - this.#loadedAt >= this.cacheSeconds * 1000) await this.reload();
    else if (this.signal !== undefined) await this.#followSignal();
    return this.#admitted.has(key(clientId, majorMinorOf(version)));
  }

  /** After an import or revocation here: reload now, and tell the other instances. */
  async changed(): Promise<void> {
    await this.reload();
    await this.signal?.bump().catch((err: unknown) => this.onSignalError(err));
  }

  /** Loads the set; concurrent callers share one query. */
  reload(): Promise<void> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async close(): Promise<void> {
    await this.signal?.close();
  }

  async #followSignal(): Promise<void> {
    if (await signalMoved(this.signal!, this.#generation, (err) => this.onSignalError(err))) await this.reload();
  }

  async #load(): Promise<void> {
    const now = this.clock.now().getTime();
    // The counter before the rows: a change committed in between is loaded now or next time.
    const generation = this.signal !== undefined ? await this.signal.generation().catch(() => undefined) : undefined;
    const rows = await listAdmitted(this.db);
    this.#admitted = new Set(rows.map((r) => key(r.client_id, r.client_version)));
    this.#loadedAt = now;
    this.#generation = generation;
  }
}
