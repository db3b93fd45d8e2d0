/**
 * Test fixtures: a fresh, migrated database and a platform over it, plus the few rows most tests
 * need (an integrator with a client, a merchant that granted it access).
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { createPlatform, type Platform } from '../../src/platform.ts';
import { buildApp } from '../../src/http/app.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { addClient, addIntegrator } from '../../src/integrators/integrator.service.ts';
import { addMerchant, grantIntegrator } from '../../src/merchants/merchant.service.ts';
import { dropTestDatabase, testDatabaseUrl } from './database.ts';

export { DIALECTS, TEST_DIALECT, testDatabaseUrl, dropTestDatabase } from './database.ts';

export interface TestPlatform {
  readonly platform: Platform;
  readonly app: FastifyInstance;
  readonly clock: ManualClock;
  readonly config: Config;
  /** Every log line the app wrote, as text. */
  logs(): string;
  close(): Promise<void>;
}

/**
 * A test configuration on a fresh database of this run's dialect (see helpers/database.ts):
 * SQLite in memory, or a new PostgreSQL schema when POSV10_TEST_DIALECT=postgres.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  const databaseUrl = env.POSV10_DATABASE_URL ?? testDatabaseUrl();
  return loadConfig({ POSV10_LOG_LEVEL: 'silent', POSV10_CLIENT_CACHE_SECONDS: '0', ...env, POSV10_DATABASE_URL: databaseUrl });
}

export async function startTestPlatform(env: Record<string, string> = {}, clock = new ManualClock(new Date())): Promise<TestPlatform> {
  const config = testConfig(env);
  const platform = await createPlatform(config, { clock });
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const app = await buildApp(platform, { logStream });
  await app.ready();
  return {
    platform,
    app,
    clock,
    config,
    logs: () => lines.join(''),
    async close() {
      await app.close();
      await platform.close();
      await dropTestDatabase(config.databaseUrl);
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

/** A merchant that granted `integratorId` access. */
export async function addGrantedMerchant(p: Platform, integratorId: string, vat = 'DK12345678'): Promise<void> {
  await addMerchant(p.db, p.clock, { vat, name: `Merchant ${vat}` });
  await grantIntegrator(p.db, p.clock, vat, integratorId);
}

export function basic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
}

export const FORM = 'application/x-www-form-urlencoded';

/** POSTs a token request through app.inject. */
export function tokenRequest(app: FastifyInstance, body: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/integrator-authentication/connect/token', headers: { 'content-type': FORM, ...headers }, payload: body });
}

/** A valid access token for a client, optionally bound to a merchant. */
export async function issueToken(app: FastifyInstance, client: TestClient, merchantVat?: string): Promise<string> {
  const body = `grant_type=client_credentials${merchantVat !== undefined ? `&merchant_vat=${merchantVat}` : ''}`;
  const res = await tokenRequest(app, body, { authorization: basic(client.clientId, client.clientSecret) });
  if (res.statusCode !== 200) throw new Error(`token request failed: ${res.statusCode} ${res.body}`);
  return res.json<{ access_token: string }>().access_token;
}
