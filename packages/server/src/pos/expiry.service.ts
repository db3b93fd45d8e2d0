/**
 * The background expiry sweep: payments and refunds whose deadline has passed are ended even when
 * nobody reads them (reads expire what they touch as well, see the state-change engine). Every
 * change goes through the state machines with a state-checked update, so several instances
 * sweeping one database, or a sweep racing a request, cannot both apply an event.
 */
import type { PosPorts } from './pos.ports.ts';
import type { PaymentService } from './payments/payment.service.ts';
import type { RefundService } from './refunds/refund.service.ts';

/** Rows per query; a pass repeats until a batch comes back short. */
const BATCH = 100;

/** Runs `batch` until it moves fewer than a full batch; returns the total moved. */
async function drain(batch: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const moved = await batch(BATCH);
    total += moved;
    if (moved < BATCH) return total;
  }
}

export class ExpiryService {
  constructor(private readonly deps: PosPorts & { readonly payments: PaymentService; readonly refunds: RefundService }) {}

  /** One full pass: expires everything due now. Returns how many payments and refunds this pass moved. */
  async sweep(): Promise<{ payments: number; refunds: number }> {
    const { payments, refunds } = this.deps;
    return { payments: await drain((limit) => payments.expireDue(limit)), refunds: await drain((limit) => refunds.expireDue(limit)) };
  }

  /**
   * Runs `sweep` every `intervalSeconds` on an unref'd timer (it never keeps the process alive),
   * one pass at a time. Returns the function that stops it and waits for a running pass.
   */
  start(intervalSeconds: number, onError: (err: unknown) => void): () => Promise<void> {
    let running: Promise<void> | undefined;
    const timer = setInterval(() => {
      running ??= this.sweep()
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
}
