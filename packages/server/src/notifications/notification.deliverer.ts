/**
 * The deliverer: takes due notifications from the outbox and POSTs each to its alias's endpoint,
 * signed. It runs beside the HTTP server (started by `posv10 serve`, stopped on close), never inside
 * a request, so a slow or failing endpoint never delays or fails a check-in.
 *
 * A notification is claimed before it is sent (notification.repository.ts `claimDue`): on
 * PostgreSQL several instances take disjoint rows, and a claim lapses after `LEASE_MS`, so a
 * notification whose instance died mid-send is sent again after a restart or by another instance.
 * Notifications are claimed, sent and recorded a batch at a time: the batch's aliases are read in
 * one query, and once every attempt of the batch has answered they are all recorded with their
 * outcomes in one transaction (one UPDATE, one INSERT), while the next batch is already claimed
 * and on its way. A notification delivered but not yet recorded when its instance dies is sent
 * again when its claim lapses (at least once, as with any send before its record).
 * Every attempt is recorded with its outcome; anything but 200 is retried after a growing delay
 * (`backoffMs` × 3ⁿ: 2 s, 6 s, 18 s by default, so three retries end within 45 s even when each
 * waits out its 5 s timeout); when the retries are used up the notification is `failed`, listed by
 * `posv10 callback deliveries` and resent by `posv10 callback resend`.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { newId, randomToken } from '../shared/random.ts';
import * as repo from './notification.repository.ts';
import type { CallbackAliasRow, NotificationRow } from './notification.repository.ts';
import type { NotificationSender, SendOutcome } from './notification.sender.ts';
import { ATTEMPT_TIMEOUT_MS } from './notification.sender.ts';
import { signatureHeader, SIGNATURE_HEADER } from './signature.ts';
import type { SigningSecrets } from './signing-secrets.ts';

/** How long a claim holds: longer than an attempt can take, so a live sender never loses it. */
const LEASE_MS = ATTEMPT_TIMEOUT_MS + 10_000;
/** How often an idle deliverer looks for due notifications (a check-in here also wakes it at once). */
const POLL_MS = 200;
/**
 * Notifications claimed at once by one instance; two such batches may be in flight (the sender's
 * agent has a socket per endpoint for each). 64 rather than 32: every claim and every record is a
 * transaction, and SQLite writes each one's pages whole, so bigger batches share them.
 */
const BATCH = 64;
/** Longest error text kept per attempt. */
const MAX_ERROR = 300;

export interface DelivererPorts {
  readonly db: Db;
  readonly clock: Clock;
  readonly sender: NotificationSender;
  readonly secrets: SigningSecrets;
  /** Retries after the first attempt (POSV10_NOTIFICATION_RETRIES). */
  readonly retries: number;
  /** The delay before the first retry; each later one is three times the previous. */
  readonly backoffMs: number;
  readonly onError: (err: unknown) => void;
  /** Told each attempt's outcome (metrics); must neither throw nor wait. */
  readonly onAttempt?: (outcome: 'delivered' | 'retry' | 'failed') => void;
}

/** The documented body (notification-service.md), field order as published. */
export function notificationBody(
  n: Pick<NotificationRow, 'merchant_id' | 'merchant_brand_id' | 'merchant_location_id' | 'merchant_pos_id' | 'pos_id'>,
): string {
  return JSON.stringify({
    MerchantId: n.merchant_id,
    MerchantBrandId: n.merchant_brand_id,
    MerchantLocationId: n.merchant_location_id,
    MerchantPosId: n.merchant_pos_id,
    PosId: n.pos_id,
  });
}

/** A claimed batch, with the claim's token (only it may record the batch's outcomes). */
type Claimed = NotificationRow[] & { readonly token: string };

/** One attempt's outcome: what changes on the notification, and the attempt's own row. */
interface Attempted {
  readonly result: repo.AttemptResult;
  readonly attempt: repo.NotificationAttemptRow;
}

export class NotificationDeliverer {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  /** A wake-up arrived while a pass was running: run another right after it. */
  #again = false;

  constructor(private readonly ports: DelivererPorts) {}

