import type { Posv10Server } from '../servers/posv10.ts';
import { posv10TokenRequest, type Scenario } from './scenario.ts';

/** The token endpoint's common case: client credentials, HTTP Basic, no merchant. */
export const token: Scenario<Posv10Server> = {
  name: 'token',
  description: 'POST /connect/token, client_secret_basic',
  setup: (server) => posv10TokenRequest(server, 'grant_type=client_credentials'),
};
