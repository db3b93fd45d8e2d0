/**
 * The Integrator Authentication area, built once by the composition root (platform.ts): signing
 * keys, the token endpoint's service with its brute-force limits and quota, revocation and
 * introspection.
 */
import { issuerOf, type Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import type { ClientDirectory } from '../integrators/integrator.service.ts';
import type { GrantedMerchants } from '../merchants/merchant.service.ts';
import { ensureKeys, KeyStore, type KeySettings } from './keys.service.ts';
import { TokenService } from './token.service.ts';
import { MemoryCounterStore, type CounterStore } from './counter-store.ts';
import { RedisCounterStore } from './counter-store.redis.ts';
import { RedisRevocationSignal } from './revocation-signal.redis.ts';
import { TokenRateLimiter } from './rate-limit.service.ts';
import { RevocationService } from './revocation.service.ts';
import { TokenIntrospection } from './introspection.service.ts';

export interface OAuthPorts {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly clients: ClientDirectory;
  readonly grants: GrantedMerchants;
  /** Failure and quota counters; Redis when configured (every instance counts alike), else memory. */
  readonly counters?: CounterStore;
  /** Told about failures in the background that a request does not see (Redis unreachable, …). */
  readonly onBackgroundError: (err: unknown, what: string) => void;
}

export interface OAuthArea {
  readonly issuer: string;
  readonly keySettings: KeySettings;
  readonly keys: KeyStore;
  readonly tokens: TokenService;
  /** Brute-force limits and token quota of the client-authenticating endpoints. */
  readonly rateLimiter: TokenRateLimiter;
  /** Revoked tokens; the PoS guard asks `isRevoked(jti)` per request. */
  readonly revocations: RevocationService;
  readonly introspection: TokenIntrospection;
  close(): Promise<void>;
}

export function keySettingsOf(config: Config): KeySettings {
  return { alg: config.signingAlg, tokenTtlSeconds: config.tokenTtlSeconds, keyEncryptionSecret: config.keyEncryptionSecret };
}

/** Makes the signing keys a fresh database lacks, loads them, and builds the area's services. */
export async function createOAuthArea(ports: OAuthPorts): Promise<OAuthArea> {
  const { config, db, clock, clients, grants } = ports;
  const keySettings = keySettingsOf(config);
  await ensureKeys(db, clock, keySettings);
  const keys = new KeyStore(db, clock, config.keyEncryptionSecret);
  await keys.load();
  const issuer = issuerOf(config);
  const redis = config.redisUrl;
  const counters = ports.counters ?? (redis !== undefined ? new RedisCounterStore(redis, config.redisKeyPrefix) : new MemoryCounterStore());
  const rateLimiter = new TokenRateLimiter(
    counters,
    clock,
    {
      failureWindowSeconds: config.authFailureWindowSeconds,
      failuresPerAddress: config.authFailuresPerAddress,
      failuresPerClientAddress: config.authFailuresPerClientAddress,
      tokensPerMinute: config.tokenQuotaPerMinute,
    },
    (err) => ports.onBackgroundError(err, 'rate-limit counters unavailable; request admitted'),
  );
  const tokens = new TokenService(
    grants,
    clock,
    clients,
    keys,
    { issuer, audience: config.audience, tokenTtlSeconds: config.tokenTtlSeconds },
    rateLimiter,
    (err) => ports.onBackgroundError(err, "could not record the client's last token; the token was issued"),
  );
  const revocations = new RevocationService(
    db,
    clock,
    config.revocationCacheSeconds,
    redis !== undefined ? new RedisRevocationSignal(redis, config.redisKeyPrefix) : undefined,
    (err) => ports.onBackgroundError(err, 'revocation counter in Redis unavailable; other instances see revocations within POSV10_REVOCATION_CACHE_SECONDS'),
  );
  const introspection = new TokenIntrospection(keys, revocations, clock, { issuer, audience: config.audience });
  return {
    issuer,
    keySettings,
    keys,
    tokens,
    rateLimiter,
    revocations,
    introspection,
    async close() {
      keys.stopRefreshing();
      await rateLimiter.close();
      await revocations.close();
    },
  };
}
