/**
 * posv10's configuration: every setting, its environment variable, its default and its parser, in
 * one place (loadConfig). The `posv10` command (src/cli/main.ts, the only reader of `POSV10_*`)
 * calls it once; it returns a frozen object, and a bad value names its variable.
 * docs/configuration.md lists every variable; test/config/configuration.docs.test.ts checks that it
 * names exactly the variables read here, with their defaults and ranges.
 */

export type Mode = 'sandbox' | 'production';
export type SigningAlg = 'RS256' | 'ES256' | 'EdDSA';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Public base URL, no trailing slash: every URL we publish is built from it. */
  readonly publicUrl: string;
  readonly databaseUrl: string;
  readonly mode: Mode;
  readonly tokenTtlSeconds: number;
  /** When set, signing keys' private parts are encrypted at rest with a key derived from it. */
  readonly keyEncryptionSecret: string | undefined;
  readonly signingAlg: SigningAlg;
  /** The `aud` of access tokens: the PoS V10 API's resource identifier. */
  readonly audience: string;
  readonly logLevel: string;
  /** Whether every request writes its two info lines (incoming, completed); errors are logged either way. */
  readonly logRequests: boolean;
  /** How long a client lookup on the token endpoint may be served from memory. */
  readonly clientCacheSeconds: number;
  /** How often an instance re-reads signing keys, so a rotation elsewhere reaches it. */
  readonly keyRefreshSeconds: number;
  /** When set, the PoS API verifies tokens of this remote issuer (discovery + JWKS) instead of the local keys. */
  readonly authIssuer: string | undefined;
  /** When set, rate-limit counters live in this Redis so every instance shares them; else in memory. */
  readonly redisUrl: string | undefined;
  /** Prefix of every Redis key posv10 writes (several deployments or test runs may share a Redis). */
  readonly redisKeyPrefix: string;
  /** The sliding window over which failed client authentications are counted. */
  readonly authFailureWindowSeconds: number;
  /** Failed client authentications allowed per source address per window; 0 turns the limit off. */
  readonly authFailuresPerAddress: number;
  /** Failed client authentications allowed per client id and source address per window; 0 = off. */
  readonly authFailuresPerClientAddress: number;
  /** Tokens a client may obtain per minute (clients should cache tokens for their lifetime); 0 = off. */
  readonly tokenQuotaPerMinute: number;
  /** How stale an instance's view of revoked tokens may be: a revocation elsewhere is seen within it. */
  readonly revocationCacheSeconds: number;
  /** Largest accepted request head (request line plus headers), in bytes (node's maxHeaderSize). */
  readonly maxHeaderBytes: number;
  /** Bearer token of the admin API; unset in the sandbox means one is generated on first start. */
  readonly adminToken: string | undefined;
  /** Whether GET /metrics answers without the admin token (for a scraper on a private network). */
  readonly metricsPublic: boolean;
  /** Where the outbox delivery adapters write e-mails (`mail/*.eml`) and texts (`sms.jsonl`). */
  readonly outboxDir: string;
  /** When set, credential e-mails go out through this SMTP server instead of the outbox. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** When set, zip passwords are texted through this HTTP SMS provider instead of the outbox. */
  readonly smsUrl: string | undefined;
  readonly smsToken: string | undefined;
  /** PostgreSQL: connections per instance; N instances open up to N × this many. */
  readonly databasePoolSize: number;
  /** PostgreSQL: each SQL text a named prepared statement on each connection (off behind an old PgBouncer). */
  readonly databasePreparedStatements: boolean;
  /** How often the background sweep ends payments and refunds past their deadline, in seconds. */
  readonly expirySweepSeconds: number;
  /** Retries of a check-in notification after its first attempt, on any answer but 200. */
  readonly notificationRetries: number;
  /** The delay before a notification's first retry; each later retry waits three times longer. */
  readonly notificationBackoffMs: number;
  /** Whether a PoS call needs a certificate for its client's Major.Minor; true in production by default. */
  readonly requireCertifiedClients: boolean;
  /** The sandbox issuer whose keys sign self-certification certificates (`posv10 certificate import`). */
  readonly certificationIssuer: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;
type Parser<T> = (raw: string) => T;

