/**
 * Access tokens from the Integrator Authentication API (OAuth 2.0 client credentials): one request
 * per token lifetime however many calls need one.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
import { untilAborted } from './abort.js';
import { PosV10AuthError } from './errors.js';
import { fetchRetrying, type FetchLike } from './fetch-retrying.js';
import { parseJson } from './json.js';
import type { RetryPolicy } from './retry.js';

/** A token and how long it lives, as the token endpoint answered. */
export interface IssuedToken {
  readonly accessToken: string;
  /** Lifetime in seconds (`expires_in`). */
  readonly expiresIn: number;
}

/** Fetches a new token; the TokenCache decides when. */
export type TokenFetcher = () => Promise<IssuedToken>;

/** Refresh at most this long before expiry (and within the last tenth of a short-lived token's life). */
const REFRESH_AHEAD_MS = 60_000;

/**
 * Caches one token and refreshes it shortly before it expires. Concurrent callers share one
 * refresh in flight (single flight); a failed refresh is not cached, so the next call tries again.
 */
export class TokenCache {
  readonly #fetchToken: TokenFetcher;
  readonly #now: () => number;
  #token: { value: string; refreshAt: number } | undefined;
  #refreshing: Promise<string> | undefined;

  constructor(fetchToken: TokenFetcher, now: () => number = Date.now) {
    this.#fetchToken = fetchToken;
    this.#now = now;
  }

  /** A token that is not about to expire: the cached one, or the result of the (shared) refresh. */
  get(signal?: AbortSignal): Promise<string> {
    const token = this.#token;
    if (token !== undefined && this.#now() < token.refreshAt) return Promise.resolve(token.value);
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    // One caller giving up must not cancel the refresh the others wait for.
    return untilAborted(this.#refreshing, signal);
  }

  /**
   * Forgets `rejected` (the server answered 401 invalid_token for it), unless a newer token has
   * already replaced it: of many calls rejected together, only the first causes a refresh.
   */
  invalidate(rejected: string): void {
    if (this.#token?.value === rejected) this.#token = undefined;
  }

  async #refresh(): Promise<string> {
    const startedAt = this.#now();
    const issued = await this.#fetchToken();
    const lifetimeMs = Math.max(0, issued.expiresIn * 1000);
    const refreshAt = startedAt + lifetimeMs - Math.min(REFRESH_AHEAD_MS, lifetimeMs / 10);
    this.#token = { value: issued.accessToken, refreshAt };
    return issued.accessToken;
  }
}

/** What the token endpoint needs to know about the client. */
export interface TokenEndpoint {
  readonly fetch: FetchLike;
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Asked for as the `merchant_vat` claim. */
  readonly merchantVat: string | undefined;
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
}

/** RFC 6749 §2.3.1: client id and secret are form-urlencoded before they are joined and base64-encoded. */
export function basicCredentials(clientId: string, clientSecret: string): string {
  const form = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${btoa(`${form(clientId)}:${form(clientSecret)}`)}`;
}

/**
 * Asks the token endpoint for a client-credentials token with client_secret_basic. Network errors,
 * 5xx and 429 are retried (asking again changes nothing); a refusal is a PosV10AuthError.
 */
export async function requestToken(endpoint: TokenEndpoint): Promise<IssuedToken> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (endpoint.merchantVat !== undefined) form.set('merchant_vat', endpoint.merchantVat);
  const answer = await fetchRetrying({
    fetch: endpoint.fetch,
    url: endpoint.url,
    init: {
      method: 'POST',
      headers: {
        authorization: basicCredentials(endpoint.clientId, endpoint.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
    },
    timeoutMs: endpoint.timeoutMs,
    retry: true,
    policy: endpoint.policy,
  });
  const body = parseJson(answer.text);
  if (answer.status !== 200) {
    const error = typeof body?.error === 'string' ? body.error : 'server_error';
    const description = typeof body?.error_description === 'string' ? body.error_description : undefined;
    throw new PosV10AuthError(answer.status, error, description ?? (body === undefined ? `HTTP ${answer.status}` : undefined));
  }
  if (typeof body?.access_token !== 'string') throw new PosV10AuthError(answer.status, 'invalid_response', 'The token endpoint sent no access_token');
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : secondsUntilExp(body.access_token, Date.now());
  return { accessToken: body.access_token, expiresIn };
}

/** Seconds until a JWT's `exp`, for a token endpoint that sends no `expires_in` (it is only RECOMMENDED, RFC 6749 §5.1). */
function secondsUntilExp(token: string, now: number): number {
  const payload = parseJson(base64UrlDecode(token.split('.')[1] ?? ''));
  return typeof payload?.exp === 'number' ? payload.exp - now / 1000 : 0;
}

function base64UrlDecode(text: string): string {
  try {
    return atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return '';
  }
}
