/**
 * The Integrator Authentication API over HTTP: the token endpoint, introspection and revocation,
 * discovery and JWKS. Mounted under /integrator-authentication; the RFC 8414 metadata path lives
 * at the root. Every error is an OAuthError, answered by one handler.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { KeyStore } from './keys.service.ts';
import { OAuthError } from './oauth.errors.ts';
import { discoveryDocument, INTROSPECTION_PATH, JWKS_PATH, managementEndpoints, REVOCATION_PATH, TOKEN_PATH } from './discovery.ts';
import { checkGrantType, checkScope, parseForm, presentedCredentials, type TokenService } from './token.service.ts';
import { requiredToken, type TokenIntrospection } from './introspection.service.ts';
import { oauthOpenApi } from './oauth.openapi.ts';

export interface OAuthRouteDeps {
  readonly tokens: TokenService;
  readonly keys: KeyStore;
  readonly issuer: string;
  /** Introspection and revocation; when absent, neither endpoint is served nor published. */
  readonly introspection?: TokenIntrospection;
  /** Told each token request's outcome and each 429 (metrics); must neither throw nor wait. */
  readonly observer?: OAuthObserver;
}

export interface OAuthObserver {
  tokenRequest(outcome: string, grantType: string | undefined): void;
  rateLimited(endpoint: string): void;
}

/** Token request bodies are a handful of short parameters; anything larger is refused early. */
export const TOKEN_BODY_LIMIT = 8 * 1024;

const WRONG_CONTENT_TYPE = Symbol('wrong content type');

/** Every method but POST on the form endpoints, which answer them 405 with the methods they allow. */
const NOT_POST = ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
// RFC 6749 §3.2: "The client MUST use the HTTP POST method"; RFC 9110 §15.5.6: a 405 names the allowed methods.
const usePost = async (): Promise<never> => {
  throw new OAuthError('invalid_request', 'Use POST', { status: 405, headers: { allow: 'POST' } });
};

function sendOAuthError(reply: FastifyReply, err: OAuthError): FastifyReply {
  return reply.code(err.status).headers(err.headers).send(err.body);
}

/** Maps anything thrown in the OAuth surface to an RFC 6749 §5.2 body; never leaks internals. */
function toOAuthError(error: Error & { statusCode?: number; code?: string }, request: FastifyRequest): OAuthError {
  if (error instanceof OAuthError) return error;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new OAuthError('invalid_request', `Request body larger than ${TOKEN_BODY_LIMIT} bytes`, { status: 413 });
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) return new OAuthError('invalid_request', 'Malformed request');
  request.log.error({ err: error }, 'token endpoint failure');
  return new OAuthError('server_error', 'Internal error');
}

/** The error handler of the OAuth surface, telling `observer` of refused token requests and 429s. */
function oauthErrorHandler(observer: OAuthObserver | undefined) {
  return (error: Error & { statusCode?: number; code?: string }, request: FastifyRequest, reply: FastifyReply) => {
    const err = toOAuthError(error, request);
    const route = request.routeOptions.url ?? '';
    if (observer !== undefined) {
      // The refused path only: reading the form again costs nothing that matters here.
      if (route.endsWith(TOKEN_PATH))
        observer.tokenRequest(err.code, typeof request.body === 'string' ? (new URLSearchParams(request.body).get('grant_type') ?? undefined) : undefined);
      if (err.status === 429) observer.rateLimited(route);
    }
    return sendOAuthError(reply, err);
  };
}

/** The form parameters of a client-authenticating endpoint; any other content type is invalid_request. */
function formOf(body: unknown): Map<string, string> {
  if (typeof body !== 'string') throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded');
  return parseForm(body);
}

/** Routes under /integrator-authentication. */
export async function oauthRoutes(app: FastifyInstance, deps: OAuthRouteDeps): Promise<void> {
  app.setErrorHandler(oauthErrorHandler(deps.observer));

  await app.register(async (token) => {
    // RFC 6749 §5.1: token responses must not be cached.
    token.addHook('onSend', (_req, reply, payload, done) => {
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      done(null, payload);
    });
    token.removeAllContentTypeParsers();
    token.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    // Any other content type is read (within the limit) and refused by the handler as invalid_request.
    token.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, done) => done(null, WRONG_CONTENT_TYPE));

    token.post(TOKEN_PATH, { bodyLimit: TOKEN_BODY_LIMIT }, async (request, reply) => {
      const params = formOf(request.body);
      const presented = presentedCredentials(params, request.headers.authorization);
      const client = await deps.tokens.authenticateClient(presented, request.ip);
      checkGrantType(params);
      const scope = checkScope(params);
      const merchantVat = await deps.tokens.checkMerchant(params, client);
      const issued = await deps.tokens.issueToken(client, scope, merchantVat);
      deps.observer?.tokenRequest('issued', params.get('grant_type'));
      return reply.send(issued);
    });

    token.route({ method: NOT_POST, url: TOKEN_PATH, handler: usePost });

    const introspection = deps.introspection;
    if (introspection !== undefined) {
      // Both authenticate the caller exactly as the token endpoint does (same parsing, same
      // brute-force limits), but mint nothing, so they do not count toward the token quota.
      const authenticated = async (request: FastifyRequest) => {
        const params = formOf(request.body);
        const client = await deps.tokens.authenticateClient(presentedCredentials(params, request.headers.authorization), request.ip, false);
        return { client, token: requiredToken(params) };
      };
      token.post(INTROSPECTION_PATH, { bodyLimit: TOKEN_BODY_LIMIT }, async (request, reply) => {
        const { client, token: presented } = await authenticated(request);
        return reply.send(await introspection.introspect(presented, client));
      });
      token.post(REVOCATION_PATH, { bodyLimit: TOKEN_BODY_LIMIT }, async (request, reply) => {
        const { client, token: presented } = await authenticated(request);
        await introspection.revoke(presented, client);
        // RFC 7009 §2.2: 200 whether or not the token was valid; the body is ignored by clients.
        return reply.code(200).send();
      });
      for (const url of [INTROSPECTION_PATH, REVOCATION_PATH]) token.route({ method: NOT_POST, url, handler: usePost });
    }
  });

  app.get('/.well-known/openid-configuration', async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .send(discoveryDocument({ issuer: deps.issuer, extraEndpoints: deps.introspection !== undefined ? managementEndpoints(deps.issuer) : {} })),
  );

  app.get(JWKS_PATH, async (_request, reply) =>
    // Short max-age: verifiers also refetch on an unknown kid, and rotation publishes keys before use.
    reply.header('cache-control', 'public, max-age=300').send(deps.keys.jwks),
  );

  const openapi = oauthOpenApi(deps.issuer, { withManagementEndpoints: deps.introspection !== undefined });
  app.get(OAUTH_OPENAPI_PATH, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(openapi));
}

/** Where the OpenAPI document of this API is, under the issuer. */
export const OAUTH_OPENAPI_PATH = '/openapi.json';

/** RFC 8414 §3: the issuer's path goes after the well-known prefix. Registered at the root. */
export async function oauthMetadataRoute(app: FastifyInstance, deps: { issuer: string; issuerPath: string; withManagementEndpoints?: boolean }): Promise<void> {
  const extraEndpoints = deps.withManagementEndpoints === true ? managementEndpoints(deps.issuer) : {};
  app.get(`/.well-known/oauth-authorization-server${deps.issuerPath}`, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(discoveryDocument({ issuer: deps.issuer, extraEndpoints })),
  );
}
