/**
 * The token endpoint's rules as named steps, in the order they run
 * (after node-oidc-provider's lib/actions/token.js):
 * parseForm → authenticateClient → checkGrantType → checkScope → checkMerchant → issueToken.
 * @see RFC 6749 §4.4 (client credentials), RFC 9068 (JWT access tokens)
 */
import type { Clock } from '../shared/clock.ts';
import { epochSeconds } from '../shared/clock.ts';
import type { AuthenticatedClient, ClientDirectory } from '../integrators/integrator.service.ts';
import type { GrantedMerchants } from '../merchants/merchant.service.ts';
import { newId } from '../shared/random.ts';
import { parseVatLenient, type MerchantVat } from '../shared/vat.ts';
import { invalidClient, OAuthError } from './oauth.errors.ts';
import { isBasicScheme, parseBasic } from './form.ts';
import type { KeyStore } from './keys.service.ts';
import type { TokenRateLimiter } from './rate-limit.service.ts';

export { parseTokenForm as parseForm } from './form.ts';

export const INTEGRATOR_SCOPE = 'integrator_scope';
export const SUPPORTED_SCOPES = [INTEGRATOR_SCOPE] as const;

/** The client's credentials as presented, before they are checked. */
export interface PresentedCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly method: 'client_secret_basic' | 'client_secret_post';
}

/**
 * Which credentials the request presents. RFC 6749 §2.3: exactly one method per request.
 * A malformed Basic header or no credentials at all is invalid_client (401).
 */
export function presentedCredentials(params: Map<string, string>, authorization: string | undefined): PresentedCredentials {
  const usedBasic = isBasicScheme(authorization);
  const postId = params.get('client_id');
  const postSecret = params.get('client_secret');
  if (usedBasic) {
    if (postSecret !== undefined)
      throw new OAuthError('invalid_request', 'Use one client authentication method: HTTP Basic or client_secret in the body, not both');
    const basic = parseBasic(authorization!);
    if (basic === undefined) throw invalidClient(true);
    // A client_id in the body beside Basic is tolerated only when it names the same client.
    if (postId !== undefined && postId !== basic.clientId)
      throw new OAuthError('invalid_request', 'client_id in the body differs from the one in the Authorization header');
    return { ...basic, method: 'client_secret_basic' };
  }
  if (postId !== undefined && postSecret !== undefined) return { clientId: postId, clientSecret: postSecret, method: 'client_secret_post' };
  throw invalidClient(false);
}

export function checkGrantType(params: Map<string, string>): void {
  const grantType = params.get('grant_type');
  if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
  if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported');
}

/** The granted scope: the requested one if every part of it exists, else invalid_scope. */
export function checkScope(params: Map<string, string>): string {
  const requested = params.get('scope');
  if (requested === undefined) return INTEGRATOR_SCOPE;
  const parts = requested.split(' ').filter((s) => s !== '');
  if (parts.length === 0) return INTEGRATOR_SCOPE;
  for (const part of parts) {
    if (!(SUPPORTED_SCOPES as readonly string[]).includes(part))
      throw new OAuthError('invalid_scope', `Unknown scope "${part.slice(0, 40)}"; supported: ${SUPPORTED_SCOPES.join(' ')}`);
  }
  return [...new Set(parts)].join(' ');
}

export interface TokenSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly tokenTtlSeconds: number;
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
}

/** Issues access tokens. One instance per process; holds the caches of the hot path. */
export class TokenService {
  constructor(
    /** Merchant grants, cached for a few seconds and shared with the PoS guard. */
    private readonly grants: GrantedMerchants,
    private readonly clock: Clock,
    private readonly clients: ClientDirectory,
    private readonly keys: KeyStore,
    private readonly settings: TokenSettings,
    /** Brute-force protection and token quota; absent, nothing is limited. */
    private readonly limiter?: TokenRateLimiter,
    /** Told when recording a client's last token fails; the token is issued all the same. */
    private readonly onRecordError: (err: unknown) => void = () => {},
  ) {}

  /**
   * The client the credentials prove, else invalid_client. With a source `address`, failures are
   * limited and, over a limit, the request is refused with 429 before the secret is compared
   * (RFC 6749 §2.3.1: the server MUST protect the endpoint against brute force). `forToken` says
   * whether a success counts toward the client's token quota.
   */
  async authenticateClient(presented: PresentedCredentials, address?: string, forToken = true): Promise<AuthenticatedClient> {
    const admission = address !== undefined && this.limiter !== undefined ? await this.limiter.admit(address, presented.clientId, forToken) : undefined;
    const client = await this.clients.authenticate(presented.clientId, presented.clientSecret);
    if (client === undefined) {
      if (admission !== undefined) await this.limiter!.failed(admission);
      throw invalidClient(presented.method === 'client_secret_basic');
    }
    return client;
  }

  /** The merchant the token is for, if requested: valid format, known, and granted to the integrator. */
  async checkMerchant(params: Map<string, string>, client: AuthenticatedClient): Promise<MerchantVat | undefined> {
    const requested = params.get('merchant_vat');
    if (requested === undefined) return undefined;
    // The older hyphenated DK-12345678 is accepted, as in the PoS header and the CLI; the claim is
    // always the canonical DK12345678.
    const vat = parseVatLenient(requested);
    if (vat === undefined) throw new OAuthError('invalid_request', 'merchant_vat must be DK or FI followed by 8 digits, e.g. DK12345678');
    const merchant = await this.grants.find(vat, client.integratorId);
    if (merchant === undefined) throw new OAuthError('invalid_request', `Merchant ${vat} is unknown or has not granted this integrator access`);
    return vat;
  }

  async issueToken(client: AuthenticatedClient, scope: string, merchantVat: MerchantVat | undefined): Promise<TokenResponse> {
    const iat = epochSeconds(this.clock);
    const ttl = this.settings.tokenTtlSeconds;
    const claims: Record<string, unknown> = {
      iss: this.settings.issuer,
      aud: this.settings.audience,
      sub: client.clientId,
      client_id: client.clientId,
      integrator_id: client.integratorId,
      scope,
      iat,
      nbf: iat,
      exp: iat + ttl,
      jti: newId(),
    };
    if (merchantVat !== undefined) claims.merchant_vat = merchantVat;
    const accessToken = await this.keys.signer.sign(claims);
    await this.clients.recordTokenIssued(client.clientId)?.catch(this.onRecordError);
    return { access_token: accessToken, expires_in: ttl, token_type: 'Bearer', scope };
  }
}
