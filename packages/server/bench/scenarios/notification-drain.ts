import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDb } from '../../src/db/create-db.ts';
import type { Db } from '../../src/db/database.ts';
import type { Posv10Server } from '../servers/posv10.ts';
import { listenLocal, notifiedTills } from './notifications.ts';
import type { DrainScenario } from './scenario.ts';

/** Tills the backlog's check-ins are spread over (each checks in one customer after another). */
const TILLS = 16;
/** How long a drain, or the backlog's failing first attempts, may take before the scenario fails. */
const TIMEOUT_MS = 60_000;

/**
 * The deliverer alone: a backlog of check-in notifications already in the outbox, handed to the
 * deliverer at once, timed until the last one arrives at a local receiver (a node:http server in
 * this process, answering 200).
 *
 * The backlog is made through real check-ins (the sandbox user simulation, over HTTP) at tills whose
 * PoS names an alias pointing at the receiver, while the receiver answers 503: the bench server
 * runs with POSV10_NOTIFICATION_RETRIES=0, so each notification fails at its first attempt. Each
 * drain then opens the receiver and resends the whole backlog in one statement (what `posv10
 * callback resend` does to one notification), and the deliverer finds it at its next poll. The
 * rate counts from the first arrival to the last, so the pick-up delay (at most one poll, which the
 * end-to-end `notifications` scenario includes) is left out; a drain ends when every notification
 * is recorded delivered, and fails if one is not, or if more arrive than were queued.
 */
export const notificationDrain: DrainScenario<Posv10Server> = {
  name: 'notification-drain',
  description: 'notification deliverer alone: a backlog of queued check-ins drained to a local receiver',
  async setupDrain(server, size) {
    const receiver = new BacklogReceiver();
    const { alias, tills, checkIn } = await notifiedTills(server, await receiver.listen(), TILLS);
    await Promise.all(
      tills.map(async (till, t) => {
        for (let i = t; i < size; i += TILLS) await checkIn(till);
      }),
    );
    await withDb(server, (db) =>
      until(`the backlog's ${size} first attempts`, async () => (await count(db, alias, 'pending')) === 0 && (await count(db, alias, 'failed')) === size),
    );

    return () =>
      withDb(server, async (db) => {
        const arrived = receiver.open(size);
        try {
          const requeued = await requeue(db, alias);
          if (requeued !== size) throw new Error(`resent ${requeued} notifications, expected ${size}`);
          const { first, last } = await arrived;
          await until(`${size} notifications recorded delivered`, async () => (await count(db, alias, 'delivered')) === size);
          if (receiver.arrivals !== size) throw new Error(`${receiver.arrivals} notifications arrived for ${size} queued`);
          return { units: size - 1, seconds: (last - first) / 1000 };
        } finally {
          receiver.close();
        }
      });
  },
};

/**
 * The backlog's endpoint: answers 503 until opened for a drain, then 200, and reports when the
 * expected number of notifications has arrived (the times of the first and the last).
 */
class BacklogReceiver {
  arrivals = 0;
  #open = false;
  #expected = 0;
  #first = 0;
  #done: ((times: { first: number; last: number }) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;

  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (!this.#open) {
          res.writeHead(503).end();
          return;
        }
        res.writeHead(200).end();
        const now = performance.now();
        this.arrivals += 1;
        if (this.arrivals === 1) this.#first = now;
        if (this.arrivals === this.#expected) this.#done?.({ first: this.#first, last: now });
      });
    });
    return listenLocal(server);
  }

  /** Answers 200 from now on; resolves when `expected` notifications have arrived. */
  open(expected: number): Promise<{ first: number; last: number }> {
    this.arrivals = 0;
    this.#expected = expected;
    this.#open = true;
    return new Promise((resolve, reject) => {
      this.#timer = setTimeout(() => reject(new Error(`${this.arrivals} of ${expected} notifications arrived within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      this.#done = (times) => {
        clearTimeout(this.#timer);
        resolve(times);
      };
    });
  }

  /** Back to 503; a drain that failed before its wait leaves no timer behind. */
  close(): void {
    this.#open = false;
    this.#done = undefined;
    clearTimeout(this.#timer);
  }
}

async function withDb<T>(server: Posv10Server, work: (db: Db) => Promise<T>): Promise<T> {
  const handle = createDb(server.databaseUrl);
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

async function count(db: Db, alias: string, state: 'pending' | 'delivered' | 'failed'): Promise<number> {
  const { n } = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('alias', '=', alias)
    .where('state', '=', state)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Every finished notification of the alias back in the queue, due now, with a fresh retry budget (notification.repository.ts `requeue`, for all at once). */
async function requeue(db: Db, alias: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ state: 'pending', attempts: 0, next_attempt_at: new Date().toISOString(), claim_token: null, finished_at: null })
    .where('alias', '=', alias)
    .where('state', '!=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + TIMEOUT_MS;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`not done within ${TIMEOUT_MS} ms: ${what}`);
    await sleep(20);
  }
}
