/**
 * Crash safety: real `posv10 serve` processes on one database (a SQLite file, or PostgreSQL in the
 * postgres pass) get onboarding and payment traffic from concurrent workers and are killed with
 * SIGKILL mid-traffic, then restarted on the same database, several times. After every restart:
 * everything answered 2xx before the kill is still there and in the state it was answered in; a
 * retry of every acknowledged creation with its idempotency key gets the original answer; no
 * client is left half-created; and the database holds no payment or refund in an impossible state.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../src/platform.ts';
import { addClient, addIntegrator, listClients } from '../../src/integrators/integrator.service.ts';
import { grantIntegrator } from '../../src/merchants/merchant.service.ts';
import { listAudit } from '../../src/audit/audit.service.ts';
import { fromPaymentRow } from '../../src/pos/payments/payment.repository.ts';
import { fromRefundRow } from '../../src/pos/refunds/refund.repository.ts';
import { COUNTED_REFUND_STATUSES } from '../../src/pos/refunds/refund.state.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { basic, TEST_DIALECT, testConfig, FORM } from '../helpers/platform.ts';
import { sharedTestDatabase, startInstance, type Instance } from '../helpers/instances.ts';

const CYCLES = 4;
const PAYMENT_WORKERS = 3;
const ONBOARDING_WORKERS = 2;
const REQUEST_TIMEOUT_MS = 10_000;
const ADMIN_TOKEN = 'crash-test-admin-token-0123456789abcdef';
const VAT = 'DK90000028';
const PHONE = '+4520031801';

const database = sharedTestDatabase(TEST_DIALECT);
const outbox = mkdtempSync(join(tmpdir(), 'posv10-crash-outbox-'));
const env = { POSV10_ADMIN_TOKEN: ADMIN_TOKEN, POSV10_OUTBOX_DIR: outbox, POSV10_LOG_REQUESTS: 'false' };

/** A creating request that was answered 2xx: what a client would retry with the same key. */
interface Acknowledged {
  readonly path: string;
  readonly key: string;
  readonly body: object;
  readonly status: number;
  readonly response: string;
  /** GET path of what it created. */
  readonly resource: string;
}

const created: Acknowledged[] = [];
const capturedPayments = new Set<string>();
const capturedRefunds = new Set<string>();
const deliveredClients = new Set<string>();
/** Answers during traffic other than 2xx or a connection lost to the kill. */
const unexpected: string[] = [];
const counts = { requests: 0, acknowledged: 0, lost: 0, retried: 0, disabledClients: 0 };

let trafficClientId: string;
let authorization: string;
let storeId: string;
let instance: Instance;

after(async () => {
  await instance?.kill('SIGKILL');
  await database.drop();
  rmSync(outbox, { recursive: true, force: true });
});

class Lost extends Error {}

