/**
 * The composition root: every area is built here, once, from its ports — for `posv10 serve`, for
 * every CLI command and for the tests alike. A new port (a notifier, an observer) is one field in
 * one area's ports and one line here; no part reassigns another's callbacks after construction.
 *
 *   config ─► database ─► shared caches (clients, grants) ─► oauth ─► token verifier ─► pos
 *                                                         └─► onboarding delivery ─► operator
 */
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { Config } from './config/config.ts';
import { createDb, dialectOf, type DbHandle, type DbOptions } from './db/create-db.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Db, Dialect } from './db/database.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { createLogger } from './http/logger.ts';
import { createTokenVerifier } from './http/token-verifiers.ts';
import { ClientDirectory } from './integrators/integrator.service.ts';
import { GrantedMerchants } from './merchants/merchant.service.ts';
import { createOAuthArea, type OAuthArea } from './oauth/oauth.area.ts';
import type { CounterStore } from './oauth/counter-store.ts';
import { CredentialsDelivery, deliveryFromConfig } from './onboarding/credentials-delivery.ts';
import type { MailSender } from './onboarding/mail-sender.ts';
import type { SmsSender } from './onboarding/sms-sender.ts';
import { OperatorService } from './operator/operator.service.ts';
import { AdminTokenVerifier } from './admin/admin-token.service.ts';
import { createPosArea, type PosArea } from './pos/pos.area.ts';
import { grantSandboxMerchants, seedSandbox } from './sandbox/seed.ts';
import { Metrics } from './metrics/metrics.ts';
import { createCertificatesArea, type CertificatesArea } from './certificates/certificates.area.ts';
import { CertificationService } from './certification/certification.service.ts';
import { createNotificationArea, type NotificationArea } from './notifications/notification.area.ts';
import type { NotificationSender } from './notifications/notification.sender.ts';

export interface Platform {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: Dialect;
  readonly clock: Clock;
  /** The one logger of the process; the HTTP app logs through it too. */
  readonly log: Logger;
  /** Clients with their secrets' digests, cached for POSV10_CLIENT_CACHE_SECONDS (token endpoint, PoS guard). */
  readonly clients: ClientDirectory;
  /** Merchant grants, cached likewise; the token endpoint and the PoS guard share it. */
  readonly grants: GrantedMerchants;
  /** Integrator Authentication: keys, tokens, limits, revocation, introspection. */
  readonly oauth: OAuthArea;
  /** The operator's actions (CLI, admin API): integrators, clients, merchants, stores, keys, audit. */
  readonly operator: OperatorService;
  readonly adminTokens: AdminTokenVerifier;
  /** The PoS V10 API's services: stores, points of sale, check-ins, payments, refunds. */
  readonly pos: PosArea;
  /** Prometheus metrics of this platform (GET /metrics). */
  readonly metrics: Metrics;
  /** Self-certification certificates this deployment holds, and the admission of certified clients. */
  readonly certificates: CertificatesArea;
  /** Self-certification runs, cases and certificates (sandbox mode only). */
  readonly certification: CertificationService | undefined;
  /** The Notification Service: callback aliases, the check-in outbox and its deliverer (started by `posv10 serve`). */
  readonly notifications: NotificationArea;
  close(): Promise<void>;
}

/** Ports a caller may put in place of the configured ones (tests record what would be sent). */
export interface PlatformOptions {
  readonly clock?: Clock;
  /** An open, migrated database (several platforms over one database, as several instances). */
  readonly handle?: DbHandle;
  readonly counters?: CounterStore;
  readonly mail?: MailSender;
  readonly sms?: SmsSender;
  /** Where log lines go; stdout by default. */
  readonly logStream?: Writable;
  /** What posts check-in notifications; node:http(s) by default. */
  readonly notificationSender?: NotificationSender;
}

/** Opens the database and runs migrations. */
export async function openDatabase(config: Config, options: Pick<DbOptions, 'onQuery'> = {}): Promise<DbHandle> {
  const handle = createDb(config.databaseUrl, { poolSize: config.databasePoolSize, preparedStatements: config.databasePreparedStatements, ...options });
  try {
    await migrateToLatest(handle.db, handle.schema !== undefined ? { schema: handle.schema } : {});
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

export async function createPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const clock = options.clock ?? systemClock;
  const log = createLogger(config, options.logStream);
  const metrics = new Metrics({ dialect: dialectOf(config.databaseUrl) });
  // A handle passed in (tests, instances sharing one database) has no query timing of this platform's.
  const handle = options.handle ?? (await openDatabase(config, { onQuery: (ms, failed) => metrics.query(ms, failed) }));
  try {
    const { db } = handle;
    if (handle.poolStats !== undefined) metrics.watchPool(handle.poolStats);
    const sandbox = config.mode === 'sandbox';
    if (sandbox) await seedSandbox(db, clock);
    const clients = new ClientDirectory(db, clock, config.clientCacheSeconds);
    const grants = new GrantedMerchants(db, clock, config.clientCacheSeconds);
    const oauth = await createOAuthArea({
      config,
      db,
      clock,
      clients,
      grants,
      ...(options.counters !== undefined ? { counters: options.counters } : {}),
      onBackgroundError: (err, what) => log.error({ err }, what),
    });
    const verifier = createTokenVerifier({ config, clock, clients, oauth });
    const certificates = createCertificatesArea({ config, db, clock, onBackgroundError: (err, what) => log.error({ err }, what) });
    const configured = deliveryFromConfig(config, clock);
    const delivery = new CredentialsDelivery({
      db,
      clock,
      mail: options.mail ?? configured.mail,
      sms: options.sms ?? configured.sms,
      issuer: oauth.issuer,
      mode: config.mode,
      mailFrom: config.mailFrom,
      forgetClient: (id) => clients.forget(id),
    });
    const notifications = createNotificationArea({
      db,
      clock,
      mode: config.mode,
      delivery,
      keyEncryptionSecret: config.keyEncryptionSecret,
      retries: config.notificationRetries,
      backoffMs: config.notificationBackoffMs,
      ...(options.notificationSender !== undefined ? { sender: options.notificationSender } : {}),
      onError: (err) => log.error({ err }, 'notification delivery failed'),
      onAttempt: (outcome) => metrics.notificationAttempt(outcome),
    });
    const pos = createPosArea({ db, clock, verifier, grants, notifier: notifications.outbox, observer: metrics });
    const operator = new OperatorService({
      db,
      clock,
      delivery,
      keySettings: oauth.keySettings,
      clients,
      grants,
      // SPEC §3: the sandbox's test merchants are granted to every integrator onboarded there.
      onIntegratorAdded: sandbox ? (id) => grantSandboxMerchants(db, clock, id) : async () => {},
    });
    return {
      config,
      db,
      dialect: handle.dialect,
      clock,
      log,
      clients,
      grants,
      oauth,
      operator,
      adminTokens: new AdminTokenVerifier(db, config.adminToken),
      pos,
      metrics,
      certificates,
      certification: sandbox ? new CertificationService({ db, clock, signer: () => oauth.keys.signer, issuer: oauth.issuer }) : undefined,
      notifications,
      async close() {
        await notifications.close();
        await oauth.close();
        await certificates.close();
        await handle.close();
      },
    };
  } catch (err) {
    if (options.handle === undefined) await handle.close();
    throw err;
  }
}
