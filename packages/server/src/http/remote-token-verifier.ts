/**
 * A TokenVerifier for a PoS API deployed apart from the auth server (POSV10_AUTH_ISSUER): it reads
 * the issuer's discovery document and JWKS over HTTP, keeps the keys in memory, and refetches
 * the JWKS once when a token names an unknown kid (a rotation), at most every few seconds so that
 * made-up kids cannot make it hammer the issuer.
 * A remote verifier cannot see the issuer's client table: a disabled client's tokens stay valid
 * here until they expire.
 * @see OpenID Connect Discovery 1.0 §4, RFC 8414 §3
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Clock } from '../shared/clock.ts';
import type { TokenVerifier, VerifiedToken } from '../pos/token-verifier.ts';
import { VerifiedTokenCache, verifyPosAccessToken } from './pos-token.ts';

/**
 * The keys could not be obtained (the issuer is down): not the token's fault, so not a 401;
 * the PoS error handler answers 500 and logs it.
 */
export class KeySourceUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeySourceUnavailableError';
  }
}

export interface RemoteVerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly clock: Clock;
  /** Least time between two JWKS fetches caused by unknown kids. */
  readonly refetchCooldownSeconds?: number;
  /** Keys older than this are refetched before use, so a removed key stops working. */
  readonly maxKeyAgeSeconds?: number;
  readonly fetch?: typeof fetch;
}

interface KeySet {
  readonly keys: ReadonlyMap<string, { key: KeyObject; alg: string }>;
  readonly fetchedAt: number;
}

export class RemoteTokenVerifier implements TokenVerifier {
  readonly #cache: VerifiedTokenCache;
  readonly #fetch: typeof fetch;
  #jwksUri: string | undefined;
  #keySet: KeySet | undefined;
  #loading: Promise<KeySet> | undefined;

  constructor(private readonly options: RemoteVerifierOptions) {
    this.#cache = new VerifiedTokenCache(options.clock);
    this.#fetch = options.fetch ?? fetch;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const cached = this.#cache.get(token);
    if (cached !== undefined) return cached;
    const verified = await verifyPosAccessToken(token, { publicKey: (kid) => this.#key(kid) }, this.options, this.options.clock);
    this.#cache.set(token, verified);
    return verified;
  }

  async #key(kid: string): Promise<{ key: KeyObject; alg: string } | undefined> {
    const now = this.options.clock.now().getTime();
    let set = this.#keySet;
    if (set === undefined || now - set.fetchedAt >= (this.options.maxKeyAgeSeconds ?? 300) * 1000) set = await this.#load();
    let found = set.keys.get(kid);
    // An unknown kid may be a key the issuer published after our last fetch: refetch once.
    if (found === undefined && now - set.fetchedAt >= (this.options.refetchCooldownSeconds ?? 10) * 1000) {
      set = await this.#load();
      found = set.keys.get(kid);
    }
    return found;
  }

  /** One fetch at a time; concurrent callers share it. */
  #load(): Promise<KeySet> {
    this.#loading ??= this.#fetchKeys().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #fetchKeys(): Promise<KeySet> {
    try {
      return await this.#readKeys();
    } catch (err) {
      throw new KeySourceUnavailableError(`cannot read the keys of issuer ${this.options.issuer}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }

  async #readKeys(): Promise<KeySet> {
    this.#jwksUri ??= await this.#discoverJwksUri();
    const body = (await this.#getJson(this.#jwksUri)) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error(`JWKS at ${this.#jwksUri} has no keys array`);
    const keys = new Map<string, { key: KeyObject; alg: string }>();
    for (const jwk of body.keys as (JsonWebKey & { kid?: unknown; use?: unknown; alg?: unknown })[]) {
      if (typeof jwk.kid !== 'string' || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
      try {
        const key = createPublicKey({ key: jwk, format: 'jwk' });
        // RFC 8725 §3.1: the algorithm is the key's (published, or implied by its type), never the token's.
        const alg = typeof jwk.alg === 'string' ? jwk.alg : algorithmOf(key);
        if (alg !== undefined) keys.set(jwk.kid, { key, alg });
      } catch {
        // A key we cannot read (unknown kty) cannot have signed a token we accept: skip it.
      }
    }
    this.#keySet = { keys, fetchedAt: this.options.clock.now().getTime() };
    return this.#keySet;
  }

  async #discoverJwksUri(): Promise<string> {
    const doc = (await this.#getJson(`${this.options.issuer}/.well-known/openid-configuration`)) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery §4.3: the issuer in the document must equal the one we asked.
    if (doc.issuer !== this.options.issuer) throw new Error(`discovery document names issuer ${String(doc.issuer)}, expected ${this.options.issuer}`);
    if (typeof doc.jwks_uri !== 'string') throw new Error('discovery document has no jwks_uri');
    return doc.jwks_uri;
  }

  async #getJson(url: string): Promise<unknown> {
    const res = await this.#fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
    return res.json();
  }
}

/** The one JWS algorithm we accept for a key that does not name its own. */
function algorithmOf(key: KeyObject): string | undefined {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  return undefined;
}
