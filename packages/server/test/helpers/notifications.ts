/**
 * Real parts for Notification Service tests: an HTTP receiver on loopback (node:http) that records
 * every notification and answers the statuses a test queues, a platform whose e-mail and SMS ports
 * record what they send, and a callback alias whose signing secret is read back the way the
 * integrator reads it (the zip from the e-mail, opened with the texted password).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RecordingMailSender } from '../../src/onboarding/mail-sender.ts';
import { RecordingSmsSender } from '../../src/onboarding/sms-sender.ts';
import type { Platform } from '../../src/platform.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { openZip, passwordIn } from './onboarding.ts';
import { startTestPlatform, type TestPlatform } from './platform.ts';

export interface Received {
  readonly headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  readonly body: string;
  /** performance.now() when it arrived. */
  readonly at: number;
}

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  /** Statuses to answer, first first; 200 once they run out. */
  readonly statuses: number[];
  /** Milliseconds to wait before answering. */
  delayMs: number;
  /** Resolves once `count` notifications have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A notification endpoint on 127.0.0.1 (port 0 = any free one). */
export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const statuses: number[] = [];
  const waiters = new Set<() => void>();
  const state = { delayMs: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() });
      for (const w of waiters) w();
      const status = statuses.shift() ?? 200;
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'not now'), state.delayMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/notify`,
    port: bound,
    received,
    statuses,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    waitFor: (count, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${received.length} of ${count} notifications arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

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
export async function outbox(p: Platform, posId: string): Promise<{ id: string; state: string; attempts: { status: number | null; error: string | null }[] }[]> {
  const rows = await p.db.selectFrom('notifications').select(['id', 'state']).where('pos_id', '=', posId).orderBy('created_at').orderBy('id').execute();
  const attempts = await p.db.selectFrom('notification_attempts').select(['notification_id', 'status', 'error', 'started_at']).orderBy('started_at').execute();
  return rows.map((r) => ({ ...r, attempts: attempts.filter((a) => a.notification_id === r.id).map(({ status, error }) => ({ status, error })) }));
}
