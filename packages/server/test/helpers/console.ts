/**
 * The operator console from a test: signing in over app.inject and reading back what a page
 * carries (its CSRF token), for the console's non-browser tests.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { FORM } from './app.ts';

/** An admin token long enough for the configuration (32+ characters). */
export const CONSOLE_ADMIN_TOKEN = 'console-test-admin-token-0123456789abcdef';

/** The session cookie a Set-Cookie header sets, as `name=value`. */
export function cookieOf(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  assert.ok(header !== undefined, 'no Set-Cookie header');
  return header.split(';')[0]!;
}

/** The CSRF token the page's forms carry. */
export function csrfOf(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  assert.ok(m !== null, 'no CSRF field on the page');
  return m[1]!;
}

export interface ConsoleSignIn {
  readonly cookie: string;
  readonly csrf: string;
}

/** Signs in with `token` and reads a page's CSRF token. */
export async function signIn(app: FastifyInstance, token = CONSOLE_ADMIN_TOKEN): Promise<ConsoleSignIn> {
  const res = await app.inject({
    method: 'POST',
    url: '/console/sign-in',
    headers: { 'content-type': FORM },
    payload: new URLSearchParams({ token }).toString(),
  });
  assert.equal(res.statusCode, 303, res.body);
  const cookie = cookieOf(res.headers['set-cookie']);
  const page = await app.inject({ method: 'GET', url: '/console/integrators', headers: { cookie } });
  assert.equal(page.statusCode, 200);
  return { cookie, csrf: csrfOf(page.body) };
}

/** POSTs a console form as the signed-in operator. */
export function postForm(app: FastifyInstance, url: string, session: { cookie: string }, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': FORM, cookie: session.cookie, ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
}
