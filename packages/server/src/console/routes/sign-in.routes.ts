/**
 * Signing in with the admin token and out again. A wrong token counts against the token
 * endpoint's failed-authentication limits for the caller's address (the same limiter, keyed
 * `console`), so guessing is as slow here as against a client secret.
 */
import type { FastifyInstance } from 'fastify';
import { OAuthError } from '../../oauth/oauth.errors.ts';
import { clearedCookie, readCookie, sessionCookie } from '../console.cookie.ts';
import { formValue } from '../console.form.ts';
import { noticeOf } from '../console.notices.ts';
import { seeOther, sendPage, sessionOf, type ConsoleDeps } from '../console.context.ts';
import { fieldError } from '../console.errors.ts';
import { signInPage } from '../views/sign-in.view.ts';
import { errorPage } from '../views/error.view.ts';

/** The limiter's "client id" for console sign-ins. */
const SIGN_IN_KEY = 'console';
const MAX_TOKEN_LENGTH = 1024;

export function signInRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  app.get('/sign-in', async (request, reply) => {
    // Already signed in: straight on.
    if ((await deps.sessions.resolve(readCookie(request.headers.cookie, deps.cookie.name))) !== undefined) return seeOther(reply, '/console/integrators');
    return sendPage(reply, 200, signInPage({ form: 'sign-in', values: {}, errors: {} }, noticeOf(request.query)));
  });

  app.post('/sign-in', async (request, reply) => {
    const token = formValue(request.body, 'token');
    if (token === '') return sendPage(reply, 400, signInPage(fieldError('sign-in', {}, 'token', 'Enter the admin token.')));
    let admission;
    try {
      admission = await deps.signInLimiter.admit(request.ip, SIGN_IN_KEY, false);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      reply.headers(err.headers);
      return sendPage(reply, 429, errorPage(429, 'Too many failed sign-ins from your address. Wait a few minutes and try again.'));
    }
    if (token.length > MAX_TOKEN_LENGTH || !(await deps.adminTokens.verify(token))) {
      await deps.signInLimiter.failed(admission);
      // The typed token is never echoed back into the page.
      return sendPage(reply, 401, signInPage(fieldError('sign-in', {}, 'token', 'That is not the admin token. Check POSV10_ADMIN_TOKEN and try again.')));
    }
    // A session the browser already had ends here: one sign-in, one live session per browser.
    const earlier = readCookie(request.headers.cookie, deps.cookie.name);
    if (earlier !== undefined) await deps.sessions.end(earlier);
    const session = await deps.sessions.start();
    reply.header('set-cookie', sessionCookie(deps.cookie, session.id));
    return seeOther(reply, '/console/integrators');
  });

  app.post('/sign-out', async (request, reply) => {
    await deps.sessions.end(sessionOf(request).id);
    reply.header('set-cookie', clearedCookie(deps.cookie));
    return seeOther(reply, '/console/sign-in', { code: 'signed-out' });
  });
}
