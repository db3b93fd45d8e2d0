/**
 * A notification survives a crash: the endpoint is down when the customer checks in, posv10 is
 * killed with SIGKILL after its first failed attempt, the endpoint comes up, and the restarted
 * posv10 delivers the notification from its outbox, once.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/platform.ts';
import { TEST_DIALECT, testConfig } from '../helpers/platform.ts';
import { freePort } from '../helpers/server.ts';
import { eventually, sharedTestDatabase, startInstance, type Instance } from '../helpers/instances.ts';
import { checkInOver, seedNotifiedTills, startReceiver, type Receiver } from '../helpers/notifications.ts';

const ADMIN_TOKEN = 'notify-crash-admin-token-0123456789abcdef';
const database = sharedTestDatabase(TEST_DIALECT);
const outbox = mkdtempSync(join(tmpdir(), 'posv10-notify-outbox-'));
const env = { POSV10_ADMIN_TOKEN: ADMIN_TOKEN, POSV10_OUTBOX_DIR: outbox, POSV10_NOTIFICATION_BACKOFF_MS: '300', POSV10_NOTIFICATION_RETRIES: '6' };
let instance: Instance | undefined;
let receiver: Receiver | undefined;

after(async () => {
  await instance?.kill('SIGKILL');
  await receiver?.close();
  await database.drop();
  rmSync(outbox, { recursive: true, force: true });
});

test(`a notification whose endpoint was down is delivered after posv10 is SIGKILLed and restarted (${TEST_DIALECT})`, async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/notify`;
  instance = await startInstance(database.url, env);
  const { authorization, tills } = await seedNotifiedTills(instance.url, database.url, ADMIN_TOKEN, url, 1);
  const till = tills[0]!;
  await checkInOver(instance.url, authorization, till.beaconId);

  const handle = await openDatabase(testConfig({ POSV10_DATABASE_URL: database.url }));
  try {
    const attempts = () => handle.db.selectFrom('notification_attempts').selectAll().orderBy('started_at').execute();
    // Nobody listens on the port yet: the first attempt fails, and is recorded.
    await eventually('a failed attempt is recorded', async () => ((await attempts()).length > 0 ? true : undefined));
    await instance.kill('SIGKILL');
    const failed = await attempts();
    assert.ok(
      failed.every((a) => a.status === null && a.error !== null),
      JSON.stringify(failed),
    );

    receiver = await startReceiver(port);
    instance = await startInstance(database.url, env);
    await receiver.waitFor(1, 30_000);
    const row = await eventually('the notification is marked delivered', async () => {
      const found = await handle.db.selectFrom('notifications').selectAll().where('pos_id', '=', till.posId).executeTakeFirst();
      return found?.state === 'delivered' ? found : undefined;
    });
    assert.equal((JSON.parse(receiver.received[0]!.body) as { PosId: string }).PosId, till.posId);
    const all = await attempts();
    assert.equal(all.at(-1)?.status, 200);
    assert.equal(all.filter((a) => a.status === 200).length, 1);
    assert.equal(receiver.received.length, 1, 'delivered once');
    assert.equal(row.attempts, all.length);
  } finally {
    await handle.close();
  }
});
