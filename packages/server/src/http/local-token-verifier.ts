/**
 * The default TokenVerifier: tokens this instance (or another sharing its database) issued,
 * checked against the local key set, with the client still enabled.
 */
import type { Clock } from '../shared/clock.ts';
import type { AccessTokenExpectations, KeySource } from '../oauth/access-token.ts';
import { InvalidTokenError, type TokenVerifier, type VerifiedToken } from '../pos/token-verifier.ts';
import { VerifiedTokenCache, verifyPosAccessToken } from './pos-token.ts';

export interface ClientStatus {
  isEnabled(clientId: string): Promise<boolean>;
}

export interface RevocationStatus {
  isRevoked(jti: string): Promise<boolean>;
}

export class LocalTokenVerifier implements TokenVerifier {
  readonly #cache: VerifiedTokenCache;

  constructor(
    private readonly keys: KeySource,
    private readonly clients: ClientStatus,
    private readonly revocations: RevocationStatus,
    private readonly expected: AccessTokenExpectations,
    private readonly clock: Clock,
  ) {
    this.#cache = new VerifiedTokenCache(clock);
  }

  async verify(token: string): Promise<VerifiedToken> {
    let verified = this.#cache.get(token);
    if (verified === undefined) {
      verified = await verifyPosAccessToken(token, this.keys, this.expected, this.clock);
      this.#cache.set(token, verified);
    }
    // Not cached with the token: the client directory caches for POSV10_CLIENT_CACHE_SECONDS only,
    // so a disabled client is refused within seconds even with a token that is still valid.
    if (!(await this.clients.isEnabled(verified.clientId))) throw new InvalidTokenError('client disabled');
    // Likewise revocation (RFC 7009 §2): answered from memory, refreshed from the shared table within seconds.
    if (await this.revocations.isRevoked(verified.jti)) throw new InvalidTokenError('token revoked');
    return verified;
  }
}
