/**
 * The background expiry sweep: payments and refunds whose deadline has passed are ended even when
 * nobody reads them (reads expire what they touch as well, see the payment and refund services).
 * Every change goes through the state machines with a state-checked update, so several instances
 * sweeping one database, or a sweep racing a request, cannot both apply an event.
 */
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { expireDuePayments } from './payments/payment.service.ts';
import { expireDueRefunds } from './refunds/refund.service.ts';

/** Rows per query; a pass repeats until a batch comes back short. */
const BATCH = 100;

/** One full pass: expires everything due at `clock.now()`. Returns how many payments and refunds it moved. */
export async function sweepExpired(db: Db, clock: Clock): Promise<{ payments: number; refunds: number }> {
  return { payments: await drain((limit) => expireDuePayments(db, clock, limit)), refunds: await drain((limit) => expireDueRefunds(db, clock, limit)) };
}

/** Runs `batch` until it moves fewer than a full batch; returns the total moved. */
async function drain(batch: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const moved = await batch(BATCH);
    total += moved;
    if (moved < BATCH) return total;
  }
}

/**
 * Runs `sweepExpired` every `intervalSeconds` on an unref'd timer (it never keeps the process
 * alive), one pass at a time. Returns the function that stops it and waits for a running pass.
 */
export function startExpirySweep(db: Db, clock: Clock, intervalSeconds: number, onError: (err: unknown) => void): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= sweepExpired(db, clock)
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
      });
  }, intervalSeconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
