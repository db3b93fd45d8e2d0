/**
 * Idempotency keys (SPEC §3 rule 5): the first request with a key claims it with an INSERT (the
 * primary key makes exactly one claim win, on SQLite and PostgreSQL alike), runs, and stores its
 * answer; a retry with the same request gets that answer; the same key with another request is
 * 409 1306. A concurrent duplicate waits for the first request's answer. Keys live in the
 * database for at least 24 hours, so they hold across restarts and instances.
 */
import { createHash } from 'node:crypto';
import type { CreateQuery, Database, Db } from '../../db/database.ts';
import { digestsEqual } from '../../shared/compare.ts';
import { PosError } from '../pos.errors.ts';
import type { PosPorts } from '../pos.ports.ts';
import * as repo from './idempotency.repository.ts';

/** SPEC §3: kept at least 24 h. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** How often expired keys are swept (at most), by the injected clock. */
const SWEEP_INTERVAL_MS = 60_000;
/** A duplicate waits this long in all for the first request to answer. */
const WAIT_TOTAL_MS = 10_000;
const WAIT_STEP_MS = 25;
/** An unanswered claim this old belongs to a request that died (a crash, a restart): it may be taken over. */
const ABANDONED_AFTER_MS = 60_000;

export interface IdempotentRequest {
  readonly scope: string;
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/**
 * Writes a creating request's answer with resource `id` (see `answerInTransaction` in
 * idempotency.hooks.ts): called inside the transaction that creates it, just after the insert.
 */
export interface AnswerWriter {
  (trx: Db, id: string): Promise<void>;
  /**
   * PostgreSQL only: runs `create` and stores the answer for `id` in one statement (a
   * data-modifying CTE is atomic on its own), instead of BEGIN, INSERT, UPDATE, COMMIT.
   */
  together<T extends keyof Database>(db: Db, create: CreateQuery<T>, id: string): Promise<void>;
}

/** A stored answer to replay. */
export interface StoredResponse {
  readonly status: number;
  readonly body: string;
}

export type ClaimResult = { readonly kind: 'claimed' } | { readonly kind: 'replay'; readonly response: StoredResponse };

/** JSON with object keys sorted, so that key order does not make two equal bodies differ. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(request: Pick<IdempotentRequest, 'method' | 'path' | 'body'>): string {
  return createHash('sha256')
    .update(`${request.method}\n${request.path}\n${canonicalJson(request.body ?? null)}`, 'utf8')
    .digest('hex');
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class IdempotencyService {
  #nextSweepAt = 0;

  constructor(private readonly deps: PosPorts) {}

  /**
   * Claims the key for this request, or returns the answer stored for it. Throws 409 1306 when
   * the key was used for another request.
   */
  async claim(request: IdempotentRequest): Promise<ClaimResult> {
    await this.sweepIfDue();
    const hash = requestHash(request);
    const deadline = Date.now() + WAIT_TOTAL_MS;
    for (;;) {
      const now = this.deps.clock.now();
      const claimed = await repo.claimKey(this.deps.db, {
        scope: request.scope,
        key: request.key,
        request_hash: hash,
        status: null,
        response: null,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_SECONDS * 1000).toISOString(),
      });
      if (claimed) return { kind: 'claimed' };
      const existing = await repo.findKey(this.deps.db, request.scope, request.key);
      // Released between our insert and this read: try to claim again.
      if (existing === undefined) continue;
      if (!digestsEqual(existing.request_hash, hash)) throw new PosError('idempotency_key_reused');
      if (existing.status !== null && existing.response !== null) {
        this.deps.observer?.idempotentReplay();
        return { kind: 'replay', response: { status: existing.status, body: existing.response } };
      }
      if (Date.parse(existing.created_at) <= now.getTime() - ABANDONED_AFTER_MS) {
        await repo.releaseKey(this.deps.db, request.scope, request.key);
        continue;
      }
      // The first request is still running: wait for its answer rather than run twice.
      if (Date.now() >= deadline) throw new PosError('idempotency_key_reused', 'A request with this idempotency key is still being processed; retry later');
      await pause(WAIT_STEP_MS);
    }
  }

  /**
   * Stores the answer of the request that claimed the key; in `trx` when given, so that it commits
   * with what the request wrote. A key that already has an answer keeps it.
   */
  async complete(scope: string, key: string, response: StoredResponse, trx: Db = this.deps.db): Promise<void> {
    await repo.completeKey(trx, scope, key, response.status, response.body);
  }

  /** `complete` in the statement that runs `create` (PostgreSQL: see `AnswerWriter.together`). */
  async completeWith<T extends keyof Database>(db: Db, create: CreateQuery<T>, scope: string, key: string, response: StoredResponse): Promise<void> {
    await repo.createAndCompleteKey(db, create, scope, key, response.status, response.body);
  }

  /** Gives the key up after a failure (5xx), so a retry runs the request again. */
  async release(scope: string, key: string): Promise<void> {
    await repo.releaseKey(this.deps.db, scope, key);
  }

  /** Deletes expired keys; returns how many. */
  sweep(): Promise<number> {
    return repo.deleteExpiredKeys(this.deps.db, this.deps.clock.now().toISOString());
  }

  private async sweepIfDue(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (now < this.#nextSweepAt) return;
    this.#nextSweepAt = now + SWEEP_INTERVAL_MS;
    await this.sweep();
  }
}