function integer(min: number, max: number): Parser<number> {
  return (raw) => {
    if (!/^\d+$/.test(raw)) throw new Error(`must be a whole number from ${min} to ${max}`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

function oneOf<T extends string>(...values: readonly T[]): Parser<T> {
  return (raw) => {
    if (!(values as readonly string[]).includes(raw)) throw new Error(`must be one of ${values.join(', ')}`);
    return raw as T;
  };
}

/** `raw` as a URL of one of `protocols`, or the error `expected` says. */
function urlOf(raw: string, protocols: readonly string[], expected: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(expected);
  }
  if (!protocols.includes(url.protocol)) throw new Error(expected);
  return url;
}

function httpUrl(raw: string): string {
  const url = urlOf(raw, ['http:', 'https:'], 'must be an absolute http(s) URL');
  if (url.search !== '' || url.hash !== '') throw new Error('must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

function databaseUrl(raw: string): string {
  if (raw.startsWith('sqlite:') || raw.startsWith('postgres://') || raw.startsWith('postgresql://')) return raw;
  throw new Error('must start with sqlite: or postgres://');
}

function nonEmpty(minLength: number): Parser<string> {
  return (raw) => {
    if (raw.length < minLength) throw new Error(`must be at least ${minLength} characters`);
    return raw;
  };
}

const text: Parser<string> = (raw) => raw;

function redisUrl(raw: string): string {
  if (raw.startsWith('redis://') || raw.startsWith('rediss://')) return raw;
  throw new Error('must start with redis:// or rediss://');
}

function smtpUrl(raw: string): string {
  urlOf(raw, ['smtp:', 'smtps:'], 'must be an smtp:// or smtps:// URL');
  return raw;
}

/** Secrets, tokens and URLs (which may carry a password) are never echoed in a configuration error. */
function mayHoldSecret(name: string): boolean {
  return /SECRET|TOKEN|PASSWORD|_URL$/.test(name);
}

function flag(raw: string): boolean {
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error('must be true or false');
}

/** Reads one variable; an empty value counts as unset. */
function read<T>(env: Env, name: string, parse: Parser<T>, fallback: T, problems: string[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  try {
    return parse(raw);
  } catch (err) {
    problems.push(`${name}=${JSON.stringify(mayHoldSecret(name) ? '***' : raw)}: ${(err as Error).message}`);
    return fallback;
  }
}

/** The URL a client on this machine reaches the server at: a wildcard or loopback bind is `localhost`. */
export function defaultPublicUrl(host: string, port: number): string {
  const local = ['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost', ''].includes(host);
  const name = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  // PORT is what hosting platforms set; POSV10_PORT, when both are set, is the operator's own choice.
  const platformPort = read<number | undefined>(env, 'PORT', integer(0, 65535), undefined, problems);
  const port = read(env, 'POSV10_PORT', integer(0, 65535), platformPort ?? 8080, problems);
  // A platform that sets PORT routes to the container's own interface, never to its loopback.
  const host = read(env, 'POSV10_HOST', text, platformPort !== undefined ? '0.0.0.0' : '127.0.0.1', problems);
  const publicUrl = read(env, 'POSV10_PUBLIC_URL', httpUrl, defaultPublicUrl(host, port), problems);
  const mode = read(env, 'POSV10_MODE', oneOf<Mode>('sandbox', 'production'), 'sandbox', problems);
  const config: Config = {
    port,
    host,
    publicUrl,
    databaseUrl: read(env, 'POSV10_DATABASE_URL', databaseUrl, 'sqlite:./data/posv10.sqlite', problems),
    mode,
    tokenTtlSeconds: read(env, 'POSV10_TOKEN_TTL_SECONDS', integer(60, 86_400), 3700, problems),
    keyEncryptionSecret: read<string | undefined>(env, 'POSV10_KEY_ENCRYPTION_SECRET', nonEmpty(16), undefined, problems),
    signingAlg: read(env, 'POSV10_SIGNING_ALG', oneOf<SigningAlg>('RS256', 'ES256', 'EdDSA'), 'RS256', problems),
    audience: read(env, 'POSV10_AUDIENCE', text, `${publicUrl}/pos/v10`, problems),
    logLevel: read(env, 'POSV10_LOG_LEVEL', oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), 'info', problems),
    // Off by default: the two lines per request cost a measured share of token throughput (BENCHMARKS.md).
    logRequests: read(env, 'POSV10_LOG_REQUESTS', flag, false, problems),
    clientCacheSeconds: read(env, 'POSV10_CLIENT_CACHE_SECONDS', integer(0, 300), 5, problems),
    keyRefreshSeconds: read(env, 'POSV10_KEY_REFRESH_SECONDS', integer(1, 3600), 5, problems),
    authIssuer: read<string | undefined>(env, 'POSV10_AUTH_ISSUER', httpUrl, undefined, problems),
    redisUrl: read<string | undefined>(env, 'POSV10_REDIS_URL', redisUrl, undefined, problems),
    redisKeyPrefix: read(env, 'POSV10_REDIS_PREFIX', nonEmpty(1), 'posv10:', problems),
    authFailureWindowSeconds: read(env, 'POSV10_AUTH_FAILURE_WINDOW_SECONDS', integer(1, 86_400), 300, problems),
    authFailuresPerAddress: read(env, 'POSV10_AUTH_FAILURES_PER_ADDRESS', integer(0, 1_000_000), 100, problems),
    authFailuresPerClientAddress: read(env, 'POSV10_AUTH_FAILURES_PER_CLIENT_ADDRESS', integer(0, 1_000_000), 10, problems),
    tokenQuotaPerMinute: read(env, 'POSV10_TOKEN_QUOTA_PER_MINUTE', integer(0, 1_000_000), 600, problems),
    revocationCacheSeconds: read(env, 'POSV10_REVOCATION_CACHE_SECONDS', integer(0, 60), 2, problems),
    maxHeaderBytes: read(env, 'POSV10_MAX_HEADER_BYTES', integer(1024, 65_536), 16_384, problems),
    adminToken: read<string | undefined>(env, 'POSV10_ADMIN_TOKEN', nonEmpty(32), undefined, problems),
    metricsPublic: read(env, 'POSV10_METRICS_PUBLIC', flag, false, problems),
    outboxDir: read(env, 'POSV10_OUTBOX_DIR', text, './data/outbox', problems),
    smtpUrl: read<string | undefined>(env, 'POSV10_SMTP_URL', smtpUrl, undefined, problems),
    mailFrom: read(env, 'POSV10_MAIL_FROM', text, 'posv10 Developer Support <developer-support@localhost>', problems),
    smsUrl: read<string | undefined>(env, 'POSV10_SMS_URL', httpUrl, undefined, problems),
    smsToken: read<string | undefined>(env, 'POSV10_SMS_TOKEN', text, undefined, problems),
    // At least 2: migrations hold an advisory lock on one connection while running on another.
    databasePoolSize: read(env, 'POSV10_DATABASE_POOL_SIZE', integer(2, 200), 10, problems),
    databasePreparedStatements: read(env, 'POSV10_DATABASE_PREPARED_STATEMENTS', flag, true, problems),
    expirySweepSeconds: read(env, 'POSV10_EXPIRY_SWEEP_SECONDS', integer(1, 3600), 30, problems),
    // notification-service.md: "The service will retry the call 3 times"; 2 s, 6 s, 18 s apart by default.
    notificationRetries: read(env, 'POSV10_NOTIFICATION_RETRIES', integer(0, 10), 3, problems),
    notificationBackoffMs: read(env, 'POSV10_NOTIFICATION_BACKOFF_MS', integer(1, 60_000), 2000, problems),
    requireCertifiedClients: read(env, 'POSV10_REQUIRE_CERTIFIED_CLIENTS', flag, mode === 'production', problems),
    certificationIssuer: read<string | undefined>(env, 'POSV10_CERTIFICATION_ISSUER', httpUrl, undefined, problems),
  };
  if (mode === 'production' && config.adminToken === undefined) {
    problems.push('POSV10_ADMIN_TOKEN: required in production mode (at least 32 characters; it protects /admin/v1)');
  }
  if (mode === 'production' && config.keyEncryptionSecret === undefined) {
    problems.push('POSV10_KEY_ENCRYPTION_SECRET: required in production mode (private signing keys are encrypted at rest with it)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** The OAuth issuer: the public base URL plus the Integrator Authentication mount point. */
export function issuerOf(config: Pick<Config, 'publicUrl'>): string {
  return `${config.publicUrl}/integrator-authentication`;
}
