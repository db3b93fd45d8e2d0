/**
 * The PoS area's `CheckinNotifier`: a point of sale may name only a live alias of its own
 * integrator, and a check-in at a point of sale with one queues its notification in the check-in's
 * own transaction (the outbox), so a committed check-in always has its notification and a
 * rolled-back one never does.
 */
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { newId } from '../shared/random.ts';
import type { CheckinNotifier } from '../pos/pos.ports.ts';
import * as repo from './notification.repository.ts';

export class CheckinOutbox implements CheckinNotifier {
  constructor(private readonly ports: { readonly db: Db; readonly clock: Clock; readonly wake: () => void }) {}

  aliasUsableBy(integratorId: string, alias: string): Promise<boolean> {
    return repo.aliasBelongsTo(this.ports.db, alias, integratorId);
  }

  async enqueueCheckin(trx: Db, posId: string): Promise<boolean> {
    const target = await repo.findNotifiedPos(trx, posId);
    if (target === undefined) return false;
    const now = this.ports.clock.now().toISOString();
    await repo.insertNotification(trx, {
      id: newId(),
      ...target,
      state: 'pending',
      attempts: 0,
      next_attempt_at: now,
      claim_token: null,
      last_error: null,
      created_at: now,
      finished_at: null,
    });
    return true;
  }

  committed(): void {
    this.ports.wake();
  }
}
