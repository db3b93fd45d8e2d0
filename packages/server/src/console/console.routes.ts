/**
 * The operator console under /console: server-rendered pages over the same services as the CLI and
 * the admin API (OperatorService, and the Notification Service's CallbackService; actor `console`
 * in the audit log), plain HTML forms that work without JavaScript, a session cookie after signing
 * in with the admin token, and a CSRF check on every change. Its own error handler answers with
 * pages, never with another surface's JSON.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Platform } from '../platform.ts';
import { DomainError } from '../shared/errors.ts';
import { PAGE_HEADERS } from '../http/html.ts';
import { ConsoleSessions } from './console-session.service.ts';
import { cookieSettings } from './console.cookie.ts';
import { MalformedForm, parseFormBody } from './console.form.ts';
import { loadAssets } from './console.assets.ts';
import { sendPage, type ConsoleDeps } from './console.context.ts';
import { STATUS_OF } from './console.errors.ts';
import { consoleGuard, csrfCheck } from './console.guard.ts';
import { signInRoutes } from './routes/sign-in.routes.ts';
import { integratorRoutes } from './routes/integrators.routes.ts';
import { merchantRoutes } from './routes/merchants.routes.ts';
import { callbackRoutes } from './routes/callbacks.routes.ts';
import { pageRoutes } from './routes/pages.routes.ts';
import { errorPage } from './views/error.view.ts';

/** The console's dependencies, from the platform the server built. */
export function consoleDeps(platform: Platform): ConsoleDeps {
  return {
    operator: platform.operator,
    lookup: platform.pos.lookup,
    callbacks: platform.notifications.callbacks,
    sessions: new ConsoleSessions(platform.db, platform.clock),
    adminTokens: platform.adminTokens,
    signInLimiter: platform.oauth.rateLimiter,
    origin: new URL(platform.config.publicUrl).origin,
    cookie: cookieSettings(platform.config.publicUrl),
  };
}

/** The largest form the console takes; its biggest (a store) is well under 2 KiB. */
const FORM_LIMIT = 16 * 1024;

export async function consoleRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const assets = loadAssets();

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_request, body, done) => {
    try {
      done(null, parseFormBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError)
      return sendPage(reply, STATUS_OF[error.kind], errorPage(STATUS_OF[error.kind], `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`));
    if (error instanceof MalformedForm || (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)) {
      return sendPage(reply, error.statusCode === 415 ? 415 : 400, errorPage(400, 'The console could not read that request, so nothing was changed.'));
    }
    request.log.error({ err: error }, 'console failure');
    return sendPage(reply, 500, errorPage(500, 'The console failed to answer. Nothing more is known here; the server log has the details.'));
  });
  app.setNotFoundHandler((_request, reply) => sendPage(reply, 404, errorPage(404, 'There is no such console page.')));

  app.addHook('onRequest', consoleGuard(deps));
  app.addHook('preHandler', csrfCheck(deps));

  app.get('/assets/:name', async (request, reply) => {
    const asset = assets.get((request.params as { name: string }).name);
    if (asset === undefined) return sendPage(reply, 404, errorPage(404, 'There is no such file.'));
    return reply.type(asset.type).headers(PAGE_HEADERS).header('cache-control', 'no-cache').send(asset.body);
  });
  app.get('/', async (_request, reply) => reply.code(303).header('location', '/console/integrators').send());

  signInRoutes(app, deps);
  integratorRoutes(app, deps);
  merchantRoutes(app, deps);
  callbackRoutes(app, deps);
  pageRoutes(app, deps);
}
