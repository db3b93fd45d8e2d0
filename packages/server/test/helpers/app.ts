/**
 * A platform and its app over a database the caller names, with the settings every test wants.
 * Nothing here picks a database: files that import this and not ./database.ts (nor ./platform.ts,
 * which picks the run's) get the same database in both passes of the suite, so they run once
 * (see test/files.ts).
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { createPlatform, type Platform, type PlatformOptions } from '../../src/platform.ts';
import { buildApp } from '../../src/http/app.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { trackOpen } from './open-handles.ts';

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
 * The configuration of a test platform on `databaseUrl`. Keys are ES256: an RSA-2048 pair costs
 * about 100 ms of CPU and every platform makes two, while a P-256 pair is nearly free. Tests about
 * RS256 (the production default) ask for it with `POSV10_SIGNING_ALG: 'RS256'`.
 */
export function testConfigOn(databaseUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({ POSV10_LOG_LEVEL: 'silent', POSV10_CLIENT_CACHE_SECONDS: '0', POSV10_SIGNING_ALG: 'ES256', ...env, POSV10_DATABASE_URL: databaseUrl });
}

/** A platform and its app on `databaseUrl` (migrated on start); `close()` leaves the database. */
export async function startPlatformOn(
  databaseUrl: string,
  env: Record<string, string> = {},
  clock = new ManualClock(new Date()),
  options: Omit<PlatformOptions, 'clock' | 'logStream'> = {},
): Promise<TestPlatform> {
  const config = testConfigOn(databaseUrl, env);
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const platform = await createPlatform(config, { ...options, clock, logStream });
  const app = await buildApp(platform);
  await app.ready();
  return {
    platform,
    app,
    clock,
    config,
    logs: () => lines.join(''),
    close: trackOpen(async () => {
      await app.close();
      await platform.close();
    }),
  };
}

export function basic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
}

export const FORM = 'application/x-www-form-urlencoded';

/** POSTs a token request through app.inject. */
export function tokenRequest(app: FastifyInstance, body: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/integrator-authentication/connect/token', headers: { 'content-type': FORM, ...headers }, payload: body });
}
