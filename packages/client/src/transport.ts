/**
 * Every PoS V10 call goes through here: the token, the headers the API requires, the retry rule,
 * one refresh on 401 invalid_token, and the mapping of error answers to PosV10Error.
 */
import { PosV10Error } from './errors.js';
import { fetchRetrying, type Answer, type FetchLike } from './fetch-retrying.js';
import { parseJson } from './json.js';
import type { RetryPolicy } from './retry.js';
import type { TokenCache } from './tokens.js';

/** Per-call options every method accepts. */
export interface CallOptions {
  /** Ends the call (and its retries, backoff or polling) early; it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** Options of a creating call (`POST /payments`, `/payments/prepare`, `/refunds`, `/pointofsales`). */
export interface CreateOptions extends CallOptions {
  /**
   * The `x-mobilepay-idempotency-key` (at most 36 characters). The SDK makes a fresh one per call
   * and reuses it for that call's retries; pass your own to retry a call yourself later (after a
   * crash, say) with the same effect as the first.
   */
  readonly idempotencyKey?: string;
}

/** Time limits per attempt, in milliseconds. */
export interface Timeouts {
  /** GET requests: 500 ms by default, as MobilePay asks of clients. */
  readonly readMs?: number;
  /** POST and DELETE requests, and the token endpoint: 2000 ms by default. */
  readonly writeMs?: number;
}

/** What every call shares: where to send it, who is calling, the token cache and the limits. */
export interface TransportSettings {
  readonly fetch: FetchLike;
  readonly baseUrl: string;
  /** Where the PoS V10 paths start: `/pos/v10`, or the self-certification API's. */
  readonly posBase: string;
  readonly clientSystemVersion: string;
  /** Sent as `x-mobilepay-merchant-vat-number`, when the token does not carry the merchant. */
  readonly merchantVatHeader: string | undefined;
  readonly tokens: TokenCache;
  readonly policy: RetryPolicy;
  readonly readTimeoutMs: number;
  readonly writeTimeoutMs: number;
}

/** One PoS V10 call, as a resource method describes it. */
export interface Call {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Below the PoS base (`/payments/…`), or absolute for the sandbox app (`surface: 'app'`). */
  readonly path: string;
  readonly query?: Record<string, string | undefined>;
  readonly body?: unknown;
  /** Creating calls: the key for every attempt of this call. */
  readonly idempotencyKey?: string;
  /** Whether the call may be repeated: GETs, creating calls (same key), capture and cancel. */
  readonly retry: boolean;
  /** `pos` (the PoS V10 API, with its headers) or `app` (the sandbox user simulation: the token only). */
  readonly surface?: 'pos' | 'app';
  readonly signal?: AbortSignal | undefined;
}

/** Sends calls for every resource of one PosV10Client. */
export class Transport {
  readonly #settings: TransportSettings;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
  }

  /** Sends the call and returns the answer's JSON body (undefined when it has none). */
  async send<T>(call: Call): Promise<T> {
    const answer = await this.#authorized(call);
    if (answer.status >= 200 && answer.status < 300) return (answer.text === '' ? undefined : JSON.parse(answer.text)) as T;
    throw errorFrom(answer);
  }

  /**
   * RFC 6750 §3.1: a 401 with `error="invalid_token"` means the token was refused before anything
   * happened (revoked, or expired early), so any call may be sent again, once, with a new token.
   */
  async #authorized(call: Call): Promise<Answer> {
    const { tokens } = this.#settings;
    let token = await tokens.get(call.signal);
    let answer = await this.#exchange(call, token);
    if (answer.status === 401 && /invalid_token/.test(answer.headers.get('www-authenticate') ?? '')) {
      tokens.invalidate(token);
      token = await tokens.get(call.signal);
      answer = await this.#exchange(call, token);
    }
    return answer;
  }

  #exchange(call: Call, token: string): Promise<Answer> {
    const s = this.#settings;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (call.surface !== 'app') {
      headers['x-mobilepay-client-system-version'] = s.clientSystemVersion;
      if (s.merchantVatHeader !== undefined) headers['x-mobilepay-merchant-vat-number'] = s.merchantVatHeader;
      if (call.idempotencyKey !== undefined) headers['x-mobilepay-idempotency-key'] = call.idempotencyKey;
    }
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    return fetchRetrying({
      fetch: s.fetch,
      url: this.#url(call),
      init: { method: call.method, headers, ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}) },
      timeoutMs: call.method === 'GET' ? s.readTimeoutMs : s.writeTimeoutMs,
      retry: call.retry,
      policy: s.policy,
      signal: call.signal,
    });
  }

  #url(call: Call): string {
    const s = this.#settings;
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) query.set(name, value);
    const search = query.size > 0 ? `?${query.toString()}` : '';
    return `${s.baseUrl}${call.surface === 'app' ? '' : s.posBase}${call.path}${search}`;
  }
}

/** An error answer as a PosV10Error: the PoS body's code, message and correlation id where present. */
function errorFrom(answer: Answer): PosV10Error {
  const body = parseJson(answer.text);
  const text = (key: string) => (typeof body?.[key] === 'string' ? body[key] : undefined);
  const correlationId = text('correlationId') ?? text('CorrelationId') ?? answer.headers.get('x-correlation-id') ?? undefined;
  return new PosV10Error(answer.status, text('code'), text('message') ?? `HTTP ${answer.status}`, correlationId);
}

/** A path segment from a caller's id, encoded so an id can never change the path. */
export function segment(id: string): string {
  return encodeURIComponent(id);
}
