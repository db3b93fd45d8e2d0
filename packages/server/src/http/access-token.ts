/**
 * Verification of posv10 access tokens for the PoS API, shared by the local and the remote
 * TokenVerifier: the Integrator Authentication API's own `verifyAccessToken` (signature, typ, iss,
 * aud, exp/nbf), then the claims the PoS API needs. Verified tokens are cached until they expire.
 * @see RFC 9068 §4 (validating JWT access tokens), RFC 7519 §4.1
 */
import type { Clock } from '../shared/clock.ts';
import { TtlCache } from '../shared/ttl-cache.ts';
import { INTEGRATOR_SCOPE } from '../oauth/token.service.ts';
import { verifyAccessToken, type AccessTokenClaims, type KeySource } from '../oauth/access-token.ts';
import { InvalidTokenError, type VerifiedToken } from '../pos/token-verifier.ts';

export interface AccessTokenExpectations {
  readonly issuer: string;
  readonly audience: string;
}

/**
 * The keys could not be obtained (a remote issuer is down): not the token's fault, so not a 401;
 * the PoS error handler answers 500 and logs it.
 */
export class KeySourceUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeySourceUnavailableError';
  }
}

function claimsOf(payload: AccessTokenClaims): VerifiedToken {
  const { client_id: clientId, integrator_id: integratorId, scope, merchant_vat: merchantVat, jti, exp } = payload as Record<string, unknown>;
  if (typeof clientId !== 'string' || typeof integratorId !== 'string') throw new InvalidTokenError('client_id or integrator_id claim missing');
  if (typeof jti !== 'string' || typeof exp !== 'number') throw new InvalidTokenError('jti or exp claim missing');
  // RFC 9068 §4: the resource server checks that the scope allows the call.
  if (typeof scope !== 'string' || !scope.split(' ').includes(INTEGRATOR_SCOPE)) throw new InvalidTokenError(`scope lacks ${INTEGRATOR_SCOPE}`);
  if (merchantVat !== undefined && typeof merchantVat !== 'string') throw new InvalidTokenError('merchant_vat claim is not a string');
  return { clientId, integratorId, scope, jti, exp, ...(merchantVat !== undefined ? { merchantVat } : {}) };
}

/** A valid access token's PoS-relevant claims; InvalidTokenError (→ 401) for anything else. */
export async function verifyPosAccessToken(token: string, keys: KeySource, expected: AccessTokenExpectations, clock: Clock): Promise<VerifiedToken> {
  const claims = await verifyAccessToken(token, keys, expected, clock);
  if (claims === undefined) throw new InvalidTokenError('invalid, expired or unknown token');
  return claimsOf(claims);
}

/**
 * Verified tokens by their string, each until its own `exp`: a bounded LRU, so a busy client's
 * token costs one signature check per lifetime, and a flood of distinct tokens cannot grow memory.
 */
export class VerifiedTokenCache {
  readonly #cache: TtlCache<string, VerifiedToken>;

  constructor(
    private readonly clock: Clock,
    maxEntries = 10_000,
  ) {
    this.#cache = new TtlCache(0, maxEntries, () => clock.now().getTime());
  }

  get(token: string): VerifiedToken | undefined {
    const hit = this.#cache.get(token);
    // Re-inserting moves the entry to the young end: least recently used goes first when full.
    if (hit !== undefined) this.#cache.set(token, hit, this.#ttlMs(hit));
    return hit;
  }

  set(token: string, verified: VerifiedToken): void {
    this.#cache.set(token, verified, this.#ttlMs(verified));
  }

  #ttlMs(verified: VerifiedToken): number {
    return verified.exp * 1000 - this.clock.now().getTime();
  }
}
