/**
 * Two posv10 instances on one PostgreSQL database, both delivering: customers check in through
 * either, and every notification reaches the endpoint exactly once (the claims of
 * notification.repository.ts `claimDue`, FOR UPDATE SKIP LOCKED).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../src/platform.ts';
import type { DbHandle } from '../../src/db/create-db.ts';
import { DIALECTS, testConfig } from '../helpers/platform.ts';
import { eventually, sharedTestDatabase, startInstance, type Instance } from '../helpers/instances.ts';
import { checkInOver, seedNotifiedTills, startReceiver, type Receiver } from '../helpers/notifications.ts';

const ADMIN_TOKEN = 'notify-multi-admin-token-0123456789abcdef';
const TILLS = 40;
const ROUNDS = 2;

for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
  describe(`notifications from two posv10 instances on one ${dialect} database`, () => {
    const database = sharedTestDatabase(dialect);
    const env = { POSV10_ADMIN_TOKEN: ADMIN_TOKEN, POSV10_NOTIFICATION_BACKOFF_MS: '200' };
    let a: Instance;
    let b: Instance;
    let receiver: Receiver;
    let handle: DbHandle;

    before(async () => {
      receiver = await startReceiver();
      // A slow endpoint keeps each instance's sends in flight while the other claims.
      receiver.delayMs = 20;
      [a, b] = await Promise.all([startInstance(database.url, env), startInstance(database.url, env)]);
      handle = await openDatabase(testConfig({ POSV10_DATABASE_URL: database.url }));
    });
    after(async () => {
      await Promise.all([a?.kill(), b?.kill()]);
      await handle?.close();
      await receiver?.close();
      await database.drop();
    });

    test('every check-in is notified exactly once, whichever instance recorded it', async () => {
      const { authorization, tills } = await seedNotifiedTills(a.url, database.url, ADMIN_TOKEN, receiver.url, TILLS);
      for (let round = 0; round < ROUNDS; round += 1) {
        await Promise.all(tills.map((till, i) => checkInOver((i + round) % 2 === 0 ? a.url : b.url, authorization, till.beaconId)));
      }
      const expected = TILLS * ROUNDS;
      await receiver.waitFor(expected, 30_000);
      await eventually('every notification is marked delivered', async () => {
        const rows = await handle.db.selectFrom('notifications').select('state').execute();
        return rows.length === expected && rows.every((r) => r.state === 'delivered') ? true : undefined;
      });
      assert.equal(receiver.received.length, expected, 'no notification was sent twice');
      const perPos = new Map<string, number>();
      for (const got of receiver.received) {
        const posId = (JSON.parse(got.body) as { PosId: string }).PosId;
        perPos.set(posId, (perPos.get(posId) ?? 0) + 1);
      }
      assert.deepEqual(new Set(perPos.values()), new Set([ROUNDS]));
      assert.equal(perPos.size, TILLS);
      const attempts = await handle.db.selectFrom('notification_attempts').select('status').execute();
      assert.equal(attempts.length, expected);
      assert.ok(attempts.every((x) => x.status === 200));
    });
  });
}
