/**
 * Test fixtures: a fresh, migrated database and a platform over it, plus the few rows most tests
 * need (an integrator with a client, a merchant that granted it access).
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../src/config/config.ts';
import type { Platform, PlatformOptions } from '../../src/platform.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { DomainError } from '../../src/shared/errors.ts';
import { addClient, addIntegrator } from '../../src/integrators/integrator.service.ts';
import { addMerchant, addStore, grantIntegrator, listMerchants, listStores } from '../../src/merchants/merchant.service.ts';
import { basic, FORM, startPlatformOn, testConfigOn, tokenRequest, type TestPlatform } from './app.ts';
import { dropTestDatabase, testDatabaseUrl } from './database.ts';

export { DIALECTS, TEST_DIALECT, testDatabaseUrl, dropTestDatabase } from './database.ts';
export { basic, FORM, tokenRequest, type TestPlatform } from './app.ts';

/**
 * A test configuration on a fresh database of this run's dialect (see helpers/database.ts):
 * SQLite in memory, or a new PostgreSQL schema when POSV10_TEST_DIALECT=postgres.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return testConfigOn(env.POSV10_DATABASE_URL ?? testDatabaseUrl(), env);
}

/** A platform and its app on a fresh database of this run's dialect; `close()` drops the database. */
export async function startTestPlatform(
  env: Record<string, string> = {},
  clock = new ManualClock(new Date()),
  options: Omit<PlatformOptions, 'clock' | 'logStream'> = {},
): Promise<TestPlatform> {
  const databaseUrl = env.POSV10_DATABASE_URL ?? testDatabaseUrl();
  const t = await startPlatformOn(databaseUrl, env, clock, options);
  return {
    ...t,
    async close() {
      await t.close();
      await dropTestDatabase(databaseUrl);
    },
  };
}

export interface TestClient {
  readonly integratorId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export async function addTestClient(p: Platform, name = 'Test Integrator'): Promise<TestClient> {
  const integrator = await addIntegrator(p.db, p.clock, { name, email: 'tech@example.com', phone: '+4520031801' });
  const { client, secret } = await addClient(p.db, p.clock, integrator.id);
  return { integratorId: integrator.id, clientId: client.id, clientSecret: secret.clientSecret };
}

/** A merchant that granted `integratorId` access; an existing one (e.g. the sandbox's DK90000028) is reused. */
export async function addGrantedMerchant(p: Platform, integratorId: string, vat = 'DK12345678'): Promise<void> {
  await addMerchant(p.db, p.clock, { vat, name: `Merchant ${vat}` }).catch((err: unknown) => {
    if (!(err instanceof DomainError && err.kind === 'conflict')) throw err;
  });
  await grantIntegrator(p.db, p.clock, vat, integratorId);
}

/** A valid access token for a client, optionally bound to a merchant. */
export async function issueToken(app: FastifyInstance, client: TestClient, merchantVat?: string): Promise<string> {
  const body = `grant_type=client_credentials${merchantVat !== undefined ? `&merchant_vat=${merchantVat}` : ''}`;
  const res = await tokenRequest(app, body, { authorization: basic(client.clientId, client.clientSecret) });
  if (res.statusCode !== 200) throw new Error(`token request failed: ${res.statusCode} ${res.body}`);
  return res.json<{ access_token: string }>().access_token;
}

/** What a PoS V10 test needs to call as one integrator for one merchant. */
export interface PosFixture {
  readonly client: TestClient;
  readonly vat: string;
  readonly merchantId: string;
  readonly storeId: string;
  readonly token: string;
  /** Authorization, client system version and merchant VAT headers, ready to send. */
  readonly headers: Record<string, string>;
}

export interface PosFixtureOptions {
  /** An existing client (a second merchant for the same integrator); a new integrator otherwise. */
  readonly client?: TestClient;
  readonly vat?: string;
  readonly brandId?: string;
  readonly locationId?: string;
  /** Put the merchant into the token as a merchant_vat claim instead of sending the header. */
  readonly merchantClaim?: boolean;
}

/**
 * A merchant (created unless it exists) with a new store, granted to an integrator, and a token
 * with the headers every PoS V10 call needs.
 */
export async function addPosFixture(t: TestPlatform, options: PosFixtureOptions = {}): Promise<PosFixture> {
  const p = t.platform;
  const client = options.client ?? (await addTestClient(p, 'PoS Integrator'));
  const vat = options.vat ?? 'DK12345678';
  const existing = (await listMerchants(p.db)).find((m) => m.vat === vat);
  const merchant = existing ?? (await addMerchant(p.db, p.clock, { vat, name: `Merchant ${vat}` }));
  await grantIntegrator(p.db, p.clock, vat, client.integratorId);
  const store = await addStore(p.db, p.clock, {
    vat,
    brandId: options.brandId ?? 'MPPOSCERT1',
    brandName: 'Cert Brand',
    locationId: options.locationId ?? `${(await listStores(p.db)).length + 1}`.padStart(5, '0'),
    name: 'Main Street Store',
    street: 'Main Street 1',
    zipCode: '2100',
    city: 'København',
  });
  const token = await issueToken(t.app, client, options.merchantClaim === true ? vat : undefined);
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'x-mobilepay-client-system-version': '1.0.0' };
  if (options.merchantClaim !== true) headers['x-mobilepay-merchant-vat-number'] = vat;
  return { client, vat, merchantId: merchant.id, storeId: store.id, token, headers };
}

let idempotencyCounter = 0;
/** A fresh, valid x-mobilepay-idempotency-key value. */
export function newIdempotencyKey(): string {
  idempotencyCounter += 1;
  return `test-key-${process.pid}-${idempotencyCounter}`;
}

/** POSTs a form to an endpoint of the Integrator Authentication API through app.inject. */
export function formRequest(app: FastifyInstance, path: string, body: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') {
  return app.inject({ method: 'POST', url: `/integrator-authentication${path}`, headers: { 'content-type': FORM, ...headers }, payload: body, remoteAddress });
}
