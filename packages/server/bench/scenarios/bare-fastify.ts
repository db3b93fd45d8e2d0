import type { BareFastifyServer } from '../servers/bare-fastify.ts';
import { FORM, type Scenario } from './scenario.ts';

/** What HTTP and Fastify cost alone: the token request's shape, answered with a constant. */
export const bareFastify: Scenario<BareFastifyServer> = {
  name: 'bare-fastify',
  description: 'bare Fastify POST, constant JSON answer (HTTP floor)',
  setup: (server) => ({
    url: `${server.url}/token`,
    method: 'POST',
    headers: { 'content-type': FORM, authorization: 'Basic M2Y4ZTJhNGMtNWI2ZC00ZTdmLThhOWItMGMxZDJlM2Y0YTViOnNlY3JldA==' },
    body: 'grant_type=client_credentials',
  }),
};
