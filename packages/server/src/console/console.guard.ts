/**
 * Who may use the console, checked before any route runs:
 * - every page but sign-in and the assets needs a live session (its cookie);
 * - every change (POST) must come from our own origin (`Origin`, when the browser sends it, which
 *   all current ones do on POST) and carry the session's synchronizer token in `_csrf`, compared in
 *   constant time. SameSite=Strict already keeps other sites' requests cookie-less; the token and
 *   the origin check hold even where a browser or proxy gets that wrong.
 * @see OWASP CSRF Prevention Cheat Sheet (synchronizer token, verifying origin with standard headers)
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie } from './console.cookie.ts';
import { formValue } from './console.form.ts';
import { currentSession, sendPage, setSession, type ConsoleDeps } from './console.context.ts';
import { errorPage } from './views/error.view.ts';

/** Paths anyone may reach: the sign-in page and the static assets. */
const PUBLIC = /^\/console\/(?:sign-in|assets\/[a-z.-]+)$/;

/** Whether the request's Origin (if any) is ours. A request without one is judged by its token alone. */
export function sameOrigin(request: FastifyRequest, origin: string): boolean {
  const given = request.headers.origin;
  return given === undefined || given === origin;
}

export function consoleGuard(deps: ConsoleDeps) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const path = request.url.split('?')[0]!;
    if (request.method === 'POST' && !sameOrigin(request, deps.origin)) {
      return sendPage(reply, 403, errorPage(403, 'This change did not come from the console’s own pages, so nothing was changed.'));
    }
    if (PUBLIC.test(path)) return undefined;
    const session = await deps.sessions.resolve(readCookie(request.headers.cookie, deps.cookie.name));
    if (session === undefined) {
      if (request.method === 'GET' || request.method === 'HEAD') return reply.code(303).header('location', '/console/sign-in').send();
      return sendPage(reply, 403, errorPage(403, 'You are not signed in (or your session has ended), so nothing was changed. Sign in and try again.'));
    }
    setSession(request, session);
    return undefined;
  };
}

/** Runs after the body is parsed: a change without the session's token is refused whole. */
export function csrfCheck(deps: ConsoleDeps) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (request.method !== 'POST' || PUBLIC.test(request.url.split('?')[0]!)) return undefined;
    const session = currentSession(request);
    const token = formValue(request.body, '_csrf');
    if (session === undefined || !deps.sessions.csrfMatches(session, token === '' ? undefined : token)) {
      return sendPage(
        reply,
        403,
        errorPage(403, 'This form has expired or did not come from the console, so nothing was changed. Reload the page and try again.'),
      );
    }
    return undefined;
  };
}
