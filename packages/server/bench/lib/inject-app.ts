/**
 * posv10's app in this process (SQLite file, sandbox mode, EdDSA so the signature is a small
 * share), seeded as the live bench seeds (servers/posv10.ts) and given a till and a payment through
 * the API, with a token request and a PoS read ready to send through Fastify's inject (no sockets).
 * For the in-process measurements: instructions-app.ts (callgrind) and metrics-cost.ts (CPU time).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { loadConfig } from '../../src/config/config.ts';
import { createPlatform, type Platform } from '../../src/platform.ts';
import { buildApp } from '../../src/http/app.ts';
import { seed } from '../servers/posv10.ts';

export interface InjectApp {
  readonly app: FastifyInstance;
  readonly platform: Platform;
  readonly tokenRequest: InjectOptions;
  readonly readRequest: InjectOptions;
  /** Sends `request` `n` times, 32 at a time, and throws on any answer that is not 2xx. */
  run(request: InjectOptions, n: number): Promise<void>;
  close(): Promise<void>;
}

const expectOk = (res: { statusCode: number; body: string }, what: string) => {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as Record<string, string>;
};

export async function startInjectApp(): Promise<InjectApp> {
  const dir = mkdtempSync(join(tmpdir(), 'posv10-inject-'));
  const databaseUrl = `sqlite:${join(dir, 'posv10.sqlite')}`;
  const fixtures = await seed(databaseUrl);
  const platform = await createPlatform(
    loadConfig({
      POSV10_DATABASE_URL: databaseUrl,
      POSV10_MODE: 'sandbox',
      POSV10_PUBLIC_URL: 'http://127.0.0.1:8080',
      POSV10_SIGNING_ALG: 'EdDSA',
      POSV10_TOKEN_QUOTA_PER_MINUTE: '1000000',
      POSV10_KEY_ENCRYPTION_SECRET: 'bench-only-key-encryption-secret-0123456789',
    }),
    { logStream: createWriteStream('/dev/null') },
  );
  const app = await buildApp(platform);
  const close = async () => {
    await app.close();
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const tokenRequest: InjectOptions = {
      method: 'POST',
      url: '/integrator-authentication/connect/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${fixtures.clientId}:${fixtures.clientSecret}`).toString('base64')}`,
      },
      payload: `grant_type=client_credentials&merchant_vat=${fixtures.posMerchantVat}`,
    };
    const headers = { authorization: `Bearer ${expectOk(await app.inject(tokenRequest), 'token').access_token}`, 'x-mobilepay-client-system-version': '1.0.0' };
    const post = (url: string, payload: object) =>
      app.inject({ method: 'POST', url, headers: { ...headers, 'x-mobilepay-idempotency-key': randomUUID() }, payload });
    const { posId } = expectOk(
      await post('/pos/v10/pointofsales', { merchantPosId: 'bench', storeId: fixtures.posStoreId, name: 'Bench till', supportedBeaconTypes: ['QR'] }),
      'pos',
    );
    const { paymentId } = expectOk(
      await post('/pos/v10/payments', { posId, orderId: 'bench', amount: 12.5, currencyCode: 'DKK', plannedCaptureDelay: 'None' }),
      'payment',
    );
    const readRequest: InjectOptions = { method: 'GET', url: `/pos/v10/payments/${paymentId}`, headers };
    const run = async (request: InjectOptions, n: number) => {
      for (let done = 0; done < n; done += 32) {
        for (const res of await Promise.all(Array.from({ length: Math.min(32, n - done) }, () => app.inject(request))))
          expectOk(res, JSON.stringify(request.url));
      }
    };
    return { app, platform, tokenRequest, readRequest, run, close };
  } catch (err) {
    await close();
    throw err;
  }
}
