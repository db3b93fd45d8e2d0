/**
 * The default TokenVerifier: tokens this instance (or another sharing its database) issued,
 * checked against the local key set, with the client still enabled.
 */
import type { KeyObject } from 'node:crypto';
import type { Clock } from '../shared/clock.ts';
import { InvalidTokenError, type TokenVerifier, type VerifiedToken } from '../pos/token-verifier.ts';
import { VerifiedTokenCache, verifyAccessToken, type AccessTokenExpectations } from './access-token.ts';

export interface LocalKeys {
  publicKey(kid: string): { key: KeyObject; alg: string } | undefined;
}

export interface ClientStatus {
  isEnabled(clientId: string): Promise<boolean>;
}

export class LocalTokenVerifier implements TokenVerifier {
  readonly #cache: VerifiedTokenCache;

  constructor(
    private readonly keys: LocalKeys,
    private readonly clients: ClientStatus,
    private readonly expected: AccessTokenExpectations,
    private readonly clock: Clock,
  ) {
    this.#cache = new VerifiedTokenCache(clock);
  }

  async verify(token: string): Promise<VerifiedToken> {
    let verified = this.#cache.get(token);
    if (verified === undefined) {
      verified = await verifyAccessToken(token, async (kid, alg) => this.#key(kid, alg), this.expected, this.clock);
      this.#cache.set(token, verified);
    }
    // Not cached with the token: the client directory caches for POSV10_CLIENT_CACHE_SECONDS only,
    // so a disabled client is refused within seconds even with a token that is still valid.
    if (!(await this.clients.isEnabled(verified.clientId))) throw new InvalidTokenError('client disabled');
    return verified;
  }

  #key(kid: string, alg: string): KeyObject | undefined {
    const found = this.keys.publicKey(kid);
    // The key decides the algorithm; a token claiming another one is refused (RFC 8725 §3.1).
    return found !== undefined && found.alg === alg ? found.key : undefined;
  }
}
