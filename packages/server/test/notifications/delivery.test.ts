/**
 * Check-in notifications end to end on this run's database: a check-in through the sandbox user
 * simulation, the outbox row written with it, the deliverer posting to a real HTTP receiver on
 * loopback; retries, failure, resend and the deliveries listing.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { addPosFixture, type PosFixture } from '../helpers/platform.ts';
import { createTill, simulateOk, USERS } from '../helpers/payments.ts';
import { addAlias, outbox, startNotifyPlatform, startReceiver, type NotifyPlatform, type Receiver } from '../helpers/notifications.ts';
import { verifySignature } from '../../src/notifications/signature.ts';

const BACKOFF_MS = 1000;
const ADMIN_TOKEN = 'notify-test-admin-token-0123456789abcdef';
let t: NotifyPlatform;
let f: PosFixture;
let receiver: Receiver;
let secret: string;
let aliasCount = 0;

before(async () => {
  t = await startNotifyPlatform({ POSV10_NOTIFICATION_BACKOFF_MS: String(BACKOFF_MS), POSV10_ADMIN_TOKEN: ADMIN_TOKEN });
  f = await addPosFixture(t);
  receiver = await startReceiver();
  t.platform.notifications.deliverer.start();
});
after(async () => {
  await t.close();
  await receiver.close();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.statuses.length = 0;
});

/** A till whose PoS names a fresh alias of the fixture's integrator, pointing at the receiver. */
async function tillWithAlias(): Promise<{ posId: string; beaconId: string; alias: string; merchantPosId: string }> {
  aliasCount += 1;
  const alias = `Till alias ${aliasCount}`;
  secret = await addAlias(t, f.client.integratorId, alias, receiver.url);
  const merchantPosId = `notified-${aliasCount}`;
  const till = await createTill(t.app, f, { callbackAlias: alias, merchantPosId });
  return { ...till, alias, merchantPosId };
}

