/**
 * A real posv10 sandbox listening on loopback, started in-process from the server's sources
 * (SQLite in memory), with an integrator client granted the sandbox's test merchant DK90000028.
 */
import type { AddressInfo } from 'node:net';
import { startPlatformOn, type TestPlatform } from '../../../server/test/helpers/app.ts';
import { addClient, addIntegrator } from '../../../server/src/integrators/integrator.service.ts';
import { grantSandboxMerchants } from '../../../server/src/sandbox/seed.ts';

/** The sandbox's test merchant, brand and location (seeded by the server). */
export const SANDBOX = { merchantVat: 'DK90000028', merchantBrandId: 'MPPOSCERT1', merchantLocationId: '00001' } as const;

export interface Sandbox {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly platform: TestPlatform;
  close(): Promise<void>;
}

export async function startSandbox(): Promise<Sandbox> {
  const platform = await startPlatformOn('sqlite::memory:', { POSV10_MODE: 'sandbox' });
  const { db, clock } = platform.platform;
  const integrator = await addIntegrator(db, clock, { name: 'SDK Tests', email: 'sdk@example.com', phone: '+4520031801' });
  await grantSandboxMerchants(db, clock, integrator.id);
  const { client, secret } = await addClient(db, clock, integrator.id);
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = platform.app.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, clientId: client.id, clientSecret: secret.clientSecret, platform, close: () => platform.close() };
}
