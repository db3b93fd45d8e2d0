/**
 * The Integrator Authentication API's OpenAPI document, served at
 * /integrator-authentication/openapi.json. Written out rather than generated: the token endpoint
 * takes a form (RFC 6749 §4.4) that the route parses itself, so there is no route schema to derive
 * it from. Error bodies are RFC 6749 §5.2's; the codes are in docs/errors.md.
 */
import { INTROSPECTION_PATH, JWKS_PATH, REVOCATION_PATH, TOKEN_PATH } from './discovery.ts';

const OAUTH_ERROR = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string', example: 'invalid_client' }, error_description: { type: 'string' } },
} as const;

const errors = (statuses: readonly number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: 'RFC 6749 §5.2 error', content: { 'application/json': { schema: OAUTH_ERROR } } }]));

const CLIENT_AUTH = {
  client_id: { type: 'string', description: 'client_secret_post: the client id (else HTTP Basic)' },
  client_secret: { type: 'string', description: 'client_secret_post: the client secret (else HTTP Basic)' },
} as const;

const form = (properties: Record<string, unknown>, required: readonly string[]) => ({
  required: true,
  content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', required, properties } } },
});

/** The document for an issuer (`<public URL>/integrator-authentication`); paths are relative to it. */
export function oauthOpenApi(issuer: string, options: { withManagementEndpoints: boolean }): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    [TOKEN_PATH]: {
      post: {
        summary: 'Client credentials grant: an access token for the PoS V10 API',
        security: [{ basic: [] }, {}],
        requestBody: form(
          {
            grant_type: { type: 'string', enum: ['client_credentials'] },
            scope: { type: 'string', example: 'integrator_scope' },
            merchant_vat: { type: 'string', description: 'binds the token to one merchant (DK12345678 or DK-12345678)', example: 'DK12345678' },
            ...CLIENT_AUTH,
          },
          ['grant_type'],
        ),
        responses: {
          200: {
            description: 'An access token (a JWT, typ at+jwt)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['access_token', 'token_type', 'expires_in'],
                  properties: {
                    access_token: { type: 'string' },
                    token_type: { type: 'string', enum: ['Bearer'] },
                    expires_in: { type: 'integer' },
                    scope: { type: 'string' },
                  },
                },
              },
            },
          },
          ...errors([400, 401, 405, 413, 429]),
        },
      },
    },
    '/.well-known/openid-configuration': {
      get: { summary: 'Discovery document', security: [], responses: { 200: { description: 'OpenID Provider metadata' } } },
    },
    [JWKS_PATH]: { get: { summary: 'The public signing keys (JWKS)', security: [], responses: { 200: { description: 'A JSON Web Key Set' } } } },
  };
  if (options.withManagementEndpoints) {
    const tokenForm = form({ token: { type: 'string' }, token_type_hint: { type: 'string', enum: ['access_token'] }, ...CLIENT_AUTH }, ['token']);
    paths[INTROSPECTION_PATH] = {
      post: {
        summary: 'RFC 7662 introspection of a token the calling client holds',
        security: [{ basic: [] }, {}],
        requestBody: tokenForm,
        responses: { 200: { description: '{"active": …} and the token claims when active' }, ...errors([400, 401, 429]) },
      },
    };
    paths[REVOCATION_PATH] = {
      post: {
        summary: 'RFC 7009 revocation of a token the calling client holds',
        security: [{ basic: [] }, {}],
        requestBody: tokenForm,
        responses: { 200: { description: 'Revoked, or was not valid' }, ...errors([400, 401, 429]) },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'posv10 Integrator Authentication API', version: '1', description: 'OAuth 2.0 client credentials for the PoS V10 API.' },
    servers: [{ url: issuer }],
    components: { securitySchemes: { basic: { type: 'http', scheme: 'basic', description: 'client_secret_basic: client id and secret' } } },
    paths,
  };
}
