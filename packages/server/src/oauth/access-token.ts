/**
 * Local verification of our own access tokens against the in-memory key set: used by
 * introspection and revocation, and by the PoS API's local token verifier.
 * @see RFC 9068 §4 (validating JWT access tokens), RFC 7519 §4.1
 */
import type { KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../shared/clock.ts';

/** Clock skew tolerated on exp and nbf between the issuing and the verifying machine. */
export const CLOCK_SKEW_SECONDS = 60;

/** What a verifier expects of a token: the issuer that signed it and the API it is for. */
export interface AccessTokenExpectations {
  readonly issuer: string;
  readonly audience: string;
}

/** The claims of a valid access token (RFC 9068 §2.2 plus ours); verifyAccessToken checks each type. */
export interface AccessTokenClaims extends JWTPayload {
  readonly iss: string;
  readonly sub: string;
  readonly client_id: string;
  readonly integrator_id: string;
  readonly scope: string;
  readonly jti: string;
  readonly exp: number;
  readonly iat: number;
  readonly merchant_vat?: string;
}

/**
 * Where verification finds the public key a token's header names: the local KeyStore, or a remote
 * issuer's JWKS. It answers undefined for an unknown kid; a key source that is unreachable throws,
 * and that error reaches the caller (it is not the token's fault).
 */
export interface KeySource {
  publicKey(kid: string): { key: KeyObject; alg: string } | undefined | Promise<{ key: KeyObject; alg: string } | undefined>;
}

const UNKNOWN_KEY = new Error('unknown key or algorithm');

/** jose has checked exp, iat, iss and aud and that the required claims are present; the rest is ours. */
function hasClaimTypes(payload: JWTPayload): payload is AccessTokenClaims {
  const { sub, jti, client_id: clientId, integrator_id: integratorId, scope, merchant_vat: merchantVat } = payload;
  return (
    [sub, jti, clientId, integratorId, scope].every((claim) => typeof claim === 'string') && (merchantVat === undefined || typeof merchantVat === 'string')
  );
}

/** Compact JWS: three base64url parts. Anything else is refused before jose parses it. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The token's claims when it is one of ours and valid now, else undefined (never throws for a bad
 * token). Checks the signature with the published key its header `kid` names, that the header
 * `alg` is that key's algorithm, `typ` is `at+jwt`, `iss` and `aud` are the expected ones, and
 * `exp`/`nbf` with 60 s of skew. It does not check revocation (RevocationService) or whether the
 * client is still enabled.
 * @example
 * const claims = await verifyAccessToken(bearer, platform.keys, { issuer, audience }, clock);
 * if (claims === undefined || (await revocations.isRevoked(claims.jti))) throw unauthorized();
 * @see RFC 9068 §4
 */
export async function verifyAccessToken(
  token: string,
  keys: KeySource,
  expected: AccessTokenExpectations,
  clock: Clock,
): Promise<AccessTokenClaims | undefined> {
  if (token.length > 8192 || !COMPACT_JWS.test(token)) return undefined;
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const known = header.kid === undefined ? undefined : await keys.publicKey(header.kid);
        // RFC 8725 §3.1: the algorithm comes from the key we hold, never from the token alone.
        if (known === undefined || known.alg !== header.alg) throw UNKNOWN_KEY;
        return known.key;
      },
      {
        issuer: expected.issuer,
        audience: expected.audience,
        // RFC 9068 §4: resource servers MUST verify that the typ header is at+jwt.
        typ: 'at+jwt',
        algorithms: ['RS256', 'ES256', 'EdDSA'],
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: clock.now(),
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id', 'integrator_id', 'scope'],
      },
    );
    return hasClaimTypes(payload) ? payload : undefined;
  } catch (err) {
    if (err === UNKNOWN_KEY || err instanceof joseErrors.JOSEError) return undefined;
    throw err;
  }
}
