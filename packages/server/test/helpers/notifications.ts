/**
 * Real parts for Notification Service tests: the HTTP receiver of ./receiver.ts, a platform whose e-mail and SMS ports
 * record what they send, and a callback alias whose signing secret is read back the way the
 * integrator reads it (the zip from the e-mail, opened with the texted password).
 */
import { randomUUID } from 'node:crypto';
import { RecordingMailSender } from '../../src/onboarding/mail-sender.ts';
import { RecordingSmsSender } from '../../src/onboarding/sms-sender.ts';
import { openDatabase, type Platform } from '../../src/platform.ts';
import { ManualClock, systemClock } from '../../src/shared/clock.ts';
import { addClient, addIntegrator } from '../../src/integrators/integrator.service.ts';
import { grantIntegrator } from '../../src/merchants/merchant.service.ts';
import { openZip, passwordIn } from './onboarding.ts';
import { basic, FORM, startTestPlatform, testConfig, type TestPlatform } from './platform.ts';

export { startReceiver, type Received, type Receiver } from './receiver.ts';

export interface NotifyPlatform extends TestPlatform {
  readonly mail: RecordingMailSender;
  readonly sms: RecordingSmsSender;
}

/** A test platform whose credential e-mails and texts are recorded (callback aliases deliver their secret through them). */
export async function startNotifyPlatform(env: Record<string, string> = {}, clock = new ManualClock(new Date())): Promise<NotifyPlatform> {
  const mail = new RecordingMailSender();
  const sms = new RecordingSmsSender();
  const t = await startTestPlatform(env, clock, { mail, sms });
  return { ...t, mail, sms };
}

/** Adds a callback alias as an operator would and answers its signing secret, as the integrator reads it. */
export async function addAlias(t: NotifyPlatform, integratorId: string, alias: string, url: string): Promise<string> {
  await t.platform.notifications.callbacks.add('test', integratorId, { alias, url });
  return signingSecretSent(t);
}

/** The signing secret in the last e-mail, opened with the password in the last text message. */
export async function signingSecretSent(t: NotifyPlatform): Promise<string> {
  const zip = t.mail.sent.at(-1)?.attachments[0]?.content;
  const text = t.sms.sent.at(-1)?.body;
  if (zip === undefined || text === undefined) throw new Error('no signing secret was delivered');
  const files = await openZip(zip, passwordIn(text));
  return (JSON.parse(files.get('signing-secret.json') ?? '{}') as { signing_secret: string }).signing_secret;
}

/** The notifications of a point of sale and their attempts, as recorded. */
export async function outbox(
  p: Platform,
  posId: string,
): Promise<{ id: string; state: string; attempts: { status: number | null; error: string | null }[] }[]> {
  const rows = await p.db.selectFrom('notifications').select(['id', 'state']).where('pos_id', '=', posId).orderBy('created_at').orderBy('id').execute();
  const attempts = await p.db.selectFrom('notification_attempts').select(['notification_id', 'status', 'error', 'started_at']).orderBy('started_at').execute();
  return rows.map((r) => ({ ...r, attempts: attempts.filter((a) => a.notification_id === r.id).map(({ status, error }) => ({ status, error })) }));
}

/** What the instance tests (crash, several instances) set up over HTTP: an integrator's token and tills whose PoS name one alias. */
export interface NotifiedTills {
  /** Bearer header of the integrator's token (merchant DK90000028 in the claim). */
  readonly authorization: string;
  readonly alias: string;
  readonly tills: readonly { posId: string; beaconId: string }[];
}

const SANDBOX_VAT = 'DK90000028';

/**
 * On a running instance at `baseUrl` over `databaseUrl`: an integrator with a client (made in the
 * database, as its secret is needed here), the alias added through the admin API, and `count`
 * tills on the sandbox store whose PoS name it.
 */
export async function seedNotifiedTills(baseUrl: string, databaseUrl: string, adminToken: string, receiverUrl: string, count: number): Promise<NotifiedTills> {
  const handle = await openDatabase(testConfig({ POSV10_DATABASE_URL: databaseUrl }));
  let integratorId: string;
  let credentials: string;
  try {
    const integrator = await addIntegrator(handle.db, systemClock, { name: 'Notified PoS', email: 'dev@notified.example', phone: '+4520031801' });
    const { client, secret } = await addClient(handle.db, systemClock, integrator.id);
    await grantIntegrator(handle.db, systemClock, SANDBOX_VAT, integrator.id);
    integratorId = integrator.id;
    credentials = basic(client.id, secret.clientSecret);
  } finally {
    await handle.close();
  }
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': typeof body === 'string' ? FORM : 'application/json' } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  };
  const token = await call(
    'POST',
    '/integrator-authentication/connect/token',
    { authorization: credentials },
    `grant_type=client_credentials&merchant_vat=${SANDBOX_VAT}`,
  );
  const authorization = `Bearer ${String(token.access_token)}`;
  const alias = `alias-${randomUUID().slice(0, 8)}`;
  await call('POST', `/admin/v1/integrators/${integratorId}/callbacks`, { authorization: `Bearer ${adminToken}` }, { alias, url: receiverUrl });
  const pos = { authorization, 'x-mobilepay-client-system-version': '1.0.0' };
  const stores = await call('GET', '/pos/v10/stores?merchantBrandId=MPPOSCERT1&merchantLocationId=00001', pos);
  const storeId = (stores.storeIds as string[])[0]!;
  const tills = [];
  for (let i = 0; i < count; i += 1) {
    const beaconId = randomUUID();
    const created = await call(
      'POST',
      '/pos/v10/pointofsales',
      { ...pos, 'x-mobilepay-idempotency-key': randomUUID() },
      { merchantPosId: `notified-${i}-${beaconId.slice(0, 8)}`, storeId, name: `Till ${i}`, beaconId, callbackAlias: alias, supportedBeaconTypes: ['QR'] },
    );
    tills.push({ posId: String(created.posId), beaconId });
  }
  return { authorization, alias, tills };
}

/** A sandbox test user checks in at `beaconId` through the user simulation of the instance at `baseUrl`. */
export async function checkInOver(baseUrl: string, authorization: string, beaconId: string): Promise<void> {
  const res = await fetch(`${baseUrl}/pos/app/usersimulation/checkin`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ beaconId, phoneNumber: '+4520031801' }),
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status !== 204 && res.status !== 200) throw new Error(`check-in answered ${res.status}: ${await res.text()}`);
}