/** Waits until `count` attempts are recorded in all (an attempt is recorded after its answer arrives). */
async function attemptsRecorded(count: number): Promise<void> {
  const deadline = performance.now() + 5000;
  for (;;) {
    const { n } = await t.platform.db
      .selectFrom('notification_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n) >= count) return;
    if (performance.now() > deadline) throw new Error(`${n} of ${count} attempts recorded within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
let attemptsBefore = 0;
beforeEach(async () => {
  const { n } = await t.platform.db
    .selectFrom('notification_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  attemptsBefore = Number(n);
});

const checkIn = (beaconId: string) => simulateOk(t.app, f, 'checkin', { beaconId, phoneNumber: USERS.credit });
const admin = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload !== undefined ? { payload } : {}) });

test('a check-in is posted to the alias within a second: the documented body, signed', async () => {
  const till = await tillWithAlias();
  await checkIn(till.beaconId);
  const checkedIn = performance.now();
  await receiver.waitFor(1, 1000);
  const got = receiver.received[0]!;
  assert.ok(got.at - checkedIn < 1000, `delivered ${Math.round(got.at - checkedIn)} ms after the check-in`);
  assert.equal(got.headers['content-type'], 'application/json');
  assert.deepEqual(Object.keys(JSON.parse(got.body) as object), ['MerchantId', 'MerchantBrandId', 'MerchantLocationId', 'MerchantPosId', 'PosId']);
  const store = await t.platform.db.selectFrom('stores').selectAll().where('id', '=', f.storeId).executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(got.body), {
    MerchantId: f.merchantId,
    MerchantBrandId: store.merchant_brand_id,
    MerchantLocationId: store.merchant_location_id,
    MerchantPosId: till.merchantPosId,
    PosId: till.posId,
  });
  const header = String(got.headers['x-posv10-signature']);
  assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
  const now = Math.floor(t.clock.now().getTime() / 1000);
  assert.ok(verifySignature(secret, header, got.body, now), 'the signature verifies with the secret the integrator received');
  assert.ok(!verifySignature(secret, header, got.body.replace(till.posId, '00000000-0000-4000-8000-000000000000'), now), 'a changed body does not verify');
  assert.ok(!verifySignature(`${secret}x`, header, got.body, now), 'another secret does not verify');
  await attemptsRecorded(attemptsBefore + 1);
  const deliveries = (await admin('GET', `/callbacks/${encodeURIComponent(till.alias)}/deliveries`)).json<{
    deliveries: { state: string; attempts: { status: number }[] }[];
  }>();
  assert.equal(deliveries.deliveries[0]?.state, 'delivered');
  assert.deepEqual(
    deliveries.deliveries[0]?.attempts.map((a) => a.status),
    [200],
  );
});

test('an answer other than 200 is retried with backoff: 500, 500, 200 makes three attempts, then none', async () => {
  const till = await tillWithAlias();
  receiver.statuses.push(500, 500);
  await checkIn(till.beaconId);
  await attemptsRecorded(attemptsBefore + 1);
  // The retry waits for its backoff, by the platform's clock.
  assert.equal(await t.platform.notifications.deliverer.runOnce(), 0, 'nothing is due before the backoff');
  t.clock.advance(BACKOFF_MS / 1000);
  await attemptsRecorded(attemptsBefore + 2);
  t.clock.advance((3 * BACKOFF_MS) / 1000);
  await attemptsRecorded(attemptsBefore + 3);
  // However long one waits now, nothing more is sent.
  t.clock.advance(3600);
  await t.platform.notifications.deliverer.runOnce();
  assert.equal(receiver.received.length, 3);
  const [row, ...more] = await outbox(t.platform, till.posId);
  assert.equal(more.length, 0);
  assert.equal(row?.state, 'delivered');
  assert.deepEqual(
    row?.attempts.map((a) => [a.status, a.error]),
    [
      [500, 'answered 500'],
      [500, 'answered 500'],
      [200, null],
    ],
  );
});

test('a notification that used up its retries is failed, listed, and delivered when the operator resends it', async () => {
  const till = await tillWithAlias();
  receiver.statuses.push(503, 503, 503, 503);
  await checkIn(till.beaconId);
  for (let n = 1; n <= 4; n += 1) {
    await attemptsRecorded(attemptsBefore + n);
    t.clock.advance(3 ** (n - 1) * (BACKOFF_MS / 1000));
  }
  const listed = (await admin('GET', `/callbacks/${encodeURIComponent(till.alias)}/deliveries`)).json<{
    deliveries: { notificationId: string; state: string; attempts: unknown[] }[];
  }>().deliveries[0]!;
  assert.equal(listed.state, 'failed');
  assert.equal(listed.attempts.length, 4, 'the first attempt and 3 retries (POSV10_NOTIFICATION_RETRIES default)');
  const resent = await admin('POST', `/callbacks/notifications/${listed.notificationId}/resend`);
  assert.equal(resent.statusCode, 200, resent.body);
  await attemptsRecorded(attemptsBefore + 5);
  const after = (await admin('GET', `/callbacks/${encodeURIComponent(till.alias)}/deliveries`)).json<{
    deliveries: { state: string; attempts: unknown[] }[];
  }>();
  assert.equal(after.deliveries[0]?.state, 'delivered');
  assert.equal(after.deliveries[0]?.attempts.length, 5);
  const audit = await t.platform.operator.listAudit({ subject: till.alias });
  assert.deepEqual(audit.map((e) => e.action).sort(), ['callback.add', 'callback.resend']);
});

test('the check-in and its notification commit together, and the check-in never waits for delivery', async () => {
  const till = await tillWithAlias();
  await t.platform.notifications.deliverer.stop();
  try {
    receiver.delayMs = 3000;
    const started = performance.now();
    await checkIn(till.beaconId);
    assert.ok(performance.now() - started < 1000);
    const rows = await t.platform.db.selectFrom('notifications').selectAll().where('pos_id', '=', till.posId).execute();
    assert.equal(rows.length, 1, 'queued by the check-in itself');
    assert.equal(rows[0]?.state, 'pending');
  } finally {
    receiver.delayMs = 0;
    t.platform.notifications.deliverer.start();
  }
  await receiver.waitFor(1);
});

test('a PoS without an alias, or whose alias was removed, queues nothing', async () => {
  const plain = await createTill(t.app, f);
  await checkIn(plain.beaconId);
  const till = await tillWithAlias();
  assert.equal((await admin('DELETE', `/callbacks/${encodeURIComponent(till.alias)}`)).statusCode, 204);
  await checkIn(till.beaconId);
  const rows = await t.platform.db.selectFrom('notifications').select('id').where('pos_id', 'in', [plain.posId, till.posId]).execute();
  assert.deepEqual(rows, []);
});

test('moving an alias to a new URL sends the next notification there', async () => {
  const till = await tillWithAlias();
  const moved = await startReceiver();
  try {
    const res = await admin('PUT', `/callbacks/${encodeURIComponent(till.alias)}`, { url: moved.url });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<{ url: string }>().url, moved.url);
    await checkIn(till.beaconId);
    await moved.waitFor(1);
    assert.equal(receiver.received.length, 0);
  } finally {
    await moved.close();
  }
});
