import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call } from '../lib/flow.ts';
import type { Posv10Server } from '../servers/posv10.ts';
import { createTill, posSession, TEST_USER } from './pos.ts';
import type { FlowScenario } from './scenario.ts';

/**
 * Check-in notifications delivered to a local receiver (a node:http server in this process,
 * answering 200): each worker checks a customer in at its own till, whose PoS names a callback
 * alias pointing at the receiver, and waits until the signed notification for that PoS arrives.
 * The unit is one delivered notification, measured from the check-in request to its arrival, so
 * the rate includes the outbox write, the deliverer's pick-up and the HTTP post.
 */
export const notifications: FlowScenario<Posv10Server> = {
  name: 'notifications',
  description: 'check-in notifications delivered to a local receiver (check-in → signed POST arrives)',
  async setupFlows(server, workers) {
    const waiting = new Map<string, () => void>();
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(200).end();
        const { PosId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { PosId: string };
        waiting.get(PosId)?.();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    // The bench ends when its servers stop; the receiver must not keep it alive.
    receiver.unref();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
    const alias = `bench-${Date.now()}`;
    await call(`${server.url}/admin/v1/integrators/${server.fixtures.integratorId}/callbacks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}` },
      body: { alias, url },
    });
    const session = await posSession(server);
    const bearer = { authorization: session.headers.authorization! };
    const runs = [];
    for (let i = 0; i < workers; i += 1) {
      const till = await createTill(session, i, { callbackAlias: alias });
      runs.push(async () => {
        const arrived = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no notification for ${till.posId} within 10 s`)), 10_000);
          waiting.set(till.posId, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        try {
          await call(`${server.url}/pos/app/usersimulation/checkin`, {
            method: 'POST',
            headers: bearer,
            body: { beaconId: till.beaconId, phoneNumber: TEST_USER },
          });
          await arrived;
        } finally {
          waiting.delete(till.posId);
        }
      });
    }
    return runs;
  },
};
