/**
 * OAuth errors as data: one class over the closed set of RFC 6749 §5.2 codes (plus the
 * rate-limit answer). The status follows from the code.
 * @see RFC 6749 §5.2
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_token'
  | 'slow_down'
  | 'server_error';

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_token: 401,
  slow_down: 429,
  server_error: 500,
};

export class OAuthError extends Error {
  readonly status: number;
  /** Extra response headers, e.g. WWW-Authenticate or Retry-After. */
  readonly headers: Record<string, string>;

  constructor(
    readonly code: OAuthErrorCode,
    readonly description?: string,
    options: { status?: number; headers?: Record<string, string> } = {},
  ) {
    super(description ?? code);
    this.name = 'OAuthError';
    this.status = options.status ?? STATUS[code];
    this.headers = options.headers ?? {};
  }

  get body(): { error: OAuthErrorCode; error_description?: string } {
    return this.description === undefined ? { error: this.code } : { error: this.code, error_description: this.description };
  }
}

/** RFC 6749 §5.2: a client that tried the Authorization header gets a Basic challenge with its 401. */
export function invalidClient(usedBasic: boolean): OAuthError {
  return new OAuthError('invalid_client', 'Client authentication failed', {
    headers: usedBasic ? { 'www-authenticate': 'Basic realm="integrator-authentication", charset="UTF-8"' } : {},
  });
}
