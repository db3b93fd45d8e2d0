import type { Posv10Server } from '../servers/posv10.ts';
import { createTill, initiatePayment, posSession } from './pos.ts';
import type { Scenario } from './scenario.ts';

/**
 * The PoS API's most frequent call: a till polling its payment. Pays for the guard (token from
 * the verified-token cache, client enabled, not revoked, merchant granted), one payment lookup and
 * the response serializer. The token, till and payment are made before the measured run.
 */
export const posRead: Scenario<Posv10Server> = {
  name: 'pos-read',
  description: 'GET /pos/v10/payments/{id}, bearer token with merchant_vat',
  async setup(server) {
    const session = await posSession(server);
    const till = await createTill(session, 0);
    const paymentId = await initiatePayment(session, till.posId, 'BENCH-READ');
    return { url: `${server.url}/pos/v10/payments/${paymentId}`, method: 'GET', headers: session.headers };
  },
};