/** One HTTP call; a connection lost (the kill) is a `Lost`, anything else an answer. */
async function call(method: string, path: string, headers: Record<string, string>, body?: object): Promise<{ status: number; text: string }> {
  counts.requests += 1;
  try {
    const res = await fetch(`${instance.url}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') throw err;
    counts.lost += 1;
    throw new Lost(String(err));
  }
}

const pos = () => ({ authorization, 'x-mobilepay-client-system-version': '1.0.0', 'x-mobilepay-merchant-vat-number': VAT });
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** A 2xx answer, or a note in `unexpected` and a stop to this flow. */
async function expectOk(method: string, path: string, headers: Record<string, string>, body?: object): Promise<{ status: number; text: string }> {
  const res = await call(method, path, headers, body);
  if (res.status >= 300) {
    unexpected.push(`${method} ${path} → ${res.status} ${res.text}`);
    throw new Lost('unexpected answer');
  }
  counts.acknowledged += 1;
  return res;
}

async function create(path: string, body: object, resourceOf: (json: Record<string, string>) => string): Promise<string> {
  const key = randomUUID();
  const res = await expectOk('POST', path, { ...pos(), 'x-mobilepay-idempotency-key': key }, body);
  const resource = resourceOf(JSON.parse(res.text) as Record<string, string>);
  created.push({ path, key, body, status: res.status, response: res.text, resource });
  return resource.split('/').at(-1)!;
}

/** PoS → payment → check-in → accept → capture → refund → refund capture, until the connection is lost. */
async function paymentFlow(worker: number, n: number): Promise<void> {
  const beaconId = randomUUID();
  const posId = await create(
    '/pos/v10/pointofsales',
    { merchantPosId: `crash-${worker}-${randomUUID().slice(0, 8)}`, storeId, name: `Till ${worker}.${n}`, beaconId, supportedBeaconTypes: ['QR'] },
    (j) => `/pos/v10/pointofsales/${j.posId}`,
  );
  const paymentId = await create(
    '/pos/v10/payments',
    { posId, orderId: `ORDER-${n}`, amount: 12.5, currencyCode: 'DKK', plannedCaptureDelay: 'None' },
    (j) => `/pos/v10/payments/${j.paymentId}`,
  );
  const user = { authorization };
  await expectOk('POST', '/pos/app/usersimulation/checkin', user, { beaconId, phoneNumber: PHONE });
  await expectOk('POST', '/pos/app/usersimulation/acceptpayment', user, { beaconId, phoneNumber: PHONE });
  await expectOk('POST', `/pos/v10/payments/${paymentId}/capture`, pos(), { amount: 12.5 });
  capturedPayments.add(paymentId);
  const refundId = await create(
    '/pos/v10/refunds',
    { paymentId, refundOrderId: `REFUND-${n}`, amount: 5, currencyCode: 'DKK' },
    (j) => `/pos/v10/refunds/${j.refundId}`,
  );
  await expectOk('POST', `/pos/v10/refunds/${refundId}/capture`, pos());
  capturedRefunds.add(refundId);
}

/** Integrator → client (delivered to the outbox), until the connection is lost. */
async function onboardingFlow(n: string): Promise<void> {
  const integrator = await expectOk('POST', '/admin/v1/integrators', admin, { name: `Crash ${n}`, email: `dev${n}@crash.example`, phone: PHONE });
  const { integratorId } = JSON.parse(integrator.text) as { integratorId: string };
  const client = await expectOk('POST', `/admin/v1/integrators/${integratorId}/clients`, admin);
  deliveredClients.add((JSON.parse(client.text) as { clientId: string }).clientId);
}

async function loop(flow: (n: number) => Promise<void>): Promise<void> {
  for (let n = 0; ; n += 1) {
    try {
      await flow(n);
    } catch (err) {
      if (err instanceof Lost) return;
      throw err;
    }
  }
}

before(async () => {
  instance = await startInstance(database.url, env);
  // The payment traffic's client, made directly (its secret is needed here, not delivered).
  const handle = await openDatabase(testConfig({ POSV10_DATABASE_URL: database.url }));
  try {
    const integrator = await addIntegrator(handle.db, systemClock, { name: 'Crash PoS', email: 'dev@crash-pos.example', phone: PHONE });
    const { client, secret } = await addClient(handle.db, systemClock, integrator.id);
    await grantIntegrator(handle.db, systemClock, VAT, integrator.id);
    trafficClientId = client.id;
    const token = await fetch(`${instance.url}/integrator-authentication/connect/token`, {
      method: 'POST',
      headers: { authorization: basic(client.id, secret.clientSecret), 'content-type': FORM },
      body: 'grant_type=client_credentials',
    });
    assert.equal(token.status, 200);
    authorization = `Bearer ${((await token.json()) as { access_token: string }).access_token}`;
  } finally {
    await handle.close();
  }
  const stores = await call('GET', '/pos/v10/stores?merchantBrandId=MPPOSCERT1&merchantLocationId=00001', pos());
  assert.equal(stores.status, 200, stores.text);
  storeId = (JSON.parse(stores.text) as { storeIds: string[] }).storeIds[0]!;
});

/**
 * Runs traffic until at least `minAcks` more answers arrived and one more client was delivered
 * (a delivery is slow: zip encryption), then a random moment longer, then SIGKILLs.
 */
async function trafficThenKill(minAcks: number): Promise<void> {
  const start = counts.acknowledged;
  const clientsBefore = deliveredClients.size;
  const workers = [
    ...Array.from({ length: PAYMENT_WORKERS }, (_, w) => loop((n) => paymentFlow(w, n))),
    ...Array.from({ length: ONBOARDING_WORKERS }, (_, w) => loop((n) => onboardingFlow(`${w}.${n}.${randomUUID().slice(0, 6)}`))),
  ];
  const deadline = Date.now() + 20_000;
  while ((counts.acknowledged - start < minAcks || deliveredClients.size === clientsBefore) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 300)));
  await instance.kill('SIGKILL');
  await Promise.all(workers);
}

/** Everything acknowledged is there, in the state it was acknowledged in; retries replay. */
async function verifyOverHttp(): Promise<void> {
  for (const ack of created) {
    const got = await call('GET', ack.resource, pos());
    assert.equal(got.status, 200, `lost after the kill: ${ack.resource} ${got.text}`);
    const retry = await call('POST', ack.path, { ...pos(), 'x-mobilepay-idempotency-key': ack.key }, ack.body);
    counts.retried += 1;
    assert.equal(retry.status, ack.status, `retry of ${ack.path} with key ${ack.key}: ${retry.text}`);
    assert.equal(retry.text, ack.response, `retry of ${ack.path} with key ${ack.key} answered differently`);
  }
  for (const id of capturedPayments) {
    const got = JSON.parse((await call('GET', `/pos/v10/payments/${id}`, pos())).text) as { status: string };
    assert.equal(got.status, 'Captured', `payment ${id}`);
  }
  for (const id of capturedRefunds) {
    const got = JSON.parse((await call('GET', `/pos/v10/refunds/${id}`, pos())).text) as { status: string };
    assert.equal(got.status, 'Captured', `refund ${id}`);
  }
}

/** The database itself: no half-created client, no payment or refund in an impossible state. */
async function verifyDatabase(): Promise<void> {
  const handle = await openDatabase(testConfig({ POSV10_DATABASE_URL: database.url }));
  try {
    const db = handle.db;
    counts.disabledClients = 0;
    for (const client of await listClients(db)) {
      if (client.id === trafficClientId) continue;
      const added = (await listAudit(db, { subject: client.id })).some((e) => e.action === 'client.add' && e.outcome === 'ok');
      // Enabled only once delivered (and audited), else cleanly disabled.
      if (client.status === 'enabled') assert.ok(added, `client ${client.id} is enabled but its delivery was never recorded`);
      else {
        assert.ok(!added, `client ${client.id} was delivered but is disabled`);
        counts.disabledClients += 1;
      }
      if (deliveredClients.has(client.id)) assert.equal(client.status, 'enabled', `client ${client.id} was answered 201`);
    }

    // fromPaymentRow / fromRefundRow throw on a row that breaks its state's invariants.
    const payments = new Map((await db.selectFrom('payments').selectAll().execute()).map((row) => [row.id, fromPaymentRow(row)]));
    for (const row of await db.selectFrom('payments').selectAll().execute()) {
      if (row.captured_amount !== null)
        assert.ok(
          row.amount !== null && row.captured_amount > 0 && row.captured_amount <= row.amount,
          `payment ${row.id} captured ${row.captured_amount} of ${row.amount}`,
        );
    }
    const refunded = new Map<string, number>();
    for (const row of await db.selectFrom('refunds').selectAll().execute()) {
      const refund = fromRefundRow(row);
      if ((COUNTED_REFUND_STATUSES as readonly string[]).includes(refund.status))
        refunded.set(refund.paymentId, (refunded.get(refund.paymentId) ?? 0) + refund.amount);
    }
    for (const [paymentId, total] of refunded) {
      const payment = payments.get(paymentId);
      assert.ok(payment !== undefined && payment.status === 'Captured', `refunds of payment ${paymentId}, which is ${payment?.status}`);
      const captured = (await db.selectFrom('payments').select('captured_amount').where('id', '=', paymentId).executeTakeFirstOrThrow()).captured_amount ?? 0;
      assert.ok(total <= captured, `payment ${paymentId}: refunds ${total} > captured ${captured}`);
    }
    // Every stored idempotent success names something that exists (the answer and the resource committed together).
    for (const key of await db.selectFrom('idempotency_keys').selectAll().where('status', '=', 200).execute()) {
      const answer = JSON.parse(key.response ?? '{}') as { posId?: string; paymentId?: string; refundId?: string };
      const [table, id] =
        answer.posId !== undefined
          ? (['points_of_sale', answer.posId] as const)
          : answer.paymentId !== undefined
            ? (['payments', answer.paymentId] as const)
            : (['refunds', answer.refundId ?? ''] as const);
      const row = await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
      assert.ok(row !== undefined, `idempotency key ${key.key} answers ${key.response}, which does not exist`);
    }
  } finally {
    await handle.close();
  }
}

test(`${CYCLES} SIGKILLs mid-traffic lose nothing acknowledged, leave no half-created client and keep retries idempotent (${TEST_DIALECT})`, async (t) => {
  for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
    await trafficThenKill(20 + 10 * cycle);
    assert.deepEqual(unexpected, [], 'answers other than 2xx during traffic');
    instance = await startInstance(database.url, env);
    await verifyOverHttp();
    await verifyDatabase();
    t.diagnostic(
      `cycle ${cycle}: ${counts.acknowledged} acknowledged, ${counts.lost} cut off by kills, ${created.length} creations retried, ${deliveredClients.size} clients onboarded so far`,
    );
  }
  t.diagnostic(
    `crash test (${TEST_DIALECT}): ${CYCLES} SIGKILL/restart cycles; ${counts.requests} requests, ${counts.acknowledged} answered 2xx before a kill, ${counts.lost} cut off by a kill; ` +
      `${created.length} creations (${counts.retried} idempotent retries after restarts), ${capturedPayments.size} payments and ${capturedRefunds.size} refunds captured, ` +
      `${deliveredClients.size} clients onboarded and ${counts.disabledClients} left cleanly disabled by a kill mid-delivery`,
  );
  assert.ok(capturedRefunds.size > 0 && deliveredClients.size > 0, 'the traffic never got far enough to test anything');
});
