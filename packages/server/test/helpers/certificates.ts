/**
 * Self-certification certificates for tests: a sandbox posv10 (the issuer) signs one with its own
 * signing keys, as its certification API does, so a production posv10 can import it.
 */
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../src/platform.ts';

export interface CertificateClaimsInput {
  readonly clientId: string;
  readonly productionClientId: string | null;
  readonly integratorId: string;
  readonly clientSystemName?: string;
  readonly clientVersion?: string;
  readonly features?: readonly string[];
  readonly jti?: string;
}

export function certificateClaims(input: CertificateClaimsInput): Record<string, unknown> {
  return {
    client_id: input.clientId,
    production_client_id: input.productionClientId,
    integrator_id: input.integratorId,
    client_system_name: input.clientSystemName ?? 'Reference till',
    client_version: input.clientVersion ?? '1.0',
    features: input.features ?? ['Onboarding', 'Payments'],
    iat: Math.floor(Date.now() / 1000),
    jti: input.jti ?? randomUUID(),
  };
}

/** A certificate signed with the sandbox platform's current signing key. */
export function signCertificate(sandbox: Platform, input: CertificateClaimsInput): Promise<string> {
  return sandbox.oauth.keys.signer.sign(certificateClaims(input));
}
