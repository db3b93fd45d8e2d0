/**
 * The platform's parts wired together once: database, clock, keys and the services the HTTP
 * surfaces and the CLI share. main.ts, the CLI and tests all build it here.
 */
import { issuerOf, type Config } from './config/config.ts';
import { createDb, type DbHandle } from './db/create-db.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Db, Dialect } from './db/database.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { ClientDirectory } from './integrators/integrator.service.ts';
import { ensureKeys, KeyStore, type KeySettings } from './oauth/keys.service.ts';
import { TokenService } from './oauth/token.service.ts';

export interface Platform {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: Dialect;
  readonly clock: Clock;
  readonly issuer: string;
  readonly keySettings: KeySettings;
  readonly keys: KeyStore;
  readonly clients: ClientDirectory;
  readonly tokens: TokenService;
  close(): Promise<void>;
}

/** Opens the database and runs migrations; enough for CLI commands that do not sign. */
export async function openDatabase(config: Config): Promise<DbHandle> {
  const handle = createDb(config.databaseUrl, { poolSize: config.databasePoolSize });
  try {
    await migrateToLatest(handle.db, handle.schema !== undefined ? { schema: handle.schema } : {});
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

export function keySettingsOf(config: Config): KeySettings {
  return { alg: config.signingAlg, tokenTtlSeconds: config.tokenTtlSeconds, keyEncryptionSecret: config.keyEncryptionSecret };
}

export async function createPlatform(config: Config, options: { clock?: Clock; handle?: DbHandle } = {}): Promise<Platform> {
  const clock = options.clock ?? systemClock;
  const handle = options.handle ?? (await openDatabase(config));
  const { db } = handle;
  const keySettings = keySettingsOf(config);
  await ensureKeys(db, clock, keySettings);
  const keys = new KeyStore(db, clock, config.keyEncryptionSecret);
  await keys.load();
  const issuer = issuerOf(config);
  const clients = new ClientDirectory(db, clock, config.clientCacheSeconds);
  const tokens = new TokenService(db, clock, clients, keys, {
    issuer,
    audience: config.audience,
    tokenTtlSeconds: config.tokenTtlSeconds,
    cacheSeconds: config.clientCacheSeconds,
  });
  return {
    config,
    db,
    dialect: handle.dialect,
    clock,
    issuer,
    keySettings,
    keys,
    clients,
    tokens,
    async close() {
      keys.stopRefreshing();
      await handle.close();
    },
  };
}
