import type { OidcProviderServer } from '../servers/oidc-provider.ts';
import { basicAuth, FORM, type Scenario } from './scenario.ts';

/** The same job on oidc-provider: client credentials, HTTP Basic, an RS256 JWT access token. */
export const oidcProviderToken: Scenario<OidcProviderServer> = {
  name: 'oidc-provider-token',
  description: 'oidc-provider POST /token, client_secret_basic, RS256 JWT',
  setup: (server) => ({
    url: server.tokenUrl,
    method: 'POST',
    headers: { 'content-type': FORM, authorization: basicAuth(server.clientId, server.clientSecret) },
    body: 'grant_type=client_credentials&scope=integrator_scope',
  }),
};
