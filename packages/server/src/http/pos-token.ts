/**
 * The PoS API's side of access tokens, shared by the local and the remote TokenVerifier: a token
 * the Integrator Authentication API's `verifyAccessToken` accepts (signature, typ, iss, aud,
 * exp/nbf, claim types) must also carry the PoS scope, and a verified one is remembered until it
 * expires. JWT verification itself lives in oauth/access-token.ts only.
 * @see RFC 9068 §4 (validating JWT access tokens)
 */
import type { Clock } from '../shared/clock.ts';
import { TtlCache } from '../shared/ttl-cache.ts';
import { INTEGRATOR_SCOPE } from '../oauth/token.service.ts';
import { verifyAccessToken, type AccessTokenClaims, type AccessTokenExpectations, type KeySource } from '../oauth/access-token.ts';
import { InvalidTokenError, type VerifiedToken } from '../pos/token-verifier.ts';

function posClaims(claims: AccessTokenClaims): VerifiedToken {
  // RFC 9068 §4: the resource server checks that the scope allows the call.
  if (!claims.scope.split(' ').includes(INTEGRATOR_SCOPE)) throw new InvalidTokenError(`scope lacks ${INTEGRATOR_SCOPE}`);
  const { client_id: clientId, integrator_id: integratorId, scope, jti, exp, merchant_vat: merchantVat } = claims;
  return { clientId, integratorId, scope, jti, exp, ...(merchantVat !== undefined ? { merchantVat } : {}) };
}

/** A valid access token's PoS-relevant claims; InvalidTokenError (→ 401) for anything else. */
export async function verifyPosAccessToken(token: string, keys: KeySource, expected: AccessTokenExpectations, clock: Clock): Promise<VerifiedToken> {
  const claims = await verifyAccessToken(token, keys, expected, clock);
  if (claims === undefined) throw new InvalidTokenError('invalid, expired or unknown token');
  return posClaims(claims);
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
