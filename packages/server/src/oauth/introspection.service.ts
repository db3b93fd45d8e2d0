/**
 * Introspection (RFC 7662) and revocation (RFC 7009) of access tokens, for the client the token
 * was issued to. A token of another client is treated as unknown: introspection answers
 * inactive and revocation does nothing, so neither tells a client anything about another's tokens.
 * @see RFC 7662 §2, RFC 7009 §2
 */
import type { Clock } from '../shared/clock.ts';
import type { AuthenticatedClient } from '../integrators/integrator.service.ts';
import { verifyAccessToken, type AccessTokenClaims } from './access-token.ts';
import type { KeyStore } from './keys.service.ts';
import type { RevocationService } from './revocation.service.ts';
import { OAuthError } from './oauth.errors.ts';

export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id: string;
      token_type: 'Bearer';
      exp: number;
      iat: number;
      nbf?: number;
      sub: string;
      aud: string | string[];
      iss: string;
      jti: string;
      integrator_id: string;
      merchant_vat?: string;
    };

/** RFC 7662 §2.1 / RFC 7009 §2.1: `token` is REQUIRED. `token_type_hint` is optional and we ignore it. */
export function requiredToken(params: Map<string, string>): string {
  const token = params.get('token');
  if (token === undefined) throw new OAuthError('invalid_request', 'token is required');
  return token;
}

export class TokenIntrospection {
  constructor(
    private readonly keys: KeyStore,
    private readonly revocations: RevocationService,
    private readonly clock: Clock,
    private readonly expected: { readonly issuer: string; readonly audience: string },
  ) {}

  /** A valid, unrevoked token of this same client; undefined for anything else. */
  async #ownToken(token: string, client: AuthenticatedClient): Promise<AccessTokenClaims | undefined> {
    const claims = await verifyAccessToken(token, this.keys, this.expected, this.clock);
    if (claims === undefined || claims.client_id !== client.clientId) return undefined;
    return claims;
  }

  /** RFC 7662 §2.2: `active` and, for an active token, its claims; never why a token is inactive. */
  async introspect(token: string, client: AuthenticatedClient): Promise<IntrospectionResponse> {
    const claims = await this.#ownToken(token, client);
    if (claims === undefined || (await this.revocations.isRevoked(claims.jti))) return { active: false };
    const { scope, client_id, exp, iat, nbf, sub, aud, iss, jti, integrator_id, merchant_vat } = claims;
    return {
      active: true,
      scope,
      client_id,
      token_type: 'Bearer',
      exp,
      iat,
      ...(nbf !== undefined ? { nbf } : {}),
      sub,
      aud: aud ?? this.expected.audience,
      iss,
      jti,
      integrator_id,
      ...(merchant_vat !== undefined ? { merchant_vat } : {}),
    };
  }

  /**
   * RFC 7009 §2.2: the server answers 200 whether or not the token was valid or known, so an
   * invalid, expired or foreign token is silently ignored.
   */
  async revoke(token: string, client: AuthenticatedClient): Promise<void> {
    const claims = await this.#ownToken(token, client);
    if (claims !== undefined) await this.revocations.revoke(claims);
  }
}
