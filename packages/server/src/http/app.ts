/**
 * buildApp: one Fastify instance serving every surface, each in its own encapsulated scope with
 * its own error handler so one error shape never leaks into another.
 */
import { compilersFactory } from './schema-compilers.ts';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { Platform } from '../platform.ts';
import { oauthMetadataRoute, oauthRoutes } from '../oauth/oauth.routes.ts';
import { posRoutes } from '../pos/pos.routes.ts';
import { sendPosError } from '../pos/pos.error-handler.ts';
import { PosError } from '../pos/pos.errors.ts';
import { adminRoutes } from '../admin/admin.routes.ts';
import { AdminError } from '../admin/admin.errors.ts';
import { sendAdminError } from '../admin/admin.error-handler.ts';
import { healthRoutes } from './health.routes.ts';
import { certificationSiteRoutes } from '../certification-site/site.routes.ts';
import { userSimulationRoutes } from '../sandbox/user-simulation.routes.ts';
import { lazyRequestLoggers } from './request-logger.ts';
import { metricsRoutes } from '../metrics/metrics.routes.ts';
import { consoleDeps, consoleRoutes } from '../console/console.routes.ts';
import { certificationRoutes } from '../certification/certification.routes.ts';
import { CERTIFICATION_POS_PREFIX, installCertificationContext } from '../certification/recorder.ts';
import { qrRoutes } from '../qr/qr.routes.ts';
import { sandboxAppRoutes } from '../sandbox/app/app.routes.ts';
import { docsUi } from './docs/docs-ui.ts';
import { answerNotFound } from './not-found.ts';
import { surfaceOf } from './surface.ts';
import { OAuthError } from '../oauth/oauth.errors.ts';
import { landingRoutes } from './landing/landing.routes.ts';
import { POSV10_VERSION } from '../shared/version.ts';

const CORRELATION_ID = /^[0-9A-Za-z-]{8,64}$/;

/** Security headers every response of every surface carries; the APIs only ever answer JSON. */
export function securityHeaders(publicUrl: string): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    // Nothing a JSON response could make a browser load, frame or submit.
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    // RFC 6797 §7.2: HSTS is only meaningful (and only honoured) over https.
    ...(publicUrl.startsWith('https:') ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * A path Fastify's router cannot even match (a parameter that is not valid percent-encoding, or
 * longer than `maxParamLength`) never reaches a surface's hooks or error handler; without this it
 * is answered in Fastify's own shape, echoing the path and without our headers. It gets the
 * surface's 400 instead.
 */
function answerUnroutable(headers: Record<string, string>): FastifyServerOptions['frameworkErrors'] {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    request.log.info({ code: error.code }, 'unroutable request');
    reply.header('x-correlation-id', request.id).headers(headers);
    const path = request.raw.url ?? '';
    // The self-certification APIs answer in the PoS shape too (they are the PoS routes again).
    const surface = path.startsWith('/pos-self-certification-api/') || path.startsWith('/certification/v1/') ? 'pos' : surfaceOf(path);
    if (surface === 'pos' || surface === 'sandbox') sendPosError(request, reply, new PosError('bad_request', 'Malformed URL'));
    else if (surface === 'admin') sendAdminError(reply, new AdminError('invalid_request', 'Malformed URL'));
    else if (surface === 'oauth') reply.code(400).send(new OAuthError('invalid_request', 'Malformed URL').body);
    else reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: 'Malformed request' });
  };
}

