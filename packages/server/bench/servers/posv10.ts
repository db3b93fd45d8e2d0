/**
 * posv10 as the benchmark runs it: `bin/posv10.js serve`, with the node flags `npm start` uses, in a
 * child process on the given cores,
 * over a fresh database — a temporary SQLite file, or a schema of its own in PostgreSQL — seeded
 * beforehand through the services themselves (an integrator, its client, a merchant that granted
 * it access).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { systemClock } from '../../src/shared/clock.ts';
import { createDb } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { addClient, addIntegrator } from '../../src/integrators/integrator.service.ts';
import { addMerchant, grantIntegrator, listMerchants, listStores } from '../../src/merchants/merchant.service.ts';
import { grantSandboxMerchants, seedSandbox } from '../../src/sandbox/seed.ts';
import { freePort, startChild, type ChildServer } from '../lib/child.ts';
import type { Cores } from '../lib/pin.ts';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The node flags `npm start` serves with (the "start" scripts of both package.json files): a young
 * generation capped at 8 MiB per semi-space. With V8's default (16 MiB here), RSS under full token
 * load climbed about 0.5 MiB/s for a minute and a half, to 190-203 MiB, before the first full
 * collection brought it down; capped, it stayed flat at 125 MiB, for up to 5% more CPU per token.
 */
export const SERVE_NODE_FLAGS = ['--max-semi-space-size=8'] as const;

/** The rows a scenario can use. */
export interface Posv10Fixtures {
  readonly integratorId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly merchantVat: string;
  /** The sandbox merchant the PoS scenarios act for, granted to the integrator. */
  readonly posMerchantVat: string;
  /** Its certification store (brand MPPOSCERT1, location 00001), where the scenarios' PoS live. */
  readonly posStoreId: string;
}

/** The admin API token every bench server is started with (scenarios that act as the operator use it). */
export const BENCH_ADMIN_TOKEN = 'posv10-bench-admin-token-0123456789abcdef';

export interface Posv10Server extends ChildServer {
  readonly kind: 'posv10';
  readonly fixtures: Posv10Fixtures;
  /** Bearer token of the server's admin API. */
  readonly adminToken: string;
  /** Where the Integrator Authentication API is mounted. */
  readonly authUrl: string;
  /** Its database (POSV10_DATABASE_URL), for scenarios that prepare or check rows beside the API. */
  readonly databaseUrl: string;
}

export type BenchDatabase = 'sqlite' | 'postgres';

/** The PostgreSQL the bench uses (a throwaway schema in it per server): the machines' local one by default. */
export const BENCH_PG_URL = process.env.POSV10_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Posv10Options {
  readonly cores: Cores;
  /** Default sqlite. */
  readonly database?: BenchDatabase;
  /** Extra POSV10_* settings, e.g. { POSV10_SIGNING_ALG: 'ES256' }. */
  readonly env?: Record<string, string>;
  /** Flags for the server's node, e.g. ['--cpu-prof'] to see where a request's time goes. */
  readonly nodeFlags?: readonly string[];
}

/** Migrates the database at `databaseUrl` and seeds what the scenarios use, through the services. */
export async function seed(databaseUrl: string): Promise<Posv10Fixtures> {
  const handle = createDb(databaseUrl);
  try {
    await migrateToLatest(handle.db);
    const integrator = await addIntegrator(handle.db, systemClock, { name: 'Bench Integrator', email: 'bench@example.com', phone: '+4520031801' });
    const { client, secret } = await addClient(handle.db, systemClock, integrator.id);
    const merchantVat = 'DK12345678';
    await addMerchant(handle.db, systemClock, { vat: merchantVat, name: 'Bench Merchant' });
    await grantIntegrator(handle.db, systemClock, merchantVat, integrator.id);
    // What a sandbox integrator gets at onboarding: the sandbox merchants, granted.
    await seedSandbox(handle.db, systemClock);
    await grantSandboxMerchants(handle.db, systemClock, integrator.id);
    const posMerchantVat = 'DK90000028';
    const posMerchant = (await listMerchants(handle.db)).find((m) => m.vat === posMerchantVat)!;
    const posStore = (await listStores(handle.db, posMerchant.id)).find((s) => s.merchant_brand_id === 'MPPOSCERT1' && s.merchant_location_id === '00001')!;
    return { integratorId: integrator.id, clientId: client.id, clientSecret: secret.clientSecret, merchantVat, posMerchantVat, posStoreId: posStore.id };
  } finally {
    await handle.close();
  }
}

/** A fresh database for one server, and how to throw it away. */
async function freshDatabase(kind: BenchDatabase): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'posv10-bench-'));
    return { url: `sqlite:${join(dir, 'posv10.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `posv10_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: BENCH_PG_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const url = new URL(BENCH_PG_URL);
  url.searchParams.set('schema', schema);
  return { url: url.href, drop: () => admin(`DROP SCHEMA ${schema} CASCADE`) };
}

export async function startPosv10(options: Posv10Options): Promise<Posv10Server> {
  const database = await freshDatabase(options.database ?? 'sqlite');
  const databaseUrl = database.url;
  try {
    const fixtures = await seed(databaseUrl);
    // Where the sandbox's e-mail and SMS outbox writes (a callback alias's signing secret), thrown away with the server.
    const outboxDir = mkdtempSync(join(tmpdir(), 'posv10-bench-outbox-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = await startChild({
      name: 'posv10',
      cores: options.cores,
      nodeArgs: [...SERVE_NODE_FLAGS, ...(options.nodeFlags ?? []), 'bin/posv10.js', 'serve'],
      cwd: PACKAGE_DIR,
      env: {
        POSV10_DATABASE_URL: databaseUrl,
        POSV10_PORT: String(port),
        POSV10_HOST: '127.0.0.1',
        POSV10_PUBLIC_URL: url,
        POSV10_MODE: 'sandbox',
        // One client asking thousands of tokens a second is what the quota exists to stop; raise it
        // to its ceiling so the benchmark still pays for counting, but is not refused.
        POSV10_TOKEN_QUOTA_PER_MINUTE: '1000000',
        POSV10_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
        POSV10_OUTBOX_DIR: outboxDir,
        // A notification whose endpoint refuses it fails at its first attempt: the notification-drain
        // scenario queues its backlog that way, then resends it all at once. Deliveries that succeed,
        // all the other scenarios make, never retry.
        POSV10_NOTIFICATION_RETRIES: '0',
        ...options.env,
      },
      url,
      readyPath: '/integrator-authentication/.well-known/openid-configuration',
    });
    return {
      ...child,
      kind: 'posv10',
      fixtures,
      adminToken: BENCH_ADMIN_TOKEN,
      authUrl: `${url}/integrator-authentication`,
      databaseUrl,
      async stop() {
        await child.stop();
        rmSync(outboxDir, { recursive: true, force: true });
        await database.drop();
      },
    };
  } catch (err) {
    await database.drop();
    throw err;
  }
}
