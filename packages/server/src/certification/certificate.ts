/**
 * The certificate: a compact JWS over the certified client version, signed with the platform's
 * current signing key (the one its JWKS publishes for access tokens) but with its own `typ`, so a
 * certificate never passes for an access token nor an access token for a certificate.
 *
 * A production deployment verifies it against the sandbox issuer's JWKS (`verifyCertificate`).
 */
import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { JwtSigner } from '../oauth/jwt-signer.ts';
import type { Feature } from './cases.ts';

/** The JWS header `typ` of every certificate. */
export const CERTIFICATE_TYP = 'posv10-certificate+jwt';

export interface CertificateClaims {
  /** The sandbox issuer that certified the client (its discovery URL is `${iss}/.well-known/openid-configuration`). */
  readonly iss: string;
  /** The sandbox client that passed the cases. */
  readonly client_id: string;
  /** The production client the certificate is for; null when the run named none. */
  readonly production_client_id: string | null;
  readonly integrator_id: string;
  readonly client_system_name: string;
  /** Major.Minor: every build of it is certified. */
  readonly client_version: string;
  readonly features: readonly Feature[];
  readonly iat: number;
  readonly jti: string;
}

/** Signs the claims. */
export function signCertificate(signer: JwtSigner, claims: CertificateClaims): Promise<string> {
  return signer.signAs(CERTIFICATE_TYP, { ...claims });
}

const MAJOR_MINOR = /^\d{1,9}\.\d{1,9}$/;

/**
 * The claims of a certificate signed by `issuer` with a key `keys` finds (e.g. jose's
 * `createRemoteJWKSet(new URL(jwks_uri))`); throws when the signature, `typ`, issuer or a claim is wrong.
 * @example
 * const claims = await verifyCertificate(jws, createRemoteJWKSet(new URL(jwksUri)), 'https://sandbox.example/integrator-authentication');
 */
export async function verifyCertificate(jws: string, keys: JWTVerifyGetKey, issuer: string): Promise<CertificateClaims> {
  const { payload } = await jwtVerify(jws, keys, { issuer, typ: CERTIFICATE_TYP, requiredClaims: ['client_id', 'integrator_id', 'jti', 'iat'] });
  const p = payload as Record<string, unknown>;
  const strings = ['client_id', 'integrator_id', 'client_system_name', 'client_version', 'jti'].every((k) => typeof p[k] === 'string');
  const production = p.production_client_id === null || typeof p.production_client_id === 'string';
  const features = Array.isArray(p.features) && p.features.every((f) => typeof f === 'string');
  if (!strings || !production || !features || !MAJOR_MINOR.test(p.client_version as string))
    throw new Error('The certificate lacks a claim or has one of the wrong type');
  return payload as unknown as CertificateClaims;
}
