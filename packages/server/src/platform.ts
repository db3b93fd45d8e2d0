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
import { GrantedMerchants } from './merchants/merchant.service.ts';
import { ensureKeys, KeyStore, type KeySettings } from './oauth/keys.service.ts';
import { TokenService } from './oauth/token.service.ts';
import { MemoryCounterStore, type CounterStore } from './oauth/counter-store.ts';
import { RedisCounterStore } from './oauth/counter-store.redis.ts';
import { RedisRevocationSignal } from './oauth/revocation-signal.redis.ts';
import { TokenRateLimiter } from './oauth/rate-limit.service.ts';
import { RevocationService } from './oauth/revocation.service.ts';
import { TokenIntrospection } from './oauth/introspection.service.ts';
import type { OnboardingService } from './onboarding/onboarding.service.ts';
import { createOnboarding } from './onboarding/create-onboarding.ts';
import { createPosArea, type PosArea } from './pos/pos.area.ts';
import { createTokenVerifier } from './http/token-verifiers.ts';
import { seedSandbox } from './sandbox/seed.ts';

export interface Platform {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: Dialect;
  readonly clock: Clock;
  readonly issuer: string;
  readonly keySettings: KeySettings;
  readonly keys: KeyStore;
  readonly clients: ClientDirectory;
  /** Merchant grants, cached for POSV10_CLIENT_CACHE_SECONDS; the token endpoint and the PoS guard share it. */
  readonly grants: GrantedMerchants;
  readonly tokens: TokenService;
  /** Brute-force limits and token quota of the client-authenticating endpoints. */
  readonly rateLimiter: TokenRateLimiter;
  /** Revoked tokens; the PoS guard asks `isRevoked(jti)` per request. */
  readonly revocations: RevocationService;
  readonly introspection: TokenIntrospection;
  readonly onboarding: OnboardingService;
  /** The PoS V10 API's services: stores, points of sale, check-ins, payments, refunds, idempotency, expiry. */
  readonly pos: PosArea;
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

export async function createPlatform(config: Config, options: { clock?: Clock; handle?: DbHandle; counters?: CounterStore } = {}): Promise<Platform> {
  const clock = options.clock ?? systemClock;
  const handle = options.handle ?? (await openDatabase(config));
  const { db } = handle;
  const keySettings = keySettingsOf(config);
  await ensureKeys(db, clock, keySettings);
  const keys = new KeyStore(db, clock, config.keyEncryptionSecret);
  await keys.load();
  const issuer = issuerOf(config);
  if (config.mode === 'sandbox') await seedSandbox(db, clock);
  const clients = new ClientDirectory(db, clock, config.clientCacheSeconds);
  const grants = new GrantedMerchants(db, clock, config.clientCacheSeconds);
  // Counters in Redis when configured, so every instance counts the same failures and tokens.
  const counters: CounterStore = options.counters ?? (config.redisUrl !== undefined ? new RedisCounterStore(config.redisUrl, config.redisKeyPrefix) : new MemoryCounterStore());
  const rateLimiter = new TokenRateLimiter(counters, clock, {
    failureWindowSeconds: config.authFailureWindowSeconds,
    failuresPerAddress: config.authFailuresPerAddress,
    failuresPerClientAddress: config.authFailuresPerClientAddress,
    tokensPerMinute: config.tokenQuotaPerMinute,
  });
  const tokens = new TokenService(grants, clock, clients, keys, {
    issuer,
    audience: config.audience,
    tokenTtlSeconds: config.tokenTtlSeconds,
  }, rateLimiter);
  const revocations = new RevocationService(
    db,
    clock,
    config.revocationCacheSeconds,
    config.redisUrl !== undefined ? new RedisRevocationSignal(config.redisUrl, config.redisKeyPrefix) : undefined,
  );
  const introspection = new TokenIntrospection(keys, revocations, clock, { issuer, audience: config.audience });
  const verifier = createTokenVerifier({ config, clock, issuer, keys, clients, revocations });
  return {
    config,
    db,
    dialect: handle.dialect,
    clock,
    issuer,
    keySettings,
    keys,
    clients,
    grants,
    tokens,
    rateLimiter,
    revocations,
    introspection,
    onboarding: createOnboarding(db, clock, config, clients, grants),
    pos: createPosArea({ db, clock, verifier, grants }),
    async close() {
      keys.stopRefreshing();
      await rateLimiter.close();
      await revocations.close();
      await handle.close();
    },
  };
}
