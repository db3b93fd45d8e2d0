/**
 * The authorization server's metadata: OpenID Connect discovery and RFC 8414 share one document.
 * Every URL is absolute and built from the configured public base URL.
 * @see OpenID Connect Discovery 1.0 §3, RFC 8414 §2
 */
export interface DiscoveryOptions {
  readonly issuer: string;
  /** Optional endpoints this server offers, by metadata name (e.g. introspection_endpoint). */
  readonly extraEndpoints?: Readonly<Record<string, string>>;
}

export const TOKEN_PATH = '/connect/token';
export const JWKS_PATH = '/.well-known/openid-configuration/jwks';
export const INTROSPECTION_PATH = '/connect/introspect';
export const REVOCATION_PATH = '/connect/revocation';

/** The optional endpoints this server offers, as discovery metadata (pass as `extraEndpoints`). */
export function managementEndpoints(issuer: string): Record<string, string> {
  return {
    introspection_endpoint: issuer + INTROSPECTION_PATH,
    revocation_endpoint: issuer + REVOCATION_PATH,
  };
}

export function discoveryDocument(options: DiscoveryOptions): Record<string, unknown> {
  const { issuer } = options;
  return {
    issuer,
    jwks_uri: issuer + JWKS_PATH,
    token_endpoint: issuer + TOKEN_PATH,
    ...options.extraEndpoints,
    scopes_supported: ['integrator_scope'],
    claims_supported: ['iss', 'aud', 'sub', 'client_id', 'integrator_id', 'merchant_vat', 'scope', 'iat', 'nbf', 'exp', 'jti'],
    grant_types_supported: ['client_credentials'],
    response_types_supported: ['token'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    id_token_signing_alg_values_supported: ['RS256'],
    subject_types_supported: ['public'],
    ...(options.extraEndpoints?.introspection_endpoint !== undefined
      ? { introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'] }
      : {}),
    ...(options.extraEndpoints?.revocation_endpoint !== undefined
      ? { revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'] }
      : {}),
  };
}
