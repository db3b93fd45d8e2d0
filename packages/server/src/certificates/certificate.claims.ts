/**
 * The claims of a self-certification certificate (issue 20), parsed strictly: a JWS signed by the
 * issuer's keys but without every claim in its expected form (an access token of the same issuer,
 * say) is not a certificate.
 */
import { displayText } from '../shared/text.ts';
import { FEATURES, type Feature } from '../certification/cases.ts';

/** Major.Minor: what a certificate is for, and what a client's Major.Minor.Build header is reduced to. */
export const MAJOR_MINOR = /^\d{1,9}\.\d{1,9}$/;

export interface CertificateClaims {
  /** The sandbox client that passed the cases. */
  readonly clientId: string;
  /** The production client the certificate admits. */
  readonly productionClientId: string;
  readonly integratorId: string;
  readonly clientSystemName: string;
  /** Major.Minor. */
  readonly clientVersion: string;
  readonly features: readonly Feature[];
  /** Seconds since the epoch. */
  readonly iat: number;
  readonly jti: string;
}

/** An identifier we store and print: 1–200 printable characters without spaces. */
const IDENTIFIER = /^[\x21-\x7e]{1,200}$/;

/** The claims, or the first reason they are not a certificate's (in words an operator can act on). */
export function parseCertificateClaims(payload: Readonly<Record<string, unknown>>): CertificateClaims | string {
  const id = (name: string): string | undefined => {
    const value = payload[name];
    return typeof value === 'string' && IDENTIFIER.test(value) ? value : undefined;
  };
  const clientId = id('client_id');
  if (clientId === undefined) return 'claim client_id is missing or malformed';
  if (payload.production_client_id === undefined || payload.production_client_id === null) {
    return 'the certificate names no production client (production_client_id): give productionClientId when creating the run';
  }
  const productionClientId = id('production_client_id');
  if (productionClientId === undefined) return 'claim production_client_id is malformed';
  const integratorId = id('integrator_id');
  if (integratorId === undefined) return 'claim integrator_id is missing or malformed';
  const name = typeof payload.client_system_name === 'string' ? displayText(payload.client_system_name, 200) : undefined;
  if (name === undefined) return 'claim client_system_name is missing or malformed';
  const version = payload.client_version;
  if (typeof version !== 'string' || !MAJOR_MINOR.test(version)) return 'claim client_version must be Major.Minor';
  const features = payload.features;
  if (!Array.isArray(features) || features.length === 0 || !features.every((f): f is Feature => (FEATURES as readonly unknown[]).includes(f))) {
    return `claim features must be a non-empty list of ${FEATURES.join(', ')}`;
  }
  if (new Set(features).size !== features.length) return 'claim features names a feature twice';
  const iat = payload.iat;
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat <= 0) return 'claim iat is missing or malformed';
  const jti = id('jti');
  if (jti === undefined) return 'claim jti is missing or malformed';
  return { clientId, productionClientId, integratorId, clientSystemName: name, clientVersion: version, features, iat, jti };
}

/** `Major.Minor` of a `Major.Minor.Build` version (already checked by the PoS guard). */
export function majorMinorOf(version: string): string {
  return version.slice(0, version.lastIndexOf('.'));
}
