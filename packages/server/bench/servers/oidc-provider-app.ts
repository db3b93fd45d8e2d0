/**
 * panva's oidc-provider configured for posv10's token job, as a peer to measure against:
 * client credentials, client_secret_basic, RS256 JWT access tokens (RFC 9068) with a fixed audience.
 * Runs alone in its own process (servers/oidc-provider.ts starts it under taskset).
 * Usage: node --import tsx oidc-provider-app.ts <port> <clientId> <clientSecret> <audience>
 */
import { createServer } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { Provider } from 'oidc-provider';

const [port, clientId, clientSecret, audience] = process.argv.slice(2) as [string, string, string, string];
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'bench', alg: 'RS256', use: 'sig' }] },
  scopes: ['integrator_scope'],
  ttl: { ClientCredentials: 3700 },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    // A JWT access token needs a resource server; every token gets the one audience, as ours do.
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'integrator_scope',
        audience: audience,
        accessTokenTTL: 3700,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});

const server = createServer(provider.callback());
server.listen(Number(port), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
