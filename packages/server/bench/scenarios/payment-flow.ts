import { call } from '../lib/flow.ts';
import type { Posv10Server } from '../servers/posv10.ts';
import { createTill, initiatePayment, PAYMENT_TERMS, posSession, TEST_USER } from './pos.ts';
import type { FlowScenario } from './scenario.ts';

/**
 * A whole payment, as a till and a customer make it: initiate (idempotency key) → check-in and
 * accept by the sandbox user simulation → capture. Each worker has a till of its own, since a PoS
 * holds one active payment at a time; the measured unit is one completed flow (four requests).
 */
export const paymentFlow: FlowScenario<Posv10Server> = {
  name: 'payment-flow',
  description: 'payment flow: initiate → check-in → accept → capture (4 requests)',
  async setupFlows(server, workers) {
    const session = await posSession(server);
    const simulation = `${server.url}/pos/app/usersimulation`;
    const bearer = { authorization: session.headers.authorization! };
    const runs = [];
    for (let i = 0; i < workers; i += 1) {
      const till = await createTill(session, i);
      const user = { beaconId: till.beaconId, phoneNumber: TEST_USER };
      let n = 0;
      runs.push(async () => {
        n += 1;
        const paymentId = await initiatePayment(session, till.posId, `BENCH-${i}-${n}`);
        const payment = `${server.url}/pos/v10/payments/${paymentId}`;
        try {
          await call(`${simulation}/checkin`, { method: 'POST', headers: bearer, body: user });
          await call(`${simulation}/acceptpayment`, { method: 'POST', headers: bearer, body: user });
          await call(`${payment}/capture`, { method: 'POST', headers: session.headers, body: { amount: PAYMENT_TERMS.amount } });
        } catch (err) {
          // A payment left active would block the till (409 on every later initiate): cancel it, then count the failure.
          await call(`${payment}/cancel`, { method: 'POST', headers: session.headers }).catch(() => undefined);
          throw err;
        }
      });
    }
    return runs;
  },
};
