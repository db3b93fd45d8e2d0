/**
 * Verifies a certificate against the sandbox that issued it (POSV10_CERTIFICATION_ISSUER): its
 * discovery document names the JWKS, whose keys must have signed the compact JWS; then the claims
 * must be a certificate's. Runs when an operator imports a certificate, never on a PoS call.
 * @see OpenID Connect Discovery 1.0 §4, RFC 7515 (JWS)
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { failed, invalid } from '../shared/errors.ts';
import { CERTIFICATE_TYP } from '../certification/certificate.ts';
import { parseCertificateClaims, type CertificateClaims } from './certificate.claims.ts';

/** The algorithms posv10 signs with (POSV10_SIGNING_ALG); never `none`, never HMAC. */
const ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const TIMEOUT_MS = 5000;
/** A certificate is a few hundred bytes; anything far larger is not one. */
const MAX_JWS_LENGTH = 16 * 1024;

export interface CertificateIssuer {
  readonly issuer: string;
  /** The certificate's claims; throws DomainError invalid (not a valid certificate) or failed (issuer unreachable). */
  verify(jws: string): Promise<CertificateClaims>;
}

export class RemoteCertificateIssuer implements CertificateIssuer {
  #jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(
    readonly issuer: string,
    private readonly fetchJson: (url: string) => Promise<unknown> = getJson,
  ) {}

  async verify(jws: string): Promise<CertificateClaims> {
    const compact = jws.trim();
    if (compact.length > MAX_JWS_LENGTH || !COMPACT_JWS.test(compact)) throw invalid('not a compact JWS (three base64url parts separated by dots)');
    const jwks = await this.#keys();
    let payload: Record<string, unknown>;
    try {
      // The certificate's own typ: an access token of the same issuer (typ at+jwt) is not a certificate.
      ({ payload } = await jwtVerify(compact, jwks, { algorithms: ALGORITHMS, issuer: this.issuer, typ: CERTIFICATE_TYP }));
    } catch (err) {
      if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid)
        throw failed(`cannot read the keys of ${this.issuer}: ${err.message}`);
      if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWSSignatureVerificationFailed) {
        throw invalid(`the certificate was not signed by ${this.issuer} (no key of its JWKS verifies it)`);
      }
      if (err instanceof joseErrors.JOSEError) throw invalid(`not a valid certificate: ${err.message}`);
      throw failed(`cannot read the keys of ${this.issuer}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const claims = parseCertificateClaims(payload);
    if (typeof claims === 'string') throw invalid(`not a valid certificate: ${claims}`);
    return claims;
  }

  async #keys(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.#jwks !== undefined) return this.#jwks;
    const discovery = `${this.issuer}/.well-known/openid-configuration`;
    let doc: { issuer?: unknown; jwks_uri?: unknown };
    try {
      doc = (await this.fetchJson(discovery)) as typeof doc;
    } catch (err) {
      throw failed(`cannot read ${discovery}: ${err instanceof Error ? err.message : String(err)}`);
    }
    // Discovery §4.3: the document must name the issuer we asked for.
    if (doc.issuer !== this.issuer) throw failed(`${discovery} names issuer ${String(doc.issuer)}, expected ${this.issuer}`);
    if (typeof doc.jwks_uri !== 'string') throw failed(`${discovery} has no jwks_uri`);
    this.#jwks = createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: TIMEOUT_MS });
    return this.#jwks;
  }
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}
