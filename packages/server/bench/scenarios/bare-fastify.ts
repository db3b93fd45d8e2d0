import type { BareFastifyServer } from '../servers/bare-fastify.ts';
import type { LoadRequest } from '../lib/load.ts';
import { FORM, type Scenario } from './scenario.ts';

/** The token request's shape, sent to one of bare-fastify-app.ts's routes. */
const tokenShaped = (server: BareFastifyServer, path: string): LoadRequest => ({
  url: `${server.url}${path}`,
  method: 'POST',
  headers: { 'content-type': FORM, authorization: 'Basic M2Y4ZTJhNGMtNWI2ZC00ZTdmLThhOWItMGMxZDJlM2Y0YTViOnNlY3JldA==' },
  body: 'grant_type=client_credentials',
});

/** What HTTP and Fastify cost alone: the token request's shape, answered with a constant. */
export const bareFastify: Scenario<BareFastifyServer> = {
  name: 'bare-fastify',
  description: 'bare Fastify POST, constant JSON answer (HTTP floor)',
  setup: (server) => tokenShaped(server, '/token'),
};

/** The least a Fastify route that signs each token costs: bare-fastify-app.ts's /signed-token. */
export const bareSignedToken: Scenario<BareFastifyServer> = {
  name: 'bare-signed-token',
  description: 'bare Fastify POST, a fresh RS256 JWT per request (signing floor)',
  setup: (server) => tokenShaped(server, '/signed-token'),
};

/**
 * A PoS read's envelope: posv10's real PoS read request (bearer token, version and merchant
 * headers), sent to bare-fastify-app.ts's constant payment. What a PoS read costs before any of
 * its own work: the floor under the PoS read target.
 */
export function bareEnvelope(posRead: LoadRequest): Scenario<BareFastifyServer> {
  return {
    name: 'bare-envelope',
    description: "bare Fastify GET, a PoS read's request and response headers, constant payment",
    setup: (server) => ({ ...posRead, url: `${server.url}${new URL(String(posRead.url)).pathname}` }),
  };
}
