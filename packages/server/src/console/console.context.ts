/** What every console route works with, and the signed-in session of a request. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorService } from '../operator/operator.service.ts';
import type { AdminTokenVerifier } from '../admin/admin-token.service.ts';
import type { TokenRateLimiter } from '../oauth/rate-limit.service.ts';
import type { PaymentLookup } from '../pos/lookup/payment-lookup.service.ts';
import type { CallbackService } from '../notifications/callback.service.ts';
import { PAGE_HEADERS } from '../http/html.ts';
import type { ConsoleSession, ConsoleSessions } from './console-session.service.ts';
import type { CookieSettings } from './console.cookie.ts';

export interface ConsoleDeps {
  readonly operator: OperatorService;
  readonly lookup: PaymentLookup;
  /** Callback aliases and their deliveries: the Notification Service's own operator actions, as the CLI and the admin API use them. */
  readonly callbacks: CallbackService;
  readonly sessions: ConsoleSessions;
  readonly adminTokens: AdminTokenVerifier;
  /** The token endpoint's failed-authentication limiter: a wrong admin token counts like a wrong client secret. */
  readonly signInLimiter: TokenRateLimiter;
  /** Origins a change may come from (the public URL's). */
  readonly origin: string;
  readonly cookie: CookieSettings;
}

/** The audit log's actor for everything done in the console. */
export const CONSOLE_ACTOR = 'console';

const sessions = new WeakMap<FastifyRequest, ConsoleSession>();

export function setSession(request: FastifyRequest, session: ConsoleSession): void {
  sessions.set(request, session);
}

/** The request's session, if the guard found one. */
export function currentSession(request: FastifyRequest): ConsoleSession | undefined {
  return sessions.get(request);
}

/** The request's session; the guard has already turned away requests without one. */
export function sessionOf(request: FastifyRequest): ConsoleSession {
  const session = sessions.get(request);
  if (session === undefined) throw new Error('console route reached without a session');
  return session;
}

/**
 * Console pages send their origin along with their own form posts (`same-origin`), which the
 * origin check needs: under the API-wide `no-referrer`, browsers send `Origin: null` on a form
 * post. Other sites still get no referrer.
 */
const CONSOLE_PAGE_HEADERS = { ...PAGE_HEADERS, 'referrer-policy': 'same-origin' };

export function sendPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').headers(CONSOLE_PAGE_HEADERS).send(page);
}

/** After a change: back to a page with a notice code (Post/Redirect/Get, so a reload repeats nothing). */
export function seeOther(reply: FastifyReply, path: string, notice?: { code: string; subject?: string }): FastifyReply {
  const params = new URLSearchParams(notice === undefined ? {} : { notice: notice.code, ...(notice.subject !== undefined ? { subject: notice.subject } : {}) });
  const query = notice === undefined ? '' : `?${params.toString()}`;
  return reply.code(303).header('location', `${path}${query}`).send();
}
