/**
 * The rules every PoS V10 endpoint applies before its handler, in SPEC §3's order, as named steps:
 * bearerToken → verifyToken → clientSystemVersion → merchantVat → grantedMerchant.
 * Ownership (rule 4) is checked where the resource is loaded; idempotency (rule 5) in
 * idempotency/idempotency.hooks.ts.
 */
import type { FastifyRequest } from 'fastify';
import type { GrantedMerchants } from '../merchants/merchant.service.ts';
import { parseVat, parseVatLenient, type MerchantVat } from '../shared/vat.ts';
import { bearerToken as bearerOf } from '../shared/bearer.ts';
import { PosError } from './pos.errors.ts';
import type { PosCaller } from './pos.context.ts';
import type { ClientAdmission } from './pos.ports.ts';
import { singleHeader } from './pos.headers.ts';
import { InvalidTokenError, type TokenVerifier, type VerifiedToken } from './token-verifier.ts';

export interface GuardDeps {
  /** Merchant grants, cached for a few seconds (shared with the token endpoint). */
  readonly grants: GrantedMerchants;
  readonly verifier: TokenVerifier;
}

export const CLIENT_VERSION_HEADER = 'x-mobilepay-client-system-version';
export const MERCHANT_VAT_HEADER = 'x-mobilepay-merchant-vat-number';

/** RFC 6750 §2.1: `Bearer` then a b64token. */
/** Major.Minor.Build, digits only. */
const VERSION = /^\d{1,9}\.\d{1,9}\.\d{1,9}$/;

/** Rule 1: the bearer token, or 401. */
export function bearerToken(request: FastifyRequest): string {
  const token = bearerOf(request.headers.authorization);
  if (token === undefined) throw new InvalidTokenError('missing or malformed Authorization header');
  return token;
}

/** Rule 2: x-mobilepay-client-system-version, once, Major.Minor.Build. */
export function clientSystemVersion(request: FastifyRequest): string {
  const header = singleHeader(request, CLIENT_VERSION_HEADER);
  if (header.kind === 'missing') throw new PosError('client_version_header_missing');
  if (header.kind === 'duplicated') throw new PosError('client_version_header_duplicated');
  if (!VERSION.test(header.value)) throw new PosError('client_version_header_invalid');
  return header.value;
}

/**
 * Rule 3: the merchant the call is for — the token's `merchant_vat` claim if it has one (a header
 * naming another merchant is 1159), else the required header, in `DK12345678` or `DK-12345678` form.
 */
export function merchantVat(request: FastifyRequest, token: VerifiedToken): MerchantVat {
  const claim = token.merchantVat === undefined ? undefined : parseVat(token.merchantVat);
  if (token.merchantVat !== undefined && claim === undefined) throw new PosError('merchant_vat_claim_invalid');
  const header = singleHeader(request, MERCHANT_VAT_HEADER);
  if (header.kind === 'duplicated') throw new PosError('merchant_vat_header_duplicated');
  const fromHeader = header.kind === 'one' ? parseVatLenient(header.value) : undefined;
  if (header.kind === 'one' && fromHeader === undefined) throw new PosError('merchant_vat_header_invalid');
  if (claim !== undefined) {
    if (fromHeader !== undefined && fromHeader !== claim) {
      throw new PosError('merchant_vat_header_invalid', 'Header x-mobilepay-merchant-vat-number names another merchant than the token');
    }
    return claim;
  }
  if (fromHeader === undefined) throw new PosError('merchant_vat_header_missing');
  return fromHeader;
}

/** Runs rules 1–3 and returns the caller; throws InvalidTokenError (401) or PosError. */
export async function authenticateCaller(request: FastifyRequest, deps: GuardDeps): Promise<PosCaller> {
  const token = await deps.verifier.verify(bearerToken(request));
  clientSystemVersion(request);
  const vat = merchantVat(request, token);
  // Rule 3: the merchant must have granted the token's integrator access.
  const merchant = await deps.grants.find(vat, token.integratorId);
  if (merchant === undefined) throw new PosError('merchant_not_granted');
  return { integratorId: token.integratorId, clientId: token.clientId, merchantId: merchant.id, merchantVat: vat };
}

/**
 * Production admits certified clients only: the caller's client must hold a certificate for the
 * Major.Minor of its x-mobilepay-client-system-version (checked already by authenticateCaller).
 */
export async function admitCertified(request: FastifyRequest, admission: ClientAdmission): Promise<void> {
  const version = (request.headers[CLIENT_VERSION_HEADER] as string).trim();
  if (!(await admission.admits(request.caller.clientId, version))) {
    const majorMinor = version.slice(0, version.lastIndexOf('.'));
    throw new PosError(
      'client_version_not_certified',
      `Client version ${majorMinor} is not certified for production: complete the self-certification and import its certificate`,
    );
  }
}
