/**
 * The text-message port of credential delivery and its adapters: an HTTP SMS provider (JSON POST
 * with a bearer token), an outbox `sms.jsonl` for the offline sandbox, and a recording one for tests.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../shared/clock.ts';

export interface SmsSender {
  readonly via: string;
  /** `to` is E.164. */
  send(to: string, body: string): Promise<void>;
}

const SMS_TIMEOUT_MS = 10_000;

/**
 * POSTs `{"to": "+45…", "body": "…"}` to the provider. A non-2xx answer is a failure; its body is not
 * quoted in the error, since a provider may echo the message (which holds the zip password).
 */
export class HttpSmsSender implements SmsSender {
  readonly via = 'http';
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
  ) {}
  async send(to: string, body: string): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(this.url, { method: 'POST', headers, body: JSON.stringify({ to, body }), signal: AbortSignal.timeout(SMS_TIMEOUT_MS) });
    } catch (err) {
      // The network error's code (ECONNREFUSED, …) or kind (TimeoutError), never the request it carried.
      const cause = (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new Error(`SMS provider unreachable (${cause})`);
    }
    await res.body?.cancel();
    if (!res.ok) throw new Error(`SMS provider answered HTTP ${res.status}`);
  }
}

/** Appends `{"to", "body", "sentAt"}` lines to `<dir>/sms.jsonl`. */
export class OutboxSmsSender implements SmsSender {
  readonly via = 'outbox';
  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {}
  async send(to: string, body: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await appendFile(join(this.dir, 'sms.jsonl'), `${JSON.stringify({ to, body, sentAt: this.clock.now().toISOString() })}\n`, { mode: 0o600 });
  }
}

export class RecordingSmsSender implements SmsSender {
  readonly via = 'recording';
  readonly sent: { to: string; body: string }[] = [];
  failWith: Error | undefined;
  async send(to: string, body: string): Promise<void> {
    if (this.failWith !== undefined) throw this.failWith;
    this.sent.push({ to, body });
  }
}