/** The HTTP surfaces over a built platform; it logs through the platform's logger. */
export async function buildApp(platform: Platform): Promise<FastifyInstance> {
  const headers = securityHeaders(platform.config.publicUrl);
  const logger: FastifyBaseLogger = platform.log;
  const app = Fastify({
    loggerInstance: logger,
    requestIdHeader: false,
    // Per-request info lines are opt-in (POSV10_LOG_REQUESTS): on the token path they cost a measured
    // share of throughput; errors the handlers log are written either way.
    logController: new LogController({ requestIdLogLabel: 'correlationId', disableRequestLogging: !platform.config.logRequests }),
    // A request's child logger is made only if the request logs (request-logger.ts).
    childLoggerFactory: lazyRequestLoggers,
    // A caller's own correlation id is kept when it looks like one, so traces line up end to end.
    genReqId: (req) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 64 * 1024,
    trustProxy: false,
    // Request line plus headers; larger heads are refused by node with 431 before any parsing of ours.
    http: { maxHeaderSize: platform.config.maxHeaderBytes },
    // Graceful shutdown (close()): idle keep-alive sockets close at once, requests in flight finish,
    // and requests arriving meanwhile get 503 so a load balancer retries them elsewhere.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    frameworkErrors: answerUnroutable(headers),
    // Each route's schemas compiled once per process, not once per app (schema-compilers.ts).
    schemaController: { compilersFactory },
  });

  // Hooks on every request take the callback form: an async hook costs a promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-correlation-id', request.id);
    reply.headers(headers);
    done();
  });
  // Every answer, any surface, into the latency histogram (by route template, never the raw path),
  // timed to when its body goes to the socket. The one onSend hook every answer passes records it:
  // an onResponse hook cost about 10 µs per request in Fastify's hook machinery, a measured tenth
  // of a PoS read (BENCHMARKS.md, Optimisations).
  // Once the app is closing, each answer also asks its client to close the connection: a keep-alive
  // connection whose request was in flight when shutdown began would stay open and keep close() waiting.
  const { metrics } = platform;
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    metrics.httpRequest(request.routeOptions.url, request.method, reply.statusCode, reply.elapsedTime / 1000);
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  // The last resort for anything a surface's own handler does not take: never a stack trace, SQL
  // or other internal detail in a body.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'unhandled failure');
    return reply
      .code(status)
      .send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: status === 500 ? 'Internal error' : 'Malformed request' });
  });

  // Paths no scope serves: 404 in the shape of the surface the path belongs to (http/not-found.ts).
  app.setNotFoundHandler(answerNotFound);

  const { oauth } = platform;
  await app.register(oauthRoutes, {
    prefix: '/integrator-authentication',
    tokens: oauth.tokens,
    keys: oauth.keys,
    issuer: oauth.issuer,
    introspection: oauth.introspection,
    observer: platform.metrics,
  });
  await app.register(oauthMetadataRoute, { issuer: oauth.issuer, issuerPath: new URL(oauth.issuer).pathname, withManagementEndpoints: true });
  await app.register(posRoutes, {
    prefix: '/pos/v10',
    pos: platform.pos,
    admission: platform.certificates.admission,
    publicUrl: platform.config.publicUrl,
    docsUi: async (scope) => {
      await scope.register(docsUi, { publicUrl: platform.config.publicUrl });
    },
  });
  if (platform.config.mode === 'sandbox')
    await app.register(userSimulationRoutes, { prefix: '/pos/app/usersimulation', pos: platform.pos, publicUrl: platform.config.publicUrl });
  // Self-certification (sandbox only): the PoS routes again, in a context that scripts and records the client's calls.
  const { certification } = platform;
  if (certification !== undefined) {
    const context = (scope: FastifyInstance) => installCertificationContext(scope, { certification, pos: platform.pos, clock: platform.clock });
    await app.register(posRoutes, { prefix: CERTIFICATION_POS_PREFIX, pos: platform.pos, docs: false, context });
    await app.register(certificationRoutes, { prefix: '/certification/v1', certification, pos: platform.pos });
    await app.register(certificationSiteRoutes, { publicUrl: platform.config.publicUrl });
  }
  await app.register(qrRoutes, { prefix: '/qr', pos: platform.pos });
  if (platform.config.mode === 'sandbox') {
    await app.register(sandboxAppRoutes, { prefix: '/sandbox/app', pos: platform.pos, publicUrl: platform.config.publicUrl });
  }
  await app.register(adminRoutes, {
    prefix: '/admin/v1',
    operator: platform.operator,
    adminTokens: platform.adminTokens,
    callbacks: platform.notifications.callbacks,
    certificates: platform.certificates.service,
  });
  await app.register(healthRoutes, { db: platform.db });
  await app.register(metricsRoutes, { metrics, adminTokens: platform.adminTokens, public: platform.config.metricsPublic });
  await app.register(consoleRoutes, { prefix: '/console', ...consoleDeps(platform) });
  await app.register(landingRoutes, { version: POSV10_VERSION, mode: platform.config.mode, publicUrl: platform.config.publicUrl, issuer: oauth.issuer });

  return app;
}
