/**
 * posv10 as the benchmark runs it: `bin/posv10.js serve` in a child process on the given cores,
 * over a fresh SQLite file seeded beforehand through the services themselves (an integrator, its
 * client, a merchant that granted it access).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/shared/clock.ts';
import { createDb } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { addClient, addIntegrator } from '../../src/integrators/integrator.service.ts';
import { addMerchant, grantIntegrator } from '../../src/merchants/merchant.service.ts';
import { freePort, startChild, type ChildServer } from '../lib/child.ts';
import type { Cores } from '../lib/pin.ts';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** The rows a scenario can use. */
export interface Posv10Fixtures {
  readonly integratorId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly merchantVat: string;
}

export interface Posv10Server extends ChildServer {
  readonly kind: 'posv10';
  readonly fixtures: Posv10Fixtures;
  /** Where the Integrator Authentication API is mounted. */
  readonly authUrl: string;
}

export interface Posv10Options {
  readonly cores: Cores;
  /** Extra POSV10_* settings, e.g. { POSV10_SIGNING_ALG: 'ES256' }. */
  readonly env?: Record<string, string>;
  /** Flags for the server's node, e.g. ['--cpu-prof'] to see where a request's time goes. */
  readonly nodeFlags?: readonly string[];
}

async function seed(databaseUrl: string): Promise<Posv10Fixtures> {
  const handle = createDb(databaseUrl);
  try {
    await migrateToLatest(handle.db);
    const integrator = await addIntegrator(handle.db, systemClock, { name: 'Bench Integrator', email: 'bench@example.com', phone: '+4520031801' });
    const { client, secret } = await addClient(handle.db, systemClock, integrator.id);
    const merchantVat = 'DK12345678';
    await addMerchant(handle.db, systemClock, { vat: merchantVat, name: 'Bench Merchant' });
    await grantIntegrator(handle.db, systemClock, merchantVat, integrator.id);
    return { integratorId: integrator.id, clientId: client.id, clientSecret: secret.clientSecret, merchantVat };
  } finally {
    await handle.close();
  }
}

export async function startPosv10(options: Posv10Options): Promise<Posv10Server> {
  const dir = mkdtempSync(join(tmpdir(), 'posv10-bench-'));
  const databaseUrl = `sqlite:${join(dir, 'posv10.sqlite')}`;
  try {
    const fixtures = await seed(databaseUrl);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = await startChild({
      name: 'posv10',
      cores: options.cores,
      nodeArgs: [...(options.nodeFlags ?? []), 'bin/posv10.js', 'serve'],
      cwd: PACKAGE_DIR,
      env: {
        POSV10_DATABASE_URL: databaseUrl,
        POSV10_PORT: String(port),
        POSV10_HOST: '127.0.0.1',
        POSV10_PUBLIC_URL: url,
        POSV10_MODE: 'sandbox',
        ...options.env,
      },
      url,
      readyPath: '/integrator-authentication/.well-known/openid-configuration',
    });
    return {
      ...child,
      kind: 'posv10',
      fixtures,
      authUrl: `${url}/integrator-authentication`,
      async stop() {
        await child.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
