/**
 * OAuth errors as data: one class over the closed set of codes the Integrator Authentication API
 * answers, each once with its status and the RFC that defines it (after Fastify's lib/errors.js).
 * docs/errors.md lists them and test/oauth/errors.registry.test.ts checks the two agree.
 * @see RFC 6749 §5.2
 */
export const OAUTH_ERRORS = {
  invalid_request: { status: 400, rfc: 'RFC 6749 §5.2' },
  // RFC 6749 §5.2: 401 (with a Basic challenge when the client used the Authorization header).
  invalid_client: { status: 401, rfc: 'RFC 6749 §5.2' },
  invalid_grant: { status: 400, rfc: 'RFC 6749 §5.2' },
  unauthorized_client: { status: 400, rfc: 'RFC 6749 §5.2' },
  unsupported_grant_type: { status: 400, rfc: 'RFC 6749 §5.2' },
  invalid_scope: { status: 400, rfc: 'RFC 6749 §5.2' },
  // The registered code for "retry later" (RFC 8628 §3.5); the rate limits answer it with Retry-After.
  slow_down: { status: 429, rfc: 'RFC 8628 §3.5' },
  server_error: { status: 500, rfc: 'RFC 6749 §4.1.2.1' },
} as const satisfies Record<string, { status: number; rfc: string }>;

export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;

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
    this.status = options.status ?? OAUTH_ERRORS[code].status;
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
