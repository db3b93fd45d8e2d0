/**
 * Every error the admin API answers, once: its HTTP status, its default message and any header it
 * carries (after Fastify's lib/errors.js, like the PoS API's POS_ERRORS). The code is the `error`
 * of the `{error, message}` body; docs/errors.md lists them and test/admin/errors.registry.test.ts
 * checks the two agree.
 */
import type { DomainErrorKind } from '../shared/errors.ts';

interface AdminErrorEntry {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export const ADMIN_ERRORS = {
  invalid_request: { status: 400, message: 'Invalid request' },
  // RFC 6750 §3: a 401 names the scheme (and realm) the client must use.
  unauthorized: {
    status: 401,
    message: 'A valid admin bearer token is required (POSV10_ADMIN_TOKEN)',
    headers: { 'www-authenticate': 'Bearer realm="posv10-admin"' },
  },
  not_found: { status: 404, message: 'Not found' },
  conflict: { status: 409, message: 'Conflict' },
  internal_error: { status: 500, message: 'Internal error' },
  // An SMTP or SMS provider failed; the operation was rolled back.
  delivery_failed: { status: 502, message: 'Delivery failed' },
} as const satisfies Record<string, AdminErrorEntry>;

export type AdminErrorCode = keyof typeof ADMIN_ERRORS;

/** The operator services' DomainError kinds, as the admin API answers them. */
export const DOMAIN_ERROR_CODES: Readonly<Record<DomainErrorKind, AdminErrorCode>> = {
  invalid: 'invalid_request',
  not_found: 'not_found',
  conflict: 'conflict',
  failed: 'delivery_failed',
};

export class AdminError extends Error {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: AdminErrorCode,
    /** A more specific message for the operator; never internal detail. */
    detail?: string,
    /** Only for a framework's own 4xx (413, 415), which keeps its status under invalid_request. */
    options: { status?: number } = {},
  ) {
    const entry: AdminErrorEntry = ADMIN_ERRORS[code];
    super(detail ?? entry.message);
    this.name = 'AdminError';
    this.status = options.status ?? entry.status;
    this.headers = entry.headers ?? {};
  }

  get body(): { error: AdminErrorCode; message: string } {
    return { error: this.code, message: this.message };
  }
}
