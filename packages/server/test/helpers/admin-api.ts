/**
 * The admin API of a test platform, called as an operator's script would (bearer token, JSON), and
 * a matcher for the operator services' errors.
 */
import type { TestPlatform } from './app.ts';
import { DomainError, type DomainErrorKind } from '../../src/shared/errors.ts';

/** The token a test platform started with `{ POSV10_ADMIN_TOKEN: ADMIN_TOKEN }` accepts. */
export const ADMIN_TOKEN = 'admin-token-for-operator-tests-0123456789';

/** `admin(t)('PATCH', '/integrators/…', {…})` → the response of `/admin/v1/integrators/…`. */
export function admin(t: () => TestPlatform) {
  return (method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: object) =>
    t().app.inject({ method, url: `/admin/v1${url}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload !== undefined ? { payload } : {}) });
}

/** For `assert.rejects`: a DomainError of `kind` whose message matches. */
export const domainError = (kind: DomainErrorKind, message: RegExp) => (err: unknown) =>
  err instanceof DomainError && err.kind === kind && message.test(err.message);
