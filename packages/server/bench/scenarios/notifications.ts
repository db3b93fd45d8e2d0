import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call } from '../lib/flow.ts';
import type { Posv10Server } from '../servers/posv10.ts';
import { createTill, posSession, TEST_USER, type Till } from './pos.ts';
import type { FlowScenario } from './scenario.ts';

/** Starts a notification receiver on loopback; answers the URL to give its alias. */
export async function listenLocal(receiver: Server): Promise<string> {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  // The bench ends when its servers stop; the receiver must not keep it alive.
  receiver.unref();
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
}

/** `count` tills whose PoS names a fresh callback alias (made through the admin API) pointing at `url`, and how to check a customer in at one (the sandbox user simulation). */
export async function notifiedTills(
  server: Posv10Server,
  url: string,
  count: number,
): Promise<{ alias: string; tills: Till[]; checkIn: (till: Till) => Promise<unknown> }> {
  const alias = `bench-${Date.now()}`;
  await call(`${server.url}/admin/v1/integrators/${server.fixtures.integratorId}/callbacks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}` },
    body: { alias, url },
  });
  const session = await posSession(server);
  const bearer = { authorization: session.headers.authorization! };
  const tills = [];
  for (let i = 0; i < count; i += 1) tills.push(await createTill(session, i, { callbackAlias: alias }));
  const checkIn = (till: Till) =>
    call(`${server.url}/pos/app/usersimulation/checkin`, { method: 'POST', headers: bearer, body: { beaconId: till.beaconId, phoneNumber: TEST_USER } });
  return { alias, tills, checkIn };
}

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
    const { tills, checkIn } = await notifiedTills(server, await listenLocal(receiver), workers);
    return tills.map((till) => async () => {
      const arrived = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no notification for ${till.posId} within 10 s`)), 10_000);
        waiting.set(till.posId, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      try {
        await checkIn(till);
        await arrived;
      } finally {
        waiting.delete(till.posId);
      }
    });
  },
};