  /** Starts delivering in the background until `stop()`. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops the loop and waits for attempts in flight (each ends within its timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** A notification was queued in this process: look now rather than at the next poll. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running !== undefined) this.#again = true;
    else this.#schedule(0);
  }

  /**
   * One pass: claims the due notifications, a batch at a time, and sends them; answers how many
   * were attempted. The next batch is claimed and sent while the previous one's answers are still
   * awaited (two batches in flight at most), so the claim's round trip and each batch's slowest
   * answer do not leave the pipe empty.
   */
  async runOnce(): Promise<number> {
    let total = 0;
    let previous: Promise<void> | undefined;
    try {
      for (;;) {
        const claimed = await this.#claim();
        total += claimed.length;
        const current = claimed.length > 0 ? this.#deliver(claimed) : undefined;
        await previous;
        previous = current;
        if (claimed.length < BATCH || this.#stopped) return total;
      }
    } finally {
      await previous;
    }
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), ms);
    this.#timer.unref();
  }

  #tick(): void {
    if (this.#stopped || this.#running !== undefined) return;
    this.#again = false;
    this.#running = this.runOnce()
      .then(
        () => undefined,
        (err: unknown) => this.ports.onError(err),
      )
      .finally(() => {
        this.#running = undefined;
        if (!this.#stopped) this.#schedule(this.#again ? 0 : POLL_MS);
      });
  }

  async #claim(): Promise<Claimed> {
    const { db, clock } = this.ports;
    const now = clock.now();
    const token = randomToken(16);
    const rows = await repo.claimDue(db, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString(), token, BATCH);
    return Object.assign(rows, { token });
  }

  /**
   * Sends one claimed batch (its aliases read in one query) and records every attempt with its
   * outcome in one transaction once all have answered. Never rejects: an error is reported, and the
   * claims it left unrecorded lapse, so those notifications are sent again.
   */
  async #deliver(claimed: Claimed): Promise<void> {
    const { db } = this.ports;
    try {
      const aliases = await repo.findAliases(db, [...new Set(claimed.map((n) => n.alias))]);
      const attempts: Attempted[] = [];
      for (const settled of await Promise.allSettled(claimed.map((n) => this.#attempt(n, aliases.get(n.alias))))) {
        if (settled.status === 'fulfilled') attempts.push(settled.value);
        else this.ports.onError(settled.reason);
      }
      await db.transaction().execute(async (trx) => {
        const held = new Set(
          await repo.finishAttempts(
            trx,
            claimed.token,
            attempts.map((a) => a.result),
          ),
        );
        await repo.insertAttempts(
          trx,
          attempts.filter((a) => held.has(a.result.id)).map((a) => a.attempt),
        );
      });
    } catch (err) {
      this.ports.onError(err);
    }
  }

  /** Sends one claimed notification; answers its outcome as the row changes to record. */
  async #attempt(n: NotificationRow, alias: CallbackAliasRow | undefined): Promise<Attempted> {
    const { clock, sender, secrets } = this.ports;
    const startedAt = clock.now();
    const started = performance.now();
    const removed = alias === undefined || alias.removed_at !== null;
    let outcome: SendOutcome;
    if (removed) {
      outcome = { error: `callback alias ${n.alias} was removed` };
    } else {
      const body = notificationBody(n);
      const t = Math.floor(startedAt.getTime() / 1000);
      const secret = secrets.open(alias);
      outcome = await sender.send({ url: alias.url, body, headers: { [SIGNATURE_HEADER]: signatureHeader(secret, t, body) } });
    }
    const durationMs = Math.round(performance.now() - started);
    const delivered = 'status' in outcome && outcome.status === 200;
    const error = delivered ? null : 'status' in outcome ? `answered ${outcome.status}` : outcome.error.slice(0, MAX_ERROR);
    const attempts = n.attempts + 1;
    const finishedAt = clock.now();
    const gaveUp = !delivered && (attempts > this.ports.retries || removed);
    const state = delivered ? ('delivered' as const) : gaveUp ? ('failed' as const) : ('pending' as const);
    this.ports.onAttempt?.(state === 'pending' ? 'retry' : state);
    return {
      result: {
        id: n.id,
        state,
        next_attempt_at: delivered || gaveUp ? n.next_attempt_at : new Date(finishedAt.getTime() + this.#backoff(attempts)).toISOString(),
        last_error: error,
        finished_at: delivered || gaveUp ? finishedAt.toISOString() : null,
      },
      attempt: {
        id: newId(),
        notification_id: n.id,
        started_at: startedAt.toISOString(),
        duration_ms: durationMs,
        status: 'status' in outcome ? outcome.status : null,
        error,
      },
    };
  }

  /** The delay after the `attempts`-th failed attempt. */
  #backoff(attempts: number): number {
    return this.ports.backoffMs * 3 ** (attempts - 1);
  }
}
