/**
 * buildApp: one Fastify instance serving every surface, each in its own encapsulated scope with
 * its own error handler so one error shape never leaks into another.
 */
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Platform } from '../platform.ts';
import { oauthMetadataRoute, oauthRoutes } from '../oauth/oauth.routes.ts';
import { healthRoutes } from './health.routes.ts';

export interface AppOptions {
  /** Where log lines go (tests capture them); defaults to stdout. */
  readonly logStream?: Writable;
}

const CORRELATION_ID = /^[0-9A-Za-z-]{8,64}$/;

/** Never log these, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.client_secret',
  '*.clientSecret',
  '*.password',
  '*.zipPassword',
  '*.access_token',
  '*.token',
];

export async function buildApp(platform: Platform, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: platform.config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        // The path only: a query string may carry credentials a careless client put there.
        req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, path: req.url.split('?')[0], ip: req.ip }),
      },
      ...(options.logStream !== undefined ? { stream: options.logStream } : {}),
    },
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    // A caller's own correlation id is kept when it looks like one, so traces line up end to end.
    genReqId: (req) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 64 * 1024,
    trustProxy: false,
    // Graceful shutdown (close()): idle keep-alive sockets close at once, requests in flight finish,
    // and requests arriving meanwhile get 503 so a load balancer retries them elsewhere.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });

  const issuerPath = new URL(platform.issuer).pathname;
  await app.register(oauthRoutes, { prefix: '/integrator-authentication', tokens: platform.tokens, keys: platform.keys, issuer: platform.issuer });
  await app.register(oauthMetadataRoute, { issuer: platform.issuer, issuerPath });
  await app.register(healthRoutes, { db: platform.db });

  return app;
}
