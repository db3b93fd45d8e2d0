/**
 * Self-certification certificates for tests that need one without running the cases (other
 * versions, no production client): signed as the sandbox's certification API signs them, with its
 * current signing key and the certificate's own typ.
 */
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../src/platform.ts';
import { signCertificate as sign, type CertificateClaims } from '../../src/certification/certificate.ts';
import type { Feature } from '../../src/certification/cases.ts';

export interface CertificateClaimsInput {
  readonly clientId: string;
  readonly productionClientId: string | null;
  readonly integratorId: string;
  readonly clientVersion?: string;
  readonly features?: readonly Feature[];
}

export function certificateClaims(issuer: string, input: CertificateClaimsInput): CertificateClaims {
  return {
    iss: issuer,
    client_id: input.clientId,
    production_client_id: input.productionClientId,
    integrator_id: input.integratorId,
    client_system_name: 'Reference till',
    client_version: input.clientVersion ?? '1.0',
    features: input.features ?? ['Onboarding'],
    iat: Math.floor(Date.now() / 1000),
    jti: randomUUID(),
  };
}

/** A certificate signed by the sandbox platform's current key. */
export function signCertificate(sandbox: Platform, input: CertificateClaimsInput): Promise<string> {
  return sign(sandbox.oauth.keys.signer, certificateClaims(sandbox.oauth.issuer, input));
}
