/**
 * One notification POST over node:http(s): the body as JSON, signed, within a deadline, through a
 * keep-alive agent. In production the target is checked at connection time (url-policy.ts). The
 * answer is its status code; an error (refused, reset, timed out, refused target) is a message.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Mode } from '../config/config.ts';
import { checkDeliveryTarget, safeLookup } from './url-policy.ts';

export type SendOutcome = { readonly status: number } | { readonly error: string };

export interface SendRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What posts a notification; tests and the deliverer share the real one. */
export interface NotificationSender {
  send(request: SendRequest): Promise<SendOutcome>;
  close(): void;
}

/** The documented time limit of one attempt: the endpoint answers within it or the attempt failed. */
export const ATTEMPT_TIMEOUT_MS = 5000;

export class HttpNotificationSender implements NotificationSender {
  // As many connections per endpoint as the deliverer has attempts in flight (two batches), so an
  // attempt never waits in the agent's queue for a socket while its timeout runs.
  readonly #http = new HttpAgent({ keepAlive: true, maxSockets: 128 });
  readonly #https = new HttpsAgent({ keepAlive: true, maxSockets: 128 });
  readonly #lookup;

  constructor(
    private readonly mode: Mode,
    private readonly timeoutMs = ATTEMPT_TIMEOUT_MS,
  ) {
    this.#lookup = safeLookup(mode);
  }

  send(request: SendRequest): Promise<SendOutcome> {
    let url: URL;
    try {
      url = new URL(request.url);
      checkDeliveryTarget(url, this.mode);
    } catch (err) {
      return Promise.resolve({ error: err instanceof Error ? err.message : String(err) });
    }
    const https = url.protocol === 'https:';
    return new Promise((resolve) => {
      const req = (https ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        agent: https ? this.#https : this.#http,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(request.body),
          'user-agent': 'posv10-notifications/1',
          ...request.headers,
        },
        ...(this.#lookup !== undefined ? { lookup: this.#lookup } : {}),
      });
      let settled = false;
      const settle = (outcome: SendOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      // Settles itself rather than relying on the destroyed request to emit: whatever state the
      // exchange is in, an attempt ends within its timeout, so the deliverer's stop() never waits
      // longer. 'close' settles an answer whose connection ended without 'end' or 'error'.
      const timer = setTimeout(() => {
        const error = `no answer within ${this.timeoutMs} ms`;
        req.destroy(new Error(error));
        settle({ error });
      }, this.timeoutMs);
      req.once('response', (res) => {
        // The body is not needed; reading it to the end frees the socket for the next notification.
        res.resume();
        res.once('end', () => settle({ status: res.statusCode ?? 0 }));
        res.once('error', (err) => settle({ error: err.message }));
        res.once('close', () => settle({ error: 'the connection closed before the answer ended' }));
      });
      req.once('error', (err) => settle({ error: err.message }));
      req.end(request.body);
    });
  }

  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}
