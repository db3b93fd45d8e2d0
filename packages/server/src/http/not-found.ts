/**
 * Requests for a path no route serves, answered in the shape of the surface the path belongs to:
 * a client of one API never meets another's error body, nor Fastify's own. The surfaces' scopes
 * (/pos/v10, /admin/v1) answer their own unknown paths; this is for everything else, e.g.
 * `/pos/v9/…`, `/admin/…`, `/integrator-authentication/…` and `/anything`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPosError } from '../pos/pos.error-handler.ts';
import { PosError } from '../pos/pos.errors.ts';
import { sendAdminError } from '../admin/admin.error-handler.ts';
import { AdminError } from '../admin/admin.errors.ts';
import { OAuthError } from '../oauth/oauth.errors.ts';
import { html, PAGE_HEADERS } from './html.ts';
import { surfaceOf } from './surface.ts';

/** Whether a browser navigated here (it asks for HTML first), so a page reads better than JSON. */
function wantsPage(request: FastifyRequest): boolean {
  return request.method === 'GET' && /^text\/html\b/.test(request.headers.accept ?? '');
}

function notFoundPage(): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Not found · posv10</title>
      </head>
      <body>
        <main>
          <h1>Not found</h1>
          <p>There is nothing at this address. <a href="/">The start page</a> lists what this server offers.</p>
        </main>
      </body>
    </html>`.text;
}

export function answerNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = (request.raw.url ?? '/').split('?', 1)[0]!;
  switch (surfaceOf(path)) {
    case 'pos':
    case 'sandbox':
      return sendPosError(request, reply, new PosError('not_found', 'No such PoS endpoint'));
    case 'admin':
      return sendAdminError(reply, new AdminError('not_found', 'No such admin route'));
    case 'oauth': {
      // RFC 6749 §5.2 has no "not found"; invalid_request with the status says it plainly.
      const error = new OAuthError('invalid_request', 'No such endpoint', { status: 404 });
      return reply.code(error.status).send(error.body);
    }
    case 'other':
      if (wantsPage(request)) return reply.code(404).type('text/html; charset=utf-8').headers(PAGE_HEADERS).send(notFoundPage());
      return reply.code(404).send({ error: 'not_found', message: 'No such endpoint; GET / lists what this server offers' });
  }
}
