/**
 * How the PoS API learns who calls it. The PoS area never sees signing keys or the token
 * endpoint (it never imports oauth/): http/ wires in a verifier that checks tokens against the
 * local key set, or one that fetches a remote issuer's JWKS, like any resource server would.
 */

/** What a valid access token says about its caller. */
export interface VerifiedToken {
  readonly clientId: string;
  readonly integratorId: string;
  readonly scope: string;
  /** The `merchant_vat` claim exactly as in the token (not yet validated), when present. */
  readonly merchantVat?: string;
  readonly jti: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

export interface TokenVerifier {
  /** Resolves for a valid token; rejects with InvalidTokenError for anything else. */
  verify(token: string): Promise<VerifiedToken>;
}

/**
 * The token is missing, malformed, badly signed, expired, for another issuer or audience, lacks
 * the scope, or its client is disabled. Answered 401 with `WWW-Authenticate: Bearer
 * error="invalid_token"` (RFC 6750 §3.1). The message is for logs; callers get a fixed text.
 */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}
